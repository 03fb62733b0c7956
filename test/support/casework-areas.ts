import path from 'node:path';
import { ChinaDivisionRegistry } from '../../src/areas/china-division-registry';
import { Role } from '../../src/auth/roles';
import { generateNextQuarter } from '../../src/generate/next-quarter';
import { IdentityStore } from '../../src/modules/identity/identity.store';
import { ReconcileService } from '../../src/modules/identity/reconcile.service';
import { ReviewService } from '../../src/modules/identity/review.service';
import { ImportService } from '../../src/modules/ingest/import.service';
import { importCounty, SOURCES } from './county';
import { tempDir } from './files';
import type { GraphqlClient } from './server';
import { COUNTY_A, COUNTY_B, twoCounties } from './two-counties';

/**
 * Words written into the casework that only some roles may read, each unique so that an answer
 * can be searched for it: a report's own words (DESC-…, read by police, civil affairs and the town
 * supervisor of its area) and the personal facts of a case's steps (PERSONAL-…, never the
 * auditor's to read).
 */
export const MARK = {
  /** Reported by name in V1 (no child attached: the proposals are read). */
  descV1: 'DESC-V1 the child is alone at night; the father',
  /** Reported by id in V1, then responded to and assessed. */
  descV1Steps: 'DESC-V1-STEPS bruises seen twice this month',
  descT2: 'DESC-T2 the child has not been seen at school or at home',
  descB: 'DESC-B the child sleeps in the village hall',
  careGiver: 'PERSONAL-CARER 李桂兰, the aunt',
  safety: 'PERSONAL-SAFETY safe with the aunt',
  guardianship: 'PERSONAL-GUARDIANSHIP parents working in Dongguan',
  health: 'PERSONAL-HEALTH a healed fracture of the left arm',
  response: 'PERSONAL-RESPONSE found alone at 22:10',
  note: 'PERSONAL-NOTE the mother called from Dongguan; her ID',
} as const;

const DAY = 24 * 60 * 60 * 1000;

function chinaDay(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * DAY).toISOString().slice(0, 10);
}

