import { Role } from '../../../src/auth/roles';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';

const IMPORT = `mutation I($rows: [JSONObject!]!) { importRecords(source: EDUCATION, period: "2024Q1", rows: $rows) { new updated rejected } }`;
const MISSING = `mutation M($childId: ID!) { recordMissingParent(childId: $childId, parent: FATHER, reportedOn: "2024-03-01") { id } }`;
const CASE = `query One($id: ID!) { case(id: $id) { id kind status childId outcome details events { action actorSub note outcome details } } }`;

/**
 * When two children turn out to be one, their cases follow the surviving child, in the merge's
 * own transaction: one case per kind stays owed (the absorbed child's duplicate is closed as
 * MERGED, pointing at the one that goes on), and a case whose flag the merged child no longer
 * carries is resolved with the evidence.
 */
describe('a merge carries the absorbed child’s cases (through the real server)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let reconcile: ReconcileService;

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 300, 'cases-merge');
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
  const casesOfChild = async (childId: string) =>
    (await db.pool.query(`SELECT id::text, kind, status FROM "case" WHERE child_id = $1 ORDER BY id`, [childId])).rows;

  it('moves the cases to the surviving child, closes a duplicate as MERGED and resolves what the merge settles', async () => {
    // B: known to police and civil affairs, no school record yet, in a village.
    const { rows } = await db.pool.query(
      `SELECT c.id, c.area_code AS area, c.golden->'name'->>'value' AS name, c.golden->'sex'->>'value' AS sex,
         c.golden->'birthDate'->>'value' AS "birthDate", c.golden->'idNumber'->>'value' AS "idNumber"
       FROM child c WHERE c.record_count >= 2 AND c.sources @> '["police","civil-affairs"]' AND NOT c.sources @> '["education"]'
         AND c.verification = 'VERIFIED' AND length(c.area_code) = 12 ORDER BY c.id LIMIT 1`,
    );
    const b = rows[0];
    const education = await server.as(Role.EDUCATION, '500109');
    const police = await server.as(Role.POLICE, '500109');
    const student = (fields: Record<string, string>) => ({
      全国学籍号: 'L500109000000077', 学校标识码: '2150013124', 学校名称: '北碚区第一小学', 年级: '二年级', 学籍状态: '在读', 行政区划代码: b.area, ...fields,
    });

    // A: a pupil with no ID number under a name nobody else has: no registration found, a REGISTRATION case.
    await ok(education, IMPORT, { rows: [student({ 姓名: '欧阳娜娜', 性别: '女', 出生日期: '2016-01-01', 证件类型: '无' })] });
    await reconcile.reconcile();
    const a = (await db.pool.query(`SELECT cr.child_id FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id WHERE r.record_key = 'L500109000000077'`)).rows[0].child_id;
    expect(await casesOfChild(a)).toEqual([expect.objectContaining({ kind: 'REGISTRATION', status: 'OPEN' })]);
    // Police record a missing father on both.
    const missingA = (await ok(police, MISSING, { childId: a })).recordMissingParent.id;
    const missingB = (await ok(police, MISSING, { childId: b.id })).recordMissingParent.id;
    const registration = (await casesOfChild(a))[0].id;

    // The school corrects the record: it is B.
    const corrected = student({ 姓名: b.name, 性别: b.sex === 'M' ? '男' : '女', 出生日期: b.birthDate, 证件类型: '居民身份证', 身份证号: b.idNumber });
    expect((await ok(education, IMPORT, { rows: [corrected] })).importRecords).toMatchObject({ updated: 1 });
    expect((await reconcile.reconcile()).mergedChildren).toBe(1);

    expect(await casesOfChild(a)).toEqual([]);
    const ofB = await casesOfChild(b.id);
    expect(ofB.map((c) => c.id)).toEqual(expect.arrayContaining([registration, missingA, missingB]));
    // One MISSING_PARENT case still owed: A's is closed, pointing at B's.
    const { case: merged } = await ok(server.graphql, CASE, { id: missingA });
    expect(merged).toMatchObject({ status: 'CLOSED', childId: b.id });
    expect(merged.events.at(-1)).toMatchObject({ action: 'MERGED', actorSub: 'hub', details: { continuedIn: missingB } });
    expect((await ok(server.graphql, CASE, { id: missingB })).case).toMatchObject({ status: 'OPEN', childId: b.id });
    // B is registered: A's REGISTRATION case, now B's, is resolved with the police record as evidence.
    const { case: resolved } = await ok(police, CASE, { id: registration });
    expect(resolved).toMatchObject({ status: 'RESOLVED', outcome: 'REGISTERED', childId: b.id });
    expect(resolved.events.at(-1).note).toMatch(/^UNREGISTERED cleared: household registration found: police record R\d+$/);
    expect(JSON.stringify(resolved)).not.toContain(b.idNumber);
  });
});
