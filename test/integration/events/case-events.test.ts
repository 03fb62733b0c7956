import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { Role } from '../../../src/auth/roles';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { fanOut } from '../../../src/modules/webhooks/delivery';
import { VISITED_FLAGS } from '../../../src/modules/casework/visits-due.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';
import { eventually } from '../../support/eventually';

const COUNTY = '500109';
const DAY = 24 * 60 * 60 * 1000;

const EVENTS = `query Events($filter: EventFilter, $first: Int) {
  events(filter: $filter, first: $first) { edges { node { id kind childId caseId caseKind areaCode countyCode period flag source } } pageInfo { hasNextPage endCursor } }
}`;
const UPDATE = `mutation U($input: UpdateCaseInput!) { updateCase(input: $input) { id status } }`;
const RECORD_VISIT = `mutation V($input: RecordVisitInput!) { recordVisit(input: $input) { id } }`;
const REPORT = `mutation R($input: ReportConcernInput!) { reportConcern(input: $input) { caseId joined } }`;

interface StoredEvent {
  id: string;
  kind: string;
  child_id: string | null;
  case_id: string | null;
  case_kind: string | null;
  area_code: string | null;
  county_code: string | null;
  period: string | null;
  flag: string | null;
  source: string | null;
}
interface CaseRow {
  id: string;
  kind: string;
  status: string;
  child_id: string | null;
  area_code: string | null;
  county_code: string | null;
}

/**
 * Case events in the outbox, through the real server, on a generated county (invented people):
 * written with the change that causes them (a reconciliation's cases, updateCase, reportConcern),
 * never without it, ids and codes only; CASE_OVERDUE told by the scheduled deadline job once per
 * case and overdue spell, VISIT_DUE once per child and visit; each told only to the roles and
 * areas that read the case (or the visits owed).
 */