async function ok(client: GraphqlClient, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const { body } = await client(query, variables);
  if (body.errors !== undefined) throw new Error(`seeding failed: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/**
 * The two counties of the access tests (twoCounties: V1 and V2 in town T1, town T2, county B) with
 * casework in several places, so that every casework read has something to return inside a
 * role's area and something outside it:
 * - county A's next quarter (2024Q2, from the generator) imported and reconciled, with a merge and
 *   a split decided by a reviewer in between, so that `changes` holds every kind;
 * - a child of V1 alone (无人监护) in 2024Q1 and with its guardian again in 2024Q2: its
 *   MANDATORY_REPORT case is resolved by the data, with the guardianship as evidence;
 * - cases opened by the rules (dropouts, unregistered children), two missing parents past their
 *   six months (V1 and T2: overdue in two towns), a note quoting an ID number;
 * - mandatory reports: by name in V1 (its proposed children in two towns of county A, and a
 *   namesake in county B), by id in V1 (responded to and assessed), in T2, and in county B.
 */
export async function caseworkAreas() {
  const f = await twoCounties({ childrenA: 200, childrenB: 30 });
  const { db, places } = f;
  const tmp = tempDir();
  const imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
  const reconcile = () => new ReconcileService(new IdentityStore(db.pool)).reconcile();

  // A registered child of V1 under 16 that a new roster line (2024Q1) lists as left alone (无人监护).
  const { rows: young } = await db.pool.query(
    `SELECT id, golden->'name'->>'value' AS name, golden->'sex'->>'value' AS sex, golden->'birthDate'->>'value' AS "birthDate", golden->'idNumber'->>'value' AS "idNumber"
     FROM child WHERE area_code = $1 AND NOT flag_names && '{ALONE_UNDER_16}' AND golden->'birthDate'->>'value' > '2009-06-01'
       AND golden->'idNumber'->>'value' ~ '^\\d{17}[\\dX]$' ORDER BY golden->'birthDate'->>'value' DESC, id LIMIT 1`,
    [places.v1.area],
  );
  if (young.length === 0) throw new Error('no registered child under 16 in V1');
  const alone: string = young[0].id;
  const rosterLine = (guardianship: string, category = '') => ({
    记录编号: 'MZ-ALONE-V1', 姓名: young[0].name, 性别: young[0].sex === 'M' ? '男' : '女', 出生日期: young[0].birthDate, 身份证号: young[0].idNumber,
    行政区划代码: places.v1.area, 监护类型: guardianship, 儿童类别: category,
  });
  await imports.importRows([rosterLine('无人监护')], { source: 'civil-affairs', period: '2024Q1', county: COUNTY_A });
  await reconcile();

  // The child a report names without its id: a name no other child of the hub has.
  const { rows: named } = await db.pool.query(
    `SELECT id, golden->'name'->>'value' AS name, golden->'birthDate'->>'value' AS "birthDate", golden->'sex'->>'value' AS sex FROM child
     WHERE area_code = $1 AND id <> ALL($2::text[]) AND golden->'name'->>'value' ~ '^[一-龥]{2,3}$' AND golden->'birthDate'->>'value' IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM child o WHERE o.id <> child.id AND o.golden->'name'->>'value' = child.golden->'name'->>'value')
     ORDER BY id LIMIT 1`,
    [places.v1.area, [alone]],
  );
  const target: { id: string; name: string; birthDate: string; sex: string } = named[0];
  // Its namesakes, born three years later: one in a village of town T2, one in county B.
  const namesake = (key: string, area: string) => ({
    记录编号: key, 姓名: target.name, 性别: target.sex === 'M' ? '男' : '女', 出生日期: `${Number(target.birthDate.slice(0, 4)) + 3}${target.birthDate.slice(4)}`,
    行政区划代码: area, 监护人姓名: '周桂英', 监护人关系: '祖母', 监护人电话: '13900000000', 监护类型: '隔代监护', 儿童类别: '留守儿童',
  });

  // County A's next quarter; the namesake in T2 arrives with it.
  const q2 = path.join(tmp.dir, 'a-2024Q2');
  await generateNextQuarter({ from: f.dirs.a, period: '2024Q2', seed: 'access-a' }, q2);
  await importCounty(db.pool, Object.fromEntries(SOURCES.map((s) => [s, path.join(q2, `${s}.csv`)])), undefined, '2024Q2', tmp.dir);
  // The alone child's roster line of 2024Q2 names its parents as guardians again, both working
  // away: its category changes and LEFT_BEHIND is raised.
  await imports.importRows([rosterLine('父母监护', '留守儿童'), namesake('MZ-NAMESAKE-T2', places.t2.area)], { source: 'civil-affairs', period: '2024Q2', county: COUNTY_A });
  await imports.importRows([namesake('MZ-NAMESAKE-B', places.b.area)], { source: 'civil-affairs', period: '2024Q1', county: COUNTY_B });

  // A reviewer merges two children of one village (those with fewest records) and splits another child
  // (of V2 where it can) in two, before the quarter is reconciled: MERGED and SPLIT between 2024Q1 and 2024Q2.
  const reviews = new ReviewService(db.pool);
  const placeIds = [places.v1.childId, places.v2.childId, places.t2.childId, places.b.childId];
  const { rows: single } = await db.pool.query(
    `WITH present AS (
       SELECT c.id, c.area_code, min(cr.source_record_id) AS record, count(*) AS records FROM child c JOIN child_record cr ON cr.child_id = c.id
       JOIN child_period_state s ON s.child_id = c.id AND s.period = '2024Q1' AND s.present
       WHERE c.county_code = $1 AND c.id <> ALL($2::text[]) GROUP BY c.id, c.area_code)
     SELECT a.record AS left, b.record AS right FROM present a JOIN present b ON b.area_code = a.area_code AND b.record > a.record
     ORDER BY a.records + b.records, (a.area_code LIKE $3 || '%') DESC, a.record, b.record LIMIT 1`,
    [COUNTY_A, [target.id, alone, ...placeIds], places.v1.area.slice(0, 9)],
  );
  if (single.length === 0) throw new Error('no two children in one village');
  await reviews.decidePair(single[0].left, single[0].right, 'MATCH', 'test-reviewer', 'the same birth certificate');
  const { rows: whole } = await db.pool.query(
    `SELECT c.id, array_agg(cr.source_record_id ORDER BY cr.source_record_id) AS records FROM child c JOIN child_record cr ON cr.child_id = c.id
     WHERE c.county_code = $1 AND c.area_code <> $2 AND c.id <> ALL($3::text[]) GROUP BY c.id HAVING count(*) >= 2 ORDER BY bool_or(c.area_code = $4) DESC, c.id LIMIT 1`,
    [COUNTY_A, places.v1.area, placeIds, places.v2.area],
  );
  if (whole.length === 0) throw new Error('no child of county A with two records outside V1');
  await reviews.decidePair(whole[0].records[0], whole[0].records[1], 'NO_MATCH', 'test-reviewer', 'two children after all');
  await reconcile();

  // People's casework, through the server.
  const server = f.server;
  const police = await server.as(Role.POLICE, COUNTY_A, 'police-desk');
  const townPolice = await server.as(Role.POLICE, places.t1, 'town-police');
  const supervisor = await server.as(Role.TOWN_SUPERVISOR, places.t1, 'town-supervisor');
  const director = await server.as(Role.VILLAGE_DIRECTOR, places.v1.area, 'village-director');
  const teacher = await server.as(Role.EDUCATION, COUNTY_A, 'a-teacher');
  const civil = await server.as(Role.CIVIL_AFFAIRS, COUNTY_A, 'civil-desk');
  const civilB = await server.as(Role.CIVIL_AFFAIRS, COUNTY_B, 'civil-desk-b');
  const { rows: someId } = await db.pool.query(`SELECT golden->'fatherIdNumber'->>'value' AS id FROM child WHERE golden->'fatherIdNumber'->>'value' ~ '^\\d{17}[\\dX]$' ORDER BY id LIMIT 1`);
  const quotedId: string = someId[0].id;

  // Two parents missing for eight months: overdue (six months), in town T1 and in town T2.
  const missing = 'mutation($c: ID!, $on: String!) { recordMissingParent(childId: $c, parent: MOTHER, reportedOn: $on) { id } }';
  const missingV1: string = (await ok(police, missing, { c: places.v1.childId, on: chinaDay(-240) })).recordMissingParent.id;
  await ok(police, missing, { c: places.t2.childId, on: chinaDay(-240) });
  await ok(civil, 'mutation($id: ID!, $n: String!) { updateCase(input: { id: $id, action: NOTE, note: $n }) { id } }', { id: missingV1, n: `${MARK.note} ${quotedId} was checked` });

  const report = 'mutation($input: ReportConcernInput!) { reportConcern(input: $input) { caseId } }';
  const observedOn = chinaDay(-1);
  const byName = (await ok(director, report, { input: { name: target.name, birthDate: target.birthDate, areaCode: places.v1.area, concern: 'ALONE', observedOn, description: `${MARK.descV1} ${quotedId} works away` } })).reportConcern.caseId as string;
  const byId = (await ok(director, report, { input: { childId: places.v1.childId, concern: 'ABUSE_SUSPECTED', observedOn, description: MARK.descV1Steps } })).reportConcern.caseId as string;
  const inT2 = (await ok(teacher, report, { input: { childId: places.t2.childId, concern: 'MISSING', observedOn, description: MARK.descT2 } })).reportConcern.caseId as string;
  const inB = (await ok(civilB, report, { input: { childId: places.b.childId, concern: 'ALONE', observedOn, description: MARK.descB } })).reportConcern.caseId as string;
  const status = 'caseId stage';
  await ok(townPolice, `mutation($input: RecordReportResponseInput!) { recordReportResponse(input: $input) { ${status} } }`, {
    input: { caseId: byId, respondedAt: new Date().toISOString(), emergencyMeasure: 'TEMPORARY_CARE', careGiver: 'RELATIVE', careGiverName: MARK.careGiver, townNotifiedOn: chinaDay(), note: MARK.response },
  });
  await ok(supervisor, `mutation($input: RecordReportAssessmentInput!) { recordReportAssessment(input: $input) { ${status} } }`, {
    input: { caseId: byId, safety: MARK.safety, guardianship: MARK.guardianship, health: MARK.health },
  });

  return {
    ...f,
    /** The child whose MANDATORY_REPORT case the data resolved (guardianship back in 2024Q2). */
    alone,
    /** The child reported by name in V1, and the names its report carries. */
    target,
    reports: { byName, byId, inT2, inB },
    quotedId,
    async close() {
      tmp.cleanup();
      await f.close();
    },
  };
}
