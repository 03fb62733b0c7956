import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { Role } from '../../../src/auth/roles';
import { WITHHELD } from '../../../src/modules/cases/case.view';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';

const COUNTY = '500109';
const DAY = 24 * 60 * 60 * 1000;
/** 2024Q1 reconciled a quarter before 2024Q2: Q1's cases still owed are past due by the Q2 run. */
const QUARTER = 91 * DAY;

const CASES = `query C($filter: CaseFilter) { cases(filter: $filter, first: 100) { edges { node { id kind status childId overdue outcome outcomes refersTo events { action actorSub note outcome details } } } } }`;
const UPDATE = `mutation U($input: UpdateCaseInput!) { updateCase(input: $input) { id status outcome } }`;

interface CaseNode {
  id: string;
  kind: string;
  status: string;
  childId: string;
  overdue: boolean;
  outcome: string | null;
  outcomes: string[];
  refersTo: string | null;
  events: { action: string; actorSub: string; note: string | null; outcome: string | null; details: { evidence?: { text: string; field?: string; source?: string }[]; outcome?: string } }[];
}

interface Pupil {
  id: string;
  area: string;
  /** Its police row as exported (Chinese headers). */
  police: Record<string, string>;
}

/**
 * Children who leave the county's care between two quarters' imports, on a generated county
 * (invented people) and a few rows of the next quarters: a child who turns 18 (its registration
 * case), a child whose household registration moves out of the county (迁出; its dropout case,
 * nobody working on it), and another who moves out while education works on its case. The first
 * two are resolved by the hub (AGED_OUT, LEFT_CARE), told in the outbox and no longer overdue;
 * the third stays with the person working on it, told once; no case opens for a child out of
 * care, and one that comes back gets a new case.
 */