describe('case events (through the real server)', () => {
  const tmp = tempDir();
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let imports: ImportService;
  let reconcile: ReconcileService;

  const events = async (after = '0', kinds?: string[]): Promise<StoredEvent[]> =>
    (await db.pool.query(
      `SELECT e.id::text AS id, kind, child_id, case_id, case_kind, area_code, county_code, period, flag, source FROM event e
       WHERE e.id > $1::bigint AND ($2::text[] IS NULL OR kind = ANY($2::text[])) ORDER BY e.id`,
      [after, kinds ?? null],
    )).rows;
  const caseEvents = (after = '0') => events(after, ['CASE_OPENED', 'CASE_OVERDUE', 'CASE_RESOLVED', 'CASE_CLOSED', 'MANDATORY_REPORT_RECEIVED']);
  const lastEventId = async (): Promise<string> => (await db.pool.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`)).rows[0].id;
  const cases = async (): Promise<Map<string, CaseRow>> =>
    new Map((await db.pool.query<CaseRow>(`SELECT k.id::text AS id, kind, status, child_id, area_code, county_code FROM "case" k ORDER BY k.id`)).rows.map((r) => [r.id, r]));
  /** Every event a client is told, page by page, of `kinds`. */
  const told = async (client: GraphqlClient, kinds: string[]) => {
    const seen: { id: string; kind: string; caseId: string | null; childId: string | null; areaCode: string | null }[] = [];
    let after: string | undefined;
    for (;;) {
      const { body } = await client(EVENTS, { filter: { kinds, ...(after ? { after } : {}) }, first: 100 });
      expect(body.errors).toBeUndefined();
      const page = body.data!.events;
      seen.push(...page.edges.map((e: { node: (typeof seen)[number] }) => e.node));
      if (!page.pageInfo.hasNextPage) return seen;
      after = page.pageInfo.endCursor;
    }
  };
  const ok = async (client: GraphqlClient, query: string, variables: Record<string, unknown>) => {
    const { body } = await client(query, variables);
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  /** An education record's raw row and its child, by what the child's file says of its enrolment. */
  const pupils = async (status: string) =>
    (await db.pool.query(
      `SELECT c.id, c.area_code AS area, v.raw FROM child c
         JOIN child_record cr ON cr.child_id = c.id JOIN source_record r ON r.id = cr.source_record_id AND r.source = 'education'
         JOIN source_record_version v ON v.id = r.current_version_id
       WHERE c.golden->'enrolmentStatus'->>'value' = $1 AND length(c.area_code) = 12 ORDER BY c.id`,
      [status],
    )).rows as { id: string; area: string; raw: Record<string, unknown> }[];

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 160, 'case-events', 'low');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    reconcile = new ReconcileService(new IdentityStore(db.pool));
    await reconcile.reconcile();
    server = await startTestServer(db, tmp.dir);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  it('tells each case a reconciliation opens, in ids and codes only: the case, its kind, the child, the area, the quarter', async () => {
    const opened = await caseEvents();
    const all = await cases();
    expect(all.size).toBeGreaterThan(2);
    expect(opened.map((e) => e.case_id).sort()).toEqual([...all.keys()].sort());
    for (const e of opened) {
      const k = all.get(e.case_id!)!;
      expect(e).toEqual({ ...e, kind: 'CASE_OPENED', child_id: k.child_id, case_kind: k.kind, area_code: k.area_code, county_code: COUNTY, period: '2024Q1', flag: null, source: null });
    }
  });

  it('writes a run\'s case events in the run\'s transaction: a run that fails leaves no case moved and no event; the run again tells them', async () => {
    const [dropout] = await pupils('辍学');
    const [pupil] = await pupils('在读');
    const back = { ...dropout.raw, 学籍状态: '在读', 变动日期: '20240415' };
    const out = { ...pupil.raw, 学籍状态: '辍学', 变动日期: '20240416' };
    expect(await imports.importRows([back, out], { source: 'education', period: '2024Q2', county: COUNTY })).toMatchObject({ updated: 2, rejected: 0 });
    const before = await cases();
    const mark = await lastEventId();

    // The run fails at its very end, on its last event, after its cases moved.
    await db.asOwner(`CREATE FUNCTION fail_run() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the run fails at its end'; END $$`);
    await db.asOwner(`CREATE TRIGGER fail_run BEFORE INSERT ON event FOR EACH ROW WHEN (NEW.kind = 'RECONCILIATION_FINISHED') EXECUTE FUNCTION fail_run()`);
    try {
      await expect(reconcile.reconcile()).rejects.toThrow(/the run fails at its end/);
    } finally {
      await db.asOwner(`DROP TRIGGER fail_run ON event`);
      await db.asOwner(`DROP FUNCTION fail_run()`);
    }
    expect(await events(mark)).toEqual([]);
    expect(await cases()).toEqual(before);

    await reconcile.reconcile();
    const after = await cases();
    const written = await caseEvents(mark);
    // Each case opened and each case settled by the run, told once; nothing else.
    const newCases = [...after.values()].filter((k) => !before.has(k.id));
    const settled = [...after.values()].filter((k) => before.has(k.id) && before.get(k.id)!.status !== k.status && ['RESOLVED', 'CLOSED'].includes(k.status));
    expect(newCases.map((k) => k.child_id)).toContain(pupil.id);
    expect(settled.map((k) => k.child_id)).toContain(dropout.id);
    const expected = [
      ...newCases.map((k) => `CASE_OPENED ${k.id} ${k.kind} ${k.child_id} ${k.area_code}`),
      ...settled.map((k) => `CASE_${k.status} ${k.id} ${k.kind} ${k.child_id} ${k.area_code}`),
    ];
    expect(written.map((e) => `${e.kind} ${e.case_id} ${e.case_kind} ${e.child_id} ${e.area_code}`).sort()).toEqual(expected.sort());
    // The data moved them: the quarter whose data did is told.
    expect(written.find((e) => e.child_id === dropout.id)).toMatchObject({ kind: 'CASE_RESOLVED', case_kind: 'DROPOUT_FOLLOW_UP', period: '2024Q2' });
  }, 60_000);

  it('tells updateCase\'s resolutions and closures (not a start or a note), and each report received, without the report\'s words', async () => {
    const mark = await lastEventId();
    const education = await server.as(Role.EDUCATION, COUNTY, 'teacher-events');
    const [open, other] = [...(await cases()).values()].filter((k) => k.kind === 'DROPOUT_FOLLOW_UP' && k.status === 'OPEN');
    await ok(education, UPDATE, { input: { id: open.id, action: 'START', note: 'called the family' } });
    await ok(education, UPDATE, { input: { id: open.id, action: 'NOTE', note: 'the child helps on the farm' } });
    expect(await caseEvents(mark)).toEqual([]);
    await ok(education, UPDATE, { input: { id: open.id, action: 'RESOLVE', outcome: 'RETURNED_TO_SCHOOL', note: 'back in class 3' } });
    await ok(education, UPDATE, { input: { id: other.id, action: 'CLOSE', outcome: 'EXEMPT', note: '休学 for an illness' } });
    expect((await caseEvents(mark)).map((e) => [e.kind, e.case_id, e.case_kind, e.child_id, e.area_code, e.period])).toEqual([
      ['CASE_RESOLVED', open.id, 'DROPOUT_FOLLOW_UP', open.child_id, open.area_code, null],
      ['CASE_CLOSED', other.id, 'DROPOUT_FOLLOW_UP', other.child_id, other.area_code, null],
    ]);

    // A report about a child without a report case opens one: both told. A report by name: the area only.
    const reportMark = await lastEventId();
    const { rows: [child] } = await db.pool.query(
      `SELECT c.id, c.area_code AS area, c.golden->'name'->>'value' AS name FROM child c WHERE length(c.area_code) = 12
         AND NOT EXISTS (SELECT 1 FROM "case" k WHERE k.child_id = c.id AND k.kind = 'MANDATORY_REPORT') ORDER BY c.id LIMIT 1`,
    );
    const director = await server.as(Role.VILLAGE_DIRECTOR, child.area, 'director-events');
    const today = new Date().toISOString().slice(0, 10);
    const words = 'left alone for a week, the neighbours feed the child';
    const byId = (await ok(director, REPORT, { input: { childId: child.id, concern: 'ALONE', observedOn: today, description: words } })).reportConcern;
    const byName = (await ok(director, REPORT, { input: { name: '测试童', birthDate: '2015-03-02', areaCode: child.area, concern: 'OTHER', observedOn: today, description: words } })).reportConcern;
    const written = await caseEvents(reportMark);
    expect(written.map((e) => [e.kind, e.case_id, e.case_kind, e.child_id, e.area_code, e.county_code])).toEqual([
      ['CASE_OPENED', byId.caseId, 'MANDATORY_REPORT', child.id, child.area, COUNTY],
      ['MANDATORY_REPORT_RECEIVED', byId.caseId, 'MANDATORY_REPORT', child.id, child.area, COUNTY],
      ['CASE_OPENED', byName.caseId, 'MANDATORY_REPORT', null, child.area, COUNTY],
      ['MANDATORY_REPORT_RECEIVED', byName.caseId, 'MANDATORY_REPORT', null, child.area, COUNTY],
    ]);
    // The events hold no name, no words: only ids and codes.
    const text = JSON.stringify(await events(reportMark));
    for (const secret of [words, '测试童', child.name]) expect(text).not.toContain(secret);

    // A report that fails (an unknown child) leaves no event.
    const failed = await director(REPORT, { input: { childId: 'NO-SUCH-CHILD', concern: 'ALONE', observedOn: today, description: words } });
    expect(failed.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await caseEvents(reportMark)).toHaveLength(4);
  });

  it('tells each role and area only the case events of the cases it reads (the events query)', async () => {
    const all = await cases();
    const stored = await caseEvents();
    const kindOf = (e: { caseId: string | null }) => all.get(e.caseId!)!.kind;
    const KINDS = ['CASE_OPENED', 'CASE_RESOLVED', 'CASE_CLOSED', 'MANDATORY_REPORT_RECEIVED'];
    const storedKinds = stored.filter((e) => KINDS.includes(e.kind));

    const civil = await told(server.graphql, KINDS);
    expect(civil.map((e) => e.id)).toEqual(storedKinds.map((e) => e.id));
    // Each tells the kind of its case: a receiver sorts its cases without reading them.
    expect(civil.map((e) => (e as { caseKind?: string | null }).caseKind)).toEqual(civil.map(kindOf));
    const education = await told(await server.as(Role.EDUCATION, COUNTY), KINDS);
    expect(education.map((e) => e.id)).toEqual(storedKinds.filter((e) => e.case_kind === 'DROPOUT_FOLLOW_UP').map((e) => e.id));
    expect(education.length).toBeGreaterThan(0);
    const police = await told(await server.as(Role.POLICE, COUNTY), KINDS);
    expect(police.map((e) => e.id)).toEqual(storedKinds.filter((e) => e.case_kind !== 'DROPOUT_FOLLOW_UP').map((e) => e.id));
    expect(new Set(police.map(kindOf))).toContain('MANDATORY_REPORT');
    expect(police.some((e) => e.kind === 'MANDATORY_REPORT_RECEIVED')).toBe(true);
    // A village's director: its village's cases only; another county's civil affairs: none.
    const village = stored.find((e) => e.kind === 'MANDATORY_REPORT_RECEIVED' && e.area_code?.length === 12)!.area_code!;
    const director = await told(await server.as(Role.VILLAGE_DIRECTOR, village), KINDS);
    expect(director.map((e) => e.id)).toEqual(storedKinds.filter((e) => e.area_code?.startsWith(village)).map((e) => e.id));
    expect(director.length).toBeLessThan(civil.length);
    expect(await told(await server.as(Role.CIVIL_AFFAIRS, '500106'), KINDS)).toEqual([]);
  });

  describe('the scheduled deadline job', () => {
    let offset = 0;
    const clock = () => new Date(Date.now() + offset);
    let workers: Awaited<ReturnType<typeof startTestServer>>;
    /** The deadline job waiting now (a new one per look: a look hands its key on to the next). */
    const lookId = async (): Promise<number> =>
      Number((await db.pool.query(`SELECT max(id) AS id FROM graphile_worker.jobs WHERE task_identifier = 'case_deadlines'`)).rows[0].id ?? 0);
    /** Two more looks begun after now: at least one whole look saw the database as it is. */
    const twoLooks = async () => {
      const now = await lookId();
      await eventually(async () => ((await lookId()) >= now + 2 ? true : null), 20);
    };
    const overdueNow = async (): Promise<CaseRow[]> =>
      (await db.pool.query<CaseRow>(`SELECT k.id::text AS id, kind, status, child_id, area_code, county_code FROM "case" k WHERE status IN ('OPEN', 'IN_PROGRESS') AND due < $1 ORDER BY k.id`, [clock()])).rows;

    beforeAll(async () => {
      workers = await startTestServer(db, tmp.dir, { workers: { pollIntervalMs: 100, deadlineLookMs: 100, clock }, clock, log: () => undefined });
    }, 30_000);
    afterAll(async () => {
      await workers?.stop();
    });

    it('tells CASE_OVERDUE once per case when the clock passes its due date, not on every look, and again when a reopened case is overdue anew', async () => {
      // A dropout case settled earlier, taken up again: owed once more (the earlier tests settled the others).
      const education = await workers.as(Role.EDUCATION, COUNTY);
      const settled = [...(await cases()).values()].find((k) => k.kind === 'DROPOUT_FOLLOW_UP' && k.status === 'RESOLVED')!;
      await ok(education, UPDATE, { input: { id: settled.id, action: 'REOPEN', note: 'out of school again' } });
      await twoLooks();
      expect(await overdueNow()).toEqual([]);
      expect(await events('0', ['CASE_OVERDUE'])).toEqual([]);

      // Visits: every child looked after, never visited, is owed one from the first look, told once.
      const lookedAfter = (await db.pool.query(`SELECT id, area_code FROM child WHERE flag_names && $1::text[] ORDER BY id`, [VISITED_FLAGS])).rows as { id: string; area_code: string }[];
      expect(lookedAfter.length).toBeGreaterThan(2);
      const visitsTold = async () => (await events('0', ['VISIT_DUE'])).map((e) => `${e.child_id} ${e.area_code}`);
      expect((await visitsTold()).sort()).toEqual(lookedAfter.map((c) => `${c.id} ${c.area_code}`).sort());
      // A home visit today: the child owes none for now, and is not told again.
      const visited = lookedAfter.find((c) => c.area_code.length === 12)!;
      const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10); // recordVisit's today is UTC's
      await ok(await workers.as(Role.VILLAGE_DIRECTOR, visited.area_code), RECORD_VISIT, { input: { childId: visited.id, kind: 'HOME_VISIT', visitedOn: yesterday, notes: 'at home with the grandparents' } });
      await twoLooks();
      expect(await visitsTold()).toHaveLength(lookedAfter.length);

      // Three months and a day later, every case still owed is past its date (reports: 24 h, dropouts: 30 days, registrations: 90).
      offset = 91 * DAY;
      const overdue = await overdueNow();
      expect([...new Set(overdue.map((k) => k.kind))].sort()).toEqual(['DROPOUT_FOLLOW_UP', 'MANDATORY_REPORT', 'REGISTRATION']);
      const toldOnce = await eventually(async () => {
        const found = await events('0', ['CASE_OVERDUE']);
        return found.length >= overdue.length ? found : null;
      }, 20);
      await twoLooks();
      const toldLater = await events('0', ['CASE_OVERDUE']);
      expect(toldLater).toEqual(toldOnce);
      expect(toldLater.map((e) => `${e.case_id} ${e.case_kind} ${e.child_id} ${e.area_code}`).sort()).toEqual(overdue.map((k) => `${k.id} ${k.kind} ${k.child_id} ${k.area_code}`).sort());
      // The visited child is owed a visit again: told once more, the others not (nothing changed for them).
      await eventually(async () => ((await visitsTold()).length === lookedAfter.length + 1 ? true : null), 20);
      expect((await visitsTold()).at(-1)).toBe(`${visited.id} ${visited.area_code}`);
      // The case's own history notes it once too.
      const { rows: noted } = await db.pool.query(`SELECT case_id::text, count(*)::int AS n FROM case_event WHERE action = 'OVERDUE' GROUP BY 1`);
      expect(noted.every((r) => r.n === 1) && noted.length === overdue.length).toBe(true);

      // Settled and reopened past its date: a new spell, told once more.
      const dropout = overdue.find((k) => k.kind === 'DROPOUT_FOLLOW_UP')!;
      await ok(education, UPDATE, { input: { id: dropout.id, action: 'RESOLVE', outcome: 'RETURNED_TO_SCHOOL', note: 'back at school' } });
      await ok(education, UPDATE, { input: { id: dropout.id, action: 'REOPEN', note: 'out again the next week' } });
      await eventually(async () => ((await events('0', ['CASE_OVERDUE'])).length === overdue.length + 1 ? true : null), 20);
      await twoLooks();
      const again = (await events('0', ['CASE_OVERDUE'])).filter((e) => e.case_id === dropout.id);
      expect(again).toHaveLength(2);
    }, 60_000);

    it('tells CASE_OVERDUE only to the roles and areas that read the case', async () => {
      const overdueTold = await events('0', ['CASE_OVERDUE']);
      const education = await told(await workers.as(Role.EDUCATION, COUNTY), ['CASE_OVERDUE']);
      expect(education.map((e) => e.id)).toEqual(overdueTold.filter((e) => e.case_kind === 'DROPOUT_FOLLOW_UP').map((e) => e.id));
      const police = await told(await workers.as(Role.POLICE, COUNTY), ['CASE_OVERDUE']);
      expect(police.map((e) => e.id)).toEqual(overdueTold.filter((e) => e.case_kind !== 'DROPOUT_FOLLOW_UP').map((e) => e.id));
      expect(education.length).toBeGreaterThan(0);
      expect(police.length).toBeGreaterThan(0);
      const village = overdueTold.find((e) => e.area_code?.length === 12)!.area_code!;
      const director = await told(await workers.as(Role.VILLAGE_DIRECTOR, village), ['CASE_OVERDUE']);
      expect(director.map((e) => e.id)).toEqual(overdueTold.filter((e) => e.area_code?.startsWith(village)).map((e) => e.id));
      expect(director.length).toBeLessThan(overdueTold.length);
      expect(await told(await workers.as(Role.TOWN_SUPERVISOR, '500106001'), ['CASE_OVERDUE'])).toEqual([]);
    });

    it('tells a visit owed only to the village director and town supervisor of the child\'s area, who read the visits owed', async () => {
      const visits = await events('0', ['VISIT_DUE']);
      const village = visits.find((e) => e.area_code?.length === 12)!.area_code!;
      const director = await told(await workers.as(Role.VILLAGE_DIRECTOR, village), ['VISIT_DUE']);
      expect(director.map((e) => e.id)).toEqual(visits.filter((e) => e.area_code?.startsWith(village)).map((e) => e.id));
      expect(director.length).toBeLessThan(visits.length);
      const town = village.slice(0, 9);
      const supervisor = await told(await workers.as(Role.TOWN_SUPERVISOR, town), ['VISIT_DUE']);
      expect(supervisor.map((e) => e.id)).toEqual(visits.filter((e) => e.area_code?.startsWith(town)).map((e) => e.id));
      for (const role of [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE]) expect(await told(await workers.as(role, COUNTY), ['VISIT_DUE'])).toEqual([]);
    });
  });

  it('fans case events out to webhooks by the same rules: education hears of its dropout cases, the police of theirs', async () => {
    const KINDS = ['CASE_OPENED', 'CASE_OVERDUE', 'CASE_RESOLVED', 'CASE_CLOSED', 'MANDATORY_REPORT_RECEIVED'];
    const { rows: hooks } = await db.asOwner(
      `INSERT INTO webhook (role, area_code, url, kinds, secret_sealed, last_event_id, created_by, created_at)
       SELECT role, $1, 'https://127.0.0.1/hook', $2::text[], 'unused', 0, 'test', now() FROM unnest(ARRAY['EDUCATION', 'POLICE']) AS role RETURNING id, role`,
      [COUNTY, KINDS],
    );
    await fanOut(db.pool);
    const stored = await caseEvents();
    for (const hook of hooks) {
      const { rows } = await db.pool.query(`SELECT event_id::text AS id FROM webhook_delivery WHERE webhook_id = $1 ORDER BY event_id`, [hook.id]);
      const theirs = stored.filter((e) => (hook.role === 'EDUCATION' ? e.case_kind === 'DROPOUT_FOLLOW_UP' : e.case_kind !== 'DROPOUT_FOLLOW_UP'));
      expect(theirs.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.id)).toEqual(theirs.map((e) => e.id));
    }
  });
});
