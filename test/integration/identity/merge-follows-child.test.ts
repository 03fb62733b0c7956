import { Migration20261206100002 } from '../../../migrations/Migration20261206100002';
import { Role } from '../../../src/auth/roles';
import { FOLLOW_THE_CHILD, STAY_AS_WRITTEN } from '../../../src/modules/identity/child-keyed-tables';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

const RECORD_VISIT = `mutation V($input: RecordVisitInput!) { recordVisit(input: $input) { id } }`;
const FILE = `query F($id: ID!) { child(id: $id) { id visits { kind visitedOn notes recordedBy } } }`;
const IMPORT = `mutation I($rows: [JSONObject!]!) { importRecords(source: EDUCATION, period: "2024Q1", rows: $rows) { new updated rejected } }`;
const AUDIT = `query A($childId: String) { auditLog(filter: { childId: $childId }, first: 50) { totalCount edges { node { subject operation childId } } } }`;

/**
 * When two children turn out to be one, what was recorded about the absorbed child follows the
 * surviving one: a village director's visit shows on the surviving child's file, and the audit
 * log of that child includes the reads of the absorbed id (audit rows themselves never change).
 */
describe('a merge carries what hangs off the absorbed child (through the real server)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let reconcile: ReconcileService;

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 300, 'merge-follows');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    reconcile = new ReconcileService(new IdentityStore(db.pool));
    await reconcile.reconcile();
    server = await startTestServer(db, tmp.dir);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  const ok = async (client: GraphqlClient, query: string, variables: Record<string, unknown>) => {
    const { body } = await client(query, variables);
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  const childOfKey = async (source: string, key: string): Promise<string> =>
    (await db.pool.query(`SELECT cr.child_id FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id WHERE r.source = $1 AND r.record_key = $2`, [source, key])).rows[0].child_id;

  it("shows the absorbed child's visit on the surviving child's file, and its reads in that child's audit log", async () => {
    // B: a child known to police and civil affairs (no school record yet), in a village.
    const { rows } = await db.pool.query(
      `SELECT c.id, c.area_code AS area, c.golden->'name'->>'value' AS name, c.golden->'sex'->>'value' AS sex,
         c.golden->'birthDate'->>'value' AS "birthDate", c.golden->'idNumber'->>'value' AS "idNumber"
       FROM child c WHERE c.record_count >= 2 AND c.sources @> '["police","civil-affairs"]' AND NOT c.sources @> '["education"]'
         AND c.verification = 'VERIFIED' AND length(c.area_code) = 12 ORDER BY c.id LIMIT 1`,
    );
    const b = rows[0];
    const education = await server.as(Role.EDUCATION, '500109');
    const director = await server.as(Role.VILLAGE_DIRECTOR, b.area, 'director-li');
    const auditor = await server.as(Role.AUDITOR, '500109', 'auditor-wu');
    const student = (fields: Record<string, string>) => ({
      全国学籍号: 'L500109000000001', 学校标识码: '2150013124', 学校名称: '北碚区第一小学', 年级: '二年级', 学籍状态: '在读', 行政区划代码: b.area, ...fields,
    });

    // A: the school enrols a child with no ID number under a name and birth date nobody else has.
    expect((await ok(education, IMPORT, { rows: [student({ 姓名: '欧阳娜娜', 性别: '女', 出生日期: '2016-01-01', 证件类型: '无' })] })).importRecords).toMatchObject({ new: 1 });
    await reconcile.reconcile();
    const a = await childOfKey('education', 'L500109000000001');
    expect(a).not.toBe(b.id);

    await ok(director, RECORD_VISIT, { input: { childId: a, kind: 'HOME_VISIT', visitedOn: '2024-03-02', notes: 'new pupil; lives with an aunt' } });
    expect((await ok(director, FILE, { id: a })).child.visits).toHaveLength(1); // a read of A, audited

    // The school corrects the record: it is B (same name, sex, birth date and ID number).
    const corrected = student({ 姓名: b.name, 性别: b.sex === 'M' ? '男' : '女', 出生日期: b.birthDate, 证件类型: '居民身份证', 身份证号: b.idNumber });
    expect((await ok(education, IMPORT, { rows: [corrected] })).importRecords).toMatchObject({ updated: 1 });
    const merged = await reconcile.reconcile();
    expect(merged.mergedChildren).toBe(1);
    expect(await childOfKey('education', 'L500109000000001')).toBe(b.id);

    const file = (await ok(director, FILE, { id: b.id })).child;
    expect(file.visits).toEqual([{ kind: 'HOME_VISIT', visitedOn: '2024-03-02', notes: 'new pupil; lives with an aunt', recordedBy: 'director-li' }]);
    expect((await ok(director, FILE, { id: a })).child).toMatchObject({ id: b.id, visits: file.visits }); // the old id resolves

    // B's log holds the read of A as it was written (the id read), and the reads of B.
    const log = (await ok(auditor, AUDIT, { childId: b.id })).auditLog;
    expect(log.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { subject: 'director-li', operation: 'child', childId: b.id },
      { subject: 'director-li', operation: 'child', childId: b.id },
      { subject: 'director-li', operation: 'child', childId: a },
    ]);
    expect(log.totalCount).toBe(3);
    expect((await ok(auditor, AUDIT, { childId: a })).auditLog.totalCount).toBe(3); // the absorbed id stands for B
    const raw = await db.pool.query(`SELECT child_id FROM audit_entry WHERE subject = 'director-li' ORDER BY id`);
    expect(raw.rows.map((r) => r.child_id)).toEqual([a, b.id, b.id]);
  });

  it('knows, for every column holding a child id, whether it follows a merge or stays as written', async () => {
    const { rows } = await db.pool.query(
      `SELECT table_name || '.' || column_name AS col FROM information_schema.columns
       WHERE table_schema = current_schema() AND (column_name LIKE '%child_id' OR (table_name = 'child' AND column_name = 'id'))
       ORDER BY 1`,
    );
    const known = new Set([...FOLLOW_THE_CHILD.map((c) => `${c.table}.${c.column}`), ...Object.keys(STAY_AS_WRITTEN)]);
    expect(rows.map((r) => r.col).filter((col) => !known.has(col))).toEqual([]);
    expect([...known].filter((col) => !rows.some((r) => r.col === col))).toEqual([]);
  });

  it('moves the visits that merges before this fix left on absorbed ids (the migration)', async () => {
    const { rows } = await db.pool.query(`SELECT id, area_code FROM child WHERE length(area_code) = 12 ORDER BY id LIMIT 1`);
    const survivor = rows[0];
    await db.pool.query(`INSERT INTO child_alias (alias, child_id, run_id, created_at) VALUES ('C00000000000000AB', $1, 1, now())`, [survivor.id]);
    await db.pool.query(
      `INSERT INTO visit (child_id, kind, visited_on, notes, recorded_by, area_code, recorded_at)
       VALUES ('C00000000000000AB', 'CONTACT', '2024-02-01', 'called the grandmother', 'director-he', $1, now())`,
      [survivor.area_code],
    );
    const migration = new Migration20261206100002(null as never, null as never);
    await migration.up();
    for (const sql of migration.getQueries()) await db.pool.query(String(sql));
    const moved = await db.pool.query(`SELECT child_id FROM visit WHERE recorded_by = 'director-he'`);
    expect(moved.rows).toEqual([{ child_id: survivor.id }]);
  });
});