describe('cases of children who leave the county’s care (through the real server)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let imports: ImportService;
  const q2At = Date.now();
  const q1At = q2At - QUARTER;
  const reconcileAt = (at: number) => new ReconcileService(new IdentityStore(db.pool, { clock: () => new Date(at) })).reconcile();
  /** An unregistered child typed into the roster: 17 at the end of 2024Q1, 18 at the end of 2024Q2. */
  const roster = {
    记录编号: 'MZ-2024Q1-990001', 姓名: '邹若溪', 性别: '女', 出生日期: '2006-05-10', 身份证号: '', 民族: '汉族', 行政区划代码: '',
    儿童类别: '困境儿童', 困境类型: '家庭经济困难', 监护人姓名: '邹建业', 监护人关系: '祖父', 监护人电话: '13800000017', 监护类型: '委托监护', 就学情况: '毕业',
  };
  let turning18: string;
  /** Confirmed dropouts (the school says 辍学) registered with the police, in villages. */
  let movingOut: Pupil;
  let workedOn: Pupil;

  const serverAt = async <T>(at: number, use: (server: Awaited<ReturnType<typeof startTestServer>>) => Promise<T>): Promise<T> => {
    const server = await startTestServer(db, tmp.dir, { workers: false, clock: () => new Date(at) });
    try {
      return await use(server);
    } finally {
      await server.stop();
    }
  };
  const casesOf = async (client: GraphqlClient, childId: string, kind: string): Promise<CaseNode[]> => {
    const { body } = await client(CASES, { filter: { childId, kind } });
    expect(body.errors).toBeUndefined();
    return body.data!.cases.edges.map((e: { node: CaseNode }) => e.node).sort((a: CaseNode, b: CaseNode) => Number(a.id) - Number(b.id));
  };
  const moveOut = (pupil: Pupil, period: string, status: string, changedOn: string) =>
    imports.importRows([{ ...pupil.police, 人员状态: status, 变动日期: changedOn }], { source: 'police', period, county: COUNTY });

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 400, 'leaving-care', 'low');
    db = await createTestDatabase();
    imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    await importCounty(db.pool, county.files);
    await reconcileAt(q1At);
    const { rows } = await db.pool.query(
      `SELECT c.id, c.area_code AS area, v.raw AS police FROM child c
         JOIN child_record cr ON cr.child_id = c.id JOIN source_record r ON r.id = cr.source_record_id AND r.source = 'police'
         JOIN source_record_version v ON v.id = r.current_version_id
       WHERE c.flag_names @> '{DROPOUT/CONFIRMED}' AND length(c.area_code) = 12 AND v.raw->>'人员状态' = '正常'
         AND c.golden->'birthDate'->>'value' > '2009-01-01'
       ORDER BY c.sources ? 'civil-affairs', c.id LIMIT 2`,
    );
    expect(rows).toHaveLength(2);
    [movingOut, workedOn] = rows;
    expect((await db.pool.query(`SELECT sources ? 'civil-affairs' AS listed FROM child WHERE id = $1`, [movingOut.id])).rows[0].listed).toBe(false);
    // The village's survey finds one of them living alone (无人监护): a mandatory report for the police.
    const alone = {
      记录编号: 'MZ-2024Q1-990002', 姓名: movingOut.police['姓名'], 性别: movingOut.police['性别'], 出生日期: movingOut.police['出生日期'], 身份证号: movingOut.police['公民身份号码'],
      民族: '汉族', 行政区划代码: movingOut.area, 儿童类别: '困境儿童', 困境类型: '监护缺失', 监护类型: '无人监护', 就学情况: '辍学',
    };
    expect(await imports.importRows([alone], { source: 'civil-affairs', period: '2024Q1', county: COUNTY })).toMatchObject({ new: 1, rejected: 0 });
    expect(await imports.importRows([{ ...roster, 行政区划代码: movingOut.area }], { source: 'civil-affairs', period: '2024Q1', county: COUNTY })).toMatchObject({ new: 1, rejected: 0 });
    await reconcileAt(q1At);
    const { rows: found } = await db.pool.query(
      `SELECT cr.child_id AS id FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id WHERE r.source = 'civil-affairs' AND r.record_key = $1`,
      [roster.记录编号],
    );
    turning18 = found[0].id;

    // Education takes up one of the two dropouts' cases a day later.
    await serverAt(q1At + DAY, async (server) => {
      const education = await server.as(Role.EDUCATION, COUNTY, 'teacher-zhang');
      const [open] = await casesOf(education, workedOn.id, 'DROPOUT_FOLLOW_UP');
      const { body } = await education(UPDATE, { input: { id: open.id, action: 'START', note: 'called the family' } });
      expect(body.errors).toBeUndefined();
    });

    // 2024Q2: the roster lists the child again, now 18; the police register the two households moved out.
    expect(await imports.importRows([{ ...roster, 行政区划代码: movingOut.area }], { source: 'civil-affairs', period: '2024Q2', county: COUNTY })).toMatchObject({ rejected: 0 });
    expect(await moveOut(movingOut, '2024Q2', '迁出', '20240520')).toMatchObject({ updated: 1, rejected: 0 });
    expect(await moveOut(workedOn, '2024Q2', '迁出', '20240601')).toMatchObject({ updated: 1, rejected: 0 });
    await reconcileAt(q2At);
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  it('had opened, in 2024Q1, a registration case for the 17-year-old, a dropout case for each pupil and a report for the child alone', async () => {
    const { rows } = await db.pool.query(`SELECT child_id, kind, opened_at FROM "case" WHERE child_id = ANY($1) ORDER BY id`, [[turning18, movingOut.id, workedOn.id]]);
    expect(rows.map((r) => `${r.child_id} ${r.kind}`).sort()).toEqual(
      [`${turning18} REGISTRATION`, `${movingOut.id} DROPOUT_FOLLOW_UP`, `${movingOut.id} MANDATORY_REPORT`, `${workedOn.id} DROPOUT_FOLLOW_UP`].sort(),
    );
    expect(rows.every((r) => new Date(r.opened_at).getTime() === q1At)).toBe(true);
  });

  it('resolves the registration case of the child who turned 18: AGED_OUT, by the hub, told, no longer overdue', async () => {
    await serverAt(q2At + 60_000, async (server) => {
      const police = await server.as(Role.POLICE, COUNTY);
      const [registration] = await casesOf(police, turning18, 'REGISTRATION');
      expect(registration).toMatchObject({ status: 'RESOLVED', outcome: 'AGED_OUT', overdue: false });
      const last = registration.events.at(-1)!;
      expect(last).toMatchObject({ action: 'RESOLVED', actorSub: 'hub', outcome: 'AGED_OUT', note: "the child left the county's care in 2024Q2: 18 by the end of 2024Q2" });
      expect(last.details.evidence).toEqual([{ text: '18 by the end of 2024Q2', field: 'birthDate' }]);
      const overdue = (await police(CASES, { filter: { overdue: true } })).body.data!.cases.edges.map((e: { node: CaseNode }) => e.node.id);
      expect(overdue).not.toContain(registration.id);
      // The outbox tells the resolution, with the quarter whose data moved it.
      const { rows } = await db.pool.query(`SELECT kind, child_id, case_kind, period FROM event WHERE case_id = $1 ORDER BY id`, [registration.id]);
      expect(rows).toEqual([
        { kind: 'CASE_OPENED', child_id: turning18, case_kind: 'REGISTRATION', period: '2024Q1' },
        { kind: 'CASE_RESOLVED', child_id: turning18, case_kind: 'REGISTRATION', period: '2024Q2' },
      ]);
    });
    // Still unregistered, but out of care: nobody is to register it here, and no case opens.
    const { rows } = await db.pool.query(`SELECT flag_names FROM child WHERE id = $1`, [turning18]);
    expect(rows[0].flag_names).toContain('UNREGISTERED');
  });

  it('resolves the dropout case of a child who moved out, nobody working on it: LEFT_CARE, the 迁出 shown only to who sees the household', async () => {
    await serverAt(q2At + 60_000, async (server) => {
      const [civil] = await casesOf(server.graphql, movingOut.id, 'DROPOUT_FOLLOW_UP');
      expect(civil).toMatchObject({ status: 'RESOLVED', outcome: 'LEFT_CARE', overdue: false });
      const last = civil.events.at(-1)!;
      expect(last).toMatchObject({ action: 'RESOLVED', actorSub: 'hub', outcome: 'LEFT_CARE' });
      expect(last.details.evidence).toEqual([expect.objectContaining({ field: 'status', source: 'police', text: expect.stringMatching(/^household registration 迁出, police record R\d+$/) })]);
      expect(last.note).toBe(`the child left the county's care in 2024Q2: ${last.details.evidence![0].text}`);
      // Education owns the case but does not read the household registration: the outcome, not the fact.
      const [education] = await casesOf(await server.as(Role.EDUCATION, COUNTY), movingOut.id, 'DROPOUT_FOLLOW_UP');
      const seen = education.events.at(-1)!;
      expect(seen).toMatchObject({ outcome: 'LEFT_CARE', note: `the child left the county's care in 2024Q2: ${WITHHELD}` });
      expect(seen.details.evidence).toEqual([]);
      expect(JSON.stringify(education)).not.toContain('迁出');
    });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM event WHERE kind = 'CASE_RESOLVED' AND child_id = $1 AND period = '2024Q2'`, [movingOut.id]);
    expect(rows[0].n).toBe(1);
  });

  it('leaves a case a person works on with that person, told once, still owed, and lets the owner close it as LEFT_CARE', async () => {
    await reconcileAt(q2At + 1000); // a second run with nothing new tells nothing again
    await serverAt(q2At + 60_000, async (server) => {
      const education = await server.as(Role.EDUCATION, COUNTY, 'teacher-zhang');
      const [kept] = await casesOf(education, workedOn.id, 'DROPOUT_FOLLOW_UP');
      expect(kept).toMatchObject({ status: 'IN_PROGRESS', outcome: null, overdue: true });
      expect(kept.outcomes).toEqual(expect.arrayContaining(['AGED_OUT', 'LEFT_CARE']));
      const told = kept.events.filter((e) => e.action === 'LEFT_CARE');
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ actorSub: 'hub', details: { outcome: 'LEFT_CARE' } });
      expect(told[0].note).toBe(`the child left the county's care in 2024Q2: ${WITHHELD}; the case is yours to settle (outcome LEFT_CARE, or another)`);
      const { body } = await education(UPDATE, { input: { id: kept.id, action: 'RESOLVE', outcome: 'LEFT_CARE', note: 'handed to the receiving county’s education bureau' } });
      expect(body.errors).toBeUndefined();
      expect(body.data!.updateCase).toMatchObject({ status: 'RESOLVED', outcome: 'LEFT_CARE' });
    });
  });

  it('never settles a mandatory report alone, even one nobody answered: the police are told the child left, and it stays theirs', async () => {
    await serverAt(q2At + 60_000, async (server) => {
      const police = await server.as(Role.POLICE, COUNTY, 'officer-zhao');
      const [report] = await casesOf(police, movingOut.id, 'MANDATORY_REPORT');
      expect(report).toMatchObject({ status: 'OPEN', outcome: null, overdue: true });
      const told = report.events.filter((e) => e.action === 'LEFT_CARE');
      expect(told).toHaveLength(1);
      expect(told[0].note).toMatch(/^the child left the county's care in 2024Q2: household registration 迁出, police record R\d+; the case is yours to settle \(outcome LEFT_CARE, or another\)$/);
    });
  });

  it('opens no case for a child out of care, and a new one, referring to the old, when the child comes back into care', async () => {
    // 2024Q3: the household moved back (正常 again); the 18-year-old stays out of care.
    expect(await moveOut(movingOut, '2024Q3', '正常', '20240801')).toMatchObject({ updated: 1, rejected: 0 });
    await reconcileAt(q2At + 2000);
    const { rows } = await db.pool.query(`SELECT child_id, kind, status, refers_to::text AS "refersTo", id::text FROM "case" WHERE child_id = ANY($1) ORDER BY "case".id`, [[turning18, movingOut.id]]);
    expect(rows.filter((r) => r.child_id === turning18).map((r) => r.status)).toEqual(['RESOLVED']);
    const dropout = rows.filter((r) => r.child_id === movingOut.id && r.kind === 'DROPOUT_FOLLOW_UP');
    expect(dropout.map((r) => r.status)).toEqual(['RESOLVED', 'OPEN']);
    expect(dropout[1].refersTo).toBe(dropout[0].id);
  });

  it('tells a case still owed again when its child, back in care, leaves a second time, and only then', async () => {
    const toldOnReport = async () => {
      const { rows } = await db.pool.query(
        `SELECT e.note FROM case_event e JOIN "case" k ON k.id = e.case_id WHERE k.child_id = $1 AND k.kind = 'MANDATORY_REPORT' AND e.action = 'LEFT_CARE' ORDER BY e.id`,
        [movingOut.id],
      );
      return rows.map((r) => r.note as string);
    };
    // Back in care in 2024Q3 (the test above): nothing more was told.
    expect(await toldOnReport()).toHaveLength(1);
    // 2024Q4: the household moves out again.
    expect(await moveOut(movingOut, '2024Q4', '迁出', '20241110')).toMatchObject({ updated: 1, rejected: 0 });
    await reconcileAt(q2At + 3000);
    await reconcileAt(q2At + 4000); // and a run with nothing new tells nothing again
    const told = await toldOnReport();
    expect(told).toHaveLength(2);
    expect(told[1]).toMatch(/^the child left the county's care in 2024Q4: household registration 迁出, police record R\d+; the case is yours to settle/);
  });
});
