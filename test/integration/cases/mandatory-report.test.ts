import { Role } from '../../../src/auth/roles';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlBody, type GraphqlClient } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

const REPORT = `mutation($input: ReportConcernInput!) {
  reportConcern(input: $input) { id caseId concern observedOn joined childIdentified stage status due overdue outcome }
}`;
const MY_REPORTS = `query { myReports(first: 10) { totalCount edges { node { id caseId concern stage status outcome childIdentified joined } } } }`;
const CONCERN_REPORTS = `query($id: ID!) {
  concernReports(caseId: $id) { id reporterRole description reportedName reportedBirthDate areaCode childId candidates { childId matchWeight strength comparisons { comparison level weight } } }
}`;
const STATUS = 'caseId stage status ownerRole childId due overdue outcome';
const ATTACH = `mutation($input: AttachReportChildInput!) { attachReportChild(input: $input) { ${STATUS} } }`;
const RESPOND = `mutation($input: RecordReportResponseInput!) { recordReportResponse(input: $input) { ${STATUS} } }`;
const ASSESS = `mutation($input: RecordReportAssessmentInput!) { recordReportAssessment(input: $input) { ${STATUS} } }`;
const SUPPORT = `mutation($input: RecordReportSupportInput!) { recordReportSupport(input: $input) { ${STATUS} } }`;
const CLOSE = `mutation($input: CloseReportInput!) { closeReport(input: $input) { ${STATUS} } }`;

const response = (caseId: string) => ({
  caseId, respondedAt: new Date().toISOString(), emergencyMeasure: 'TEMPORARY_CARE', careGiver: 'RELATIVE',
  careGiverName: 'the child’s aunt, same village', townNotifiedOn: today(), note: 'attended at 21:10; the child was alone at home, no adult since Monday',
});
const assessment = (caseId: string) => ({ caseId, safety: 'safe with the aunt', guardianship: 'parents working in Shenzhen, grandmother in hospital', health: 'well; anxious' });
const support = (caseId: string) => ({ caseId, measures: ['GUARDIANSHIP_GUIDANCE', 'PSYCHOLOGICAL_COUNSELLING', 'SOCIAL_ASSISTANCE'], note: 'the aunt is the entrusted guardian until the mother returns' });
const closing = (caseId: string) => ({ caseId, outcome: 'SUPPORT_ARRANGED', note: 'the mother came back; the town supervisor follows up monthly' });

function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function codeOf(body: GraphqlBody): string | undefined {
  return body.errors?.[0]?.extensions?.code;
}

// A generated county (invented people), imported and reconciled, served by the real server; a
// namesake of one child, born three years later in the same village, is imported beside it.
describe('the mandatory report (强制报告), through the real server', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let target: { id: string; area: string; name: string; birthDate: string; sex: string };
  let namesakeId: string;
  let otherTown: string;
  // The server's clock: a test moves it on to see a report go overdue.
  let clockOffset = 0;
  const as = (role: Role, area: string, sub?: string): Promise<GraphqlClient> => server.as(role, area, sub);
  const county = () => target.area.slice(0, 6);
  const town = () => target.area.slice(0, 9);

  beforeAll(async () => {
    const generated = await generatedCounty(tmp.dir, 300, 'mandatory-report');
    db = await createTestDatabase();
    await importCounty(db.pool, generated.files);
    const reconcile = () => new ReconcileService(new IdentityStore(db.pool)).reconcile();
    await reconcile();
    const { rows } = await db.pool.query(
      `SELECT id, area_code AS area, golden->'name'->>'value' AS name, golden->'birthDate'->>'value' AS "birthDate", golden->'sex'->>'value' AS sex FROM child
       WHERE verification = 'VERIFIED' AND length(area_code) = 12 AND golden->'name'->>'value' ~ '^[一-龥]{2,3}$'
         AND NOT EXISTS (SELECT 1 FROM child o WHERE o.id <> child.id AND o.golden->'name'->>'value' = child.golden->'name'->>'value')
       ORDER BY id LIMIT 1`,
    );
    target = rows[0];
    const namesakeBirth = `${Number(target.birthDate.slice(0, 4)) + 3}${target.birthDate.slice(4)}`;
    const header = '记录编号,姓名,性别,出生日期,身份证号,民族,行政区划代码,监护人姓名,监护人关系,监护人电话,监护类型,填报人,填报日期';
    const row = `MZ-TEST-NAMESAKE,${target.name},${target.sex},${namesakeBirth},,汉族,${target.area},周桂英,祖母,13900000000,隔代监护,测试员,2024-02-01`;
    const file = tmp.file('namesake.csv', `${header}\n${row}\n`);
    await new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir).importFile(file, { source: 'civil-affairs', period: '2024Q1' });
    await reconcile();
    const namesake = await db.pool.query(`SELECT cr.child_id FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id WHERE r.record_key = 'MZ-TEST-NAMESAKE'`);
    namesakeId = namesake.rows[0].child_id;
    const other = await db.pool.query(`SELECT left(area_code, 9) AS town FROM child WHERE county_code = $1 AND length(area_code) >= 9 AND left(area_code, 9) <> $2 LIMIT 1`, [target.area.slice(0, 6), target.area.slice(0, 9)]);
    otherTown = other.rows[0].town;
    server = await startTestServer(db, tmp.dir, { workers: false, clock: () => new Date(Date.now() + clockOffset) });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  it('has a namesake in the same village, a child of its own', () => {
    expect(namesakeId).toBeDefined();
    expect(namesakeId).not.toBe(target.id);
  });

  it('runs end to end: reported by name, matched, attached, responded to, assessed, supported and closed, each step by its role', async () => {
    const director = await as(Role.VILLAGE_DIRECTOR, target.area, 'director-of-the-village');
    const police = await as(Role.POLICE, county(), 'police-duty-desk');
    const supervisor = await as(Role.TOWN_SUPERVISOR, town(), 'town-supervisor');
    const civil = await as(Role.CIVIL_AFFAIRS, county(), 'civil-affairs-desk');

    // Reported: a village director who knows the child's name, not its id.
    const reported = await director(REPORT, { input: { name: target.name, birthDate: target.birthDate, areaCode: target.area, concern: 'ALONE', observedOn: today(), description: 'the child has been alone at home for a week' } });
    expect(reported.body.errors).toBeUndefined();
    const report = reported.body.data!.reportConcern;
    expect(report).toMatchObject({ concern: 'ALONE', joined: false, childIdentified: false, stage: 'REPORTED', status: 'OPEN', overdue: false, outcome: null });
    const hoursDue = (Date.parse(report.due) - Date.now()) / 3600_000;
    expect(hoursDue).toBeGreaterThan(23);
    expect(hoursDue).toBeLessThanOrEqual(24);
    const caseId: string = report.caseId;

    // Matched: the engine proposes the right child first, its namesake below.
    const proposed = await police(CONCERN_REPORTS, { id: caseId });
    expect(proposed.body.errors).toBeUndefined();
    const [detail] = proposed.body.data!.concernReports;
    expect(detail).toMatchObject({ reporterRole: 'VILLAGE_DIRECTOR', description: 'the child has been alone at home for a week', reportedName: target.name, reportedBirthDate: target.birthDate, childId: null });
    const ranked = detail.candidates.map((c: { childId: string }) => c.childId);
    expect(ranked[0]).toBe(target.id);
    expect(ranked).toContain(namesakeId);
    expect(ranked.indexOf(namesakeId)).toBeGreaterThan(0);
    expect(detail.candidates[0].strength).not.toBe('WEAK');
    expect(detail.candidates[0].comparisons.find((c: { comparison: string }) => c.comparison === 'birth date').level).toBe('exact');

    // Attached by the police; then the response, which hands the case to civil affairs and the town.
    const attached = await police(ATTACH, { input: { caseId, childId: target.id } });
    expect(attached.body.data?.attachReportChild).toMatchObject({ caseId, childId: target.id, stage: 'REPORTED', ownerRole: 'POLICE' });
    const responded = await police(RESPOND, { input: response(caseId) });
    expect(responded.body.errors).toBeUndefined();
    expect(responded.body.data!.recordReportResponse).toMatchObject({ stage: 'RESPONDED', status: 'IN_PROGRESS', ownerRole: 'CIVIL_AFFAIRS' });
    // Handed over, the case stays readable by the police, who help with the assessment.
    const read = await police('query($id: ID!) { case(id: $id) { id ownerRole events { action } } }', { id: caseId });
    expect(read.body.data!.case).toEqual({ id: caseId, ownerRole: 'CIVIL_AFFAIRS', events: [{ action: 'OPENED' }, { action: 'CHILD_ATTACHED' }, { action: 'RESPONDED' }] });
    const daysDue = (Date.parse(responded.body.data!.recordReportResponse.due) - Date.now()) / 86400_000;
    expect(daysDue).toBeGreaterThan(14.9);
    expect(daysDue).toBeLessThanOrEqual(15);

    const assessed = await supervisor(ASSESS, { input: assessment(caseId) });
    expect(assessed.body.data?.recordReportAssessment).toMatchObject({ stage: 'ASSESSED', status: 'IN_PROGRESS' });
    const supported = await civil(SUPPORT, { input: support(caseId) });
    expect(supported.body.data?.recordReportSupport).toMatchObject({ stage: 'SUPPORT_ARRANGED' });
    const closed = await civil(CLOSE, { input: closing(caseId) });
    expect(closed.body.data?.closeReport).toMatchObject({ stage: 'SETTLED', status: 'CLOSED', outcome: 'SUPPORT_ARRANGED', overdue: false });

    // Every step is an event, by its actor, in order; nothing was changed in place.
    const { rows: events } = await db.pool.query(`SELECT action, actor_sub, actor_role, details FROM case_event WHERE case_id = $1 ORDER BY id`, [caseId]);
    expect(events.map((e) => [e.action, e.actor_role])).toEqual([
      ['OPENED', 'VILLAGE_DIRECTOR'], ['CHILD_ATTACHED', 'POLICE'], ['RESPONDED', 'POLICE'], ['ASSESSED', 'TOWN_SUPERVISOR'], ['SUPPORT_ARRANGED', 'CIVIL_AFFAIRS'], ['CLOSED', 'CIVIL_AFFAIRS'],
    ]);
    expect(events[2].details).toMatchObject({ emergencyMeasure: 'TEMPORARY_CARE', careGiver: 'RELATIVE', townNotifiedOn: today() });
    expect(events[3].details).toEqual({ safety: 'safe with the aunt', guardianship: 'parents working in Shenzhen, grandmother in hospital', health: 'well; anxious' });
    // Refused to the hub's role (no grant), and to the owner too (the triggers).
    await expect(db.pool.query(`DELETE FROM concern_report WHERE case_id = $1`, [caseId])).rejects.toThrow(/permission denied/);
    await expect(db.asOwner(`UPDATE case_event SET note = 'rewritten' WHERE case_id = $1`, [caseId])).rejects.toThrow(/case events cannot be changed/);
    await expect(db.asOwner(`DELETE FROM concern_report WHERE case_id = $1`, [caseId])).rejects.toThrow(/mandatory reports cannot be changed/);

    // The reporter sees where its report stands, and nothing of the child's file.
    const mine = await director(MY_REPORTS);
    expect(mine.body.data!.myReports.totalCount).toBe(1);
    expect(mine.body.data!.myReports.edges[0].node).toEqual({ id: report.id, caseId, concern: 'ALONE', stage: 'SETTLED', status: 'CLOSED', outcome: 'SUPPORT_ARRANGED', childIdentified: true, joined: false });

    // Every read was audited under the child: the case after each step, the proposals, the reporter's view.
    const { rows: audit } = await db.pool.query(`SELECT role, operation, child_id FROM audit_entry WHERE operation LIKE '%case:' || $1 ORDER BY id`, [caseId]);
    expect(audit.map((a) => a.operation)).toEqual(expect.arrayContaining([`reportCandidates:case:${caseId}`, `attach:case:${caseId}`, `respond:case:${caseId}`, `assess:case:${caseId}`, `close:case:${caseId}`, `myReports:case:${caseId}`]));
    const candidateReads = audit.filter((a) => a.operation === `reportCandidates:case:${caseId}`).map((a) => a.child_id);
    expect(candidateReads).toEqual(expect.arrayContaining([target.id, namesakeId]));
  });

  it('refuses each step to the wrong role (FORBIDDEN), and to the right role outside its area (no such case)', async () => {
    const teacher = await as(Role.EDUCATION, county(), 'a-teacher');
    const reported = await teacher(REPORT, { input: { childId: target.id, concern: 'ABUSE_SUSPECTED', observedOn: today(), description: 'bruises on both arms, twice this month' } });
    expect(reported.body.errors).toBeUndefined();
    const caseId: string = reported.body.data!.reportConcern.caseId;
    expect(reported.body.data!.reportConcern).toMatchObject({ childIdentified: true, stage: 'REPORTED' });

    const auditor = await as(Role.AUDITOR, county());
    const refusedReport = await auditor(REPORT, { input: { childId: target.id, concern: 'OTHER', observedOn: today(), description: 'x' } });
    expect(codeOf(refusedReport.body)).toBe('FORBIDDEN');
    expect(refusedReport.body.data?.reportConcern ?? null).toBeNull();

    const roles = {
      police: await as(Role.POLICE, county()),
      civil: await as(Role.CIVIL_AFFAIRS, county()),
      supervisor: await as(Role.TOWN_SUPERVISOR, town()),
      director: await as(Role.VILLAGE_DIRECTOR, target.area),
      teacher,
      auditor,
    };
    const refused = async (client: GraphqlClient, query: string, input: Record<string, unknown>, code: string) => {
      const { body } = await client(query, { input });
      expect(codeOf(body)).toBe(code);
      expect(body.data ?? null).toBeNull();
    };
    // The response: police only.
    for (const client of [roles.civil, roles.supervisor, roles.director, roles.teacher, roles.auditor]) await refused(client, RESPOND, response(caseId), 'FORBIDDEN');
    // Assessment before the response: the right role, the wrong moment.
    await refused(roles.supervisor, ASSESS, assessment(caseId), 'BAD_USER_INPUT');
    // A police station of another town does not see the case.
    await refused(await as(Role.POLICE, otherTown), RESPOND, response(caseId), 'BAD_USER_INPUT');
    expect((await roles.police(RESPOND, { input: response(caseId) })).body.data?.recordReportResponse.stage).toBe('RESPONDED');
    await refused(roles.police, RESPOND, response(caseId), 'BAD_USER_INPUT');

    // Assessment, support and closure: the town supervisor and civil affairs only.
    for (const client of [roles.police, roles.director, roles.teacher, roles.auditor]) await refused(client, ASSESS, assessment(caseId), 'FORBIDDEN');
    await refused(await as(Role.TOWN_SUPERVISOR, otherTown), ASSESS, assessment(caseId), 'BAD_USER_INPUT');
    await refused(roles.civil, CLOSE, closing(caseId), 'BAD_USER_INPUT'); // not assessed yet
    expect((await roles.civil(ASSESS, { input: assessment(caseId) })).body.data?.recordReportAssessment.stage).toBe('ASSESSED');
    for (const client of [roles.police, roles.director, roles.teacher, roles.auditor]) await refused(client, SUPPORT, support(caseId), 'FORBIDDEN');
    for (const client of [roles.police, roles.director, roles.teacher, roles.auditor]) await refused(client, CLOSE, closing(caseId), 'FORBIDDEN');
    await refused(roles.supervisor, CLOSE, closing(caseId), 'BAD_USER_INPUT'); // SUPPORT_ARRANGED before any support
    expect((await roles.supervisor(CLOSE, { input: { caseId, outcome: 'GUARDIANSHIP_RESTORED', note: 'the father is back at home' } })).body.data?.closeReport.status).toBe('CLOSED');

    // Attaching a child and reading a report's words: police and civil affairs (the town supervisor reads).
    for (const client of [roles.supervisor, roles.director, roles.teacher, roles.auditor]) await refused(client, ATTACH, { caseId, childId: target.id }, 'FORBIDDEN');
    for (const client of [roles.director, roles.teacher, roles.auditor]) {
      const { body } = await client(CONCERN_REPORTS, { id: caseId });
      expect(codeOf(body)).toBe('FORBIDDEN');
      expect(body.data ?? null).toBeNull();
    }
    // The case's reports are the teacher's words, for the town supervisor too; no proposals once the child is known.
    const read = await roles.supervisor(CONCERN_REPORTS, { id: caseId });
    expect(read.body.data!.concernReports).toEqual([expect.objectContaining({ reporterRole: 'EDUCATION', childId: target.id, candidates: [] })]);
    expect((await (await as(Role.TOWN_SUPERVISOR, otherTown))(CONCERN_REPORTS, { id: caseId })).body.data!.concernReports).toEqual([]);
  });

  it('shows each reporter its own reports only, and a second report on a child joins the case it has', async () => {
    const first = await as(Role.VILLAGE_DIRECTOR, target.area, 'director-two');
    // A town supervisor reads the county's cases: it is told its report joined the open one.
    const second = await as(Role.TOWN_SUPERVISOR, target.area.slice(0, 9), 'supervisor-two');
    const input = { childId: namesakeId, concern: 'GUARDIAN_INCAPABLE', observedOn: today(), description: 'the grandmother is bedridden' };
    const a = (await first(REPORT, { input })).body.data!.reportConcern;
    const b = (await second(REPORT, { input: { ...input, concern: 'ALONE', description: 'absent from school, alone at home' } })).body.data!.reportConcern;
    expect(a.joined).toBe(false);
    expect(b).toMatchObject({ joined: true, caseId: a.caseId, stage: 'REPORTED' });
    const mineA = (await first(MY_REPORTS)).body.data!.myReports;
    const mineB = (await second(MY_REPORTS)).body.data!.myReports;
    expect(mineA.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([a.id]);
    expect(mineB.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([b.id]);
    const { rows } = await db.pool.query(`SELECT action, actor_sub FROM case_event WHERE case_id = $1 ORDER BY id`, [a.caseId]);
    expect(rows).toEqual([{ action: 'OPENED', actor_sub: 'director-two' }, { action: 'REPORTED', actor_sub: 'supervisor-two' }]);
  });

  it('refuses a report that names no child, names it twice, or lies outside the reporter’s county or area', async () => {
    const director = await as(Role.VILLAGE_DIRECTOR, target.area);
    const base = { concern: 'MISSING', observedOn: today(), description: 'not seen since Sunday' };
    const refusedWith = async (input: Record<string, unknown>, message: RegExp) => {
      const { body } = await director(REPORT, { input: { ...base, ...input } });
      expect(codeOf(body)).toBe('BAD_USER_INPUT');
      expect(body.errors![0].message).toMatch(message);
    };
    await refusedWith({ name: target.name }, /its id, or its name, birth date and area/);
    await refusedWith({ childId: target.id, name: target.name }, /not both/);
    await refusedWith({ name: target.name, birthDate: target.birthDate, areaCode: '110101' }, /in your county/);
    await refusedWith({ name: target.name, birthDate: '2030-01-01', areaCode: target.area }, /future/);
    // A child of another village, named by id: no such child for this director.
    const { rows } = await db.pool.query(`SELECT id FROM child WHERE length(area_code) = 12 AND area_code <> $1 ORDER BY id LIMIT 1`, [target.area]);
    await refusedWith({ childId: rows[0].id }, /no child/);
  });

  it('opens a report on a child the hub does not know, owned by the police of the county', async () => {
    const director = await as(Role.VILLAGE_DIRECTOR, target.area, 'director-three');
    const { body } = await director(REPORT, { input: { name: '欧阳未知', birthDate: '2016-05-05', areaCode: target.area, concern: 'MISSING', observedOn: today(), description: 'a child staying with a neighbour' } });
    const caseId = body.data!.reportConcern.caseId;
    const police = await as(Role.POLICE, county());
    const proposed = await police(CONCERN_REPORTS, { id: caseId });
    const [detail] = proposed.body.data!.concernReports;
    expect(detail.childId).toBeNull();
    expect(detail.candidates.every((c: { strength: string }) => c.strength === 'WEAK')).toBe(true);
    const { rows } = await db.pool.query(`SELECT child_id, owner_role, area_code, county_code FROM "case" WHERE id = $1`, [caseId]);
    expect(rows[0]).toEqual({ child_id: null, owner_role: 'POLICE', area_code: target.area, county_code: county() });
  });

  it('keeps the report off updateCase: the owner cannot close it past its steps', async () => {
    const director = await as(Role.VILLAGE_DIRECTOR, target.area, 'director-four');
    const { body } = await director(REPORT, { input: { name: '欧阳另一', birthDate: '2015-01-01', areaCode: target.area, concern: 'OTHER', observedOn: today(), description: 'seen begging near the market' } });
    const caseId = body.data!.reportConcern.caseId;
    const police = await as(Role.POLICE, county());
    const closed = await police('mutation($id: ID!) { updateCase(input: { id: $id, action: CLOSE, outcome: "NO_CONCERN_FOUND", note: "nothing found" }) { id status } }', { id: caseId });
    expect(codeOf(closed.body)).toBe('BAD_USER_INPUT');
    expect(closed.body.errors![0].message).toMatch(/recordReportResponse/);
    const noted = await police('mutation($id: ID!) { updateCase(input: { id: $id, action: NOTE, note: "patrol passed twice, not found yet" }) { id status } }', { id: caseId });
    expect(noted.body.data?.updateCase).toEqual({ id: caseId, status: 'OPEN' });
  });

  it('is overdue 24 hours after the report until the police respond, then due for assessment in 15 days', async () => {
    const { rows } = await db.pool.query(`SELECT id FROM child WHERE county_code = $1 AND area_code LIKE $2 || '%' AND id <> ALL($3) ORDER BY id LIMIT 1`, [county(), town(), [target.id, namesakeId]]);
    const reporter = await as(Role.TOWN_SUPERVISOR, town(), 'supervisor-five');
    const police = await as(Role.POLICE, county());
    const { body } = await reporter(REPORT, { input: { childId: rows[0].id, concern: 'MISSING', observedOn: today(), description: 'not at school nor at home since yesterday' } });
    const caseId = body.data!.reportConcern.caseId;
    const overdueCases = async () => (await police('{ cases(filter: { kind: MANDATORY_REPORT, overdue: true }, first: 100) { edges { node { id } } } }')).body.data!.cases.edges.map((e: { node: { id: string } }) => e.node.id);
    try {
      clockOffset = 23 * 3600_000;
      expect((await reporter(MY_REPORTS)).body.data!.myReports.edges[0].node.caseId).toBe(caseId);
      expect(await overdueCases()).not.toContain(caseId);
      clockOffset = 25 * 3600_000;
      expect(await overdueCases()).toContain(caseId);
      const mine = await reporter(`query { myReports(first: 1) { edges { node { caseId stage overdue } } } }`);
      expect(mine.body.data!.myReports.edges[0].node).toEqual({ caseId, stage: 'REPORTED', overdue: true });
      const responded = await police(RESPOND, { input: response(caseId) });
      expect(responded.body.data!.recordReportResponse).toMatchObject({ stage: 'RESPONDED', overdue: false });
      const days = (Date.parse(responded.body.data!.recordReportResponse.due) - (Date.now() + clockOffset)) / 86400_000;
      expect(days).toBeGreaterThan(14.9);
      expect(days).toBeLessThanOrEqual(15);
      clockOffset += 16 * 86400_000;
      const late = await reporter(`query { myReports(first: 1) { edges { node { stage overdue } } } }`);
      expect(late.body.data!.myReports.edges[0].node).toEqual({ stage: 'RESPONDED', overdue: true });
    } finally {
      clockOffset = 0;
    }
  });

  it('takes a report to the case its child already has when the police attach the child', async () => {
    const director = await as(Role.VILLAGE_DIRECTOR, target.area, 'director-six');
    const police = await as(Role.POLICE, county());
    const byId = (await director(REPORT, { input: { childId: namesakeId, concern: 'ALONE', observedOn: today(), description: 'alone again tonight' } })).body.data!.reportConcern;
    const byName = (await director(REPORT, { input: { name: target.name, birthDate: '2010-01-01', areaCode: target.area, concern: 'ALONE', observedOn: today(), description: 'a child of that name, alone' } })).body.data!.reportConcern;
    expect(byName.caseId).not.toBe(byId.caseId);
    // Not before the report was made.
    const early = await police(RESPOND, { input: { ...response(byName.caseId), respondedAt: new Date(Date.now() - 86400_000).toISOString() } });
    expect(early.body.errors![0].message).toMatch(/before case .* was opened/);
    const attached = await police(ATTACH, { input: { caseId: byName.caseId, childId: namesakeId } });
    expect(attached.body.data!.attachReportChild).toMatchObject({ caseId: byId.caseId, childId: namesakeId });
    const { rows } = await db.pool.query(`SELECT status, details->>'continuedIn' AS "continuedIn" FROM "case" WHERE id = $1`, [byName.caseId]);
    expect(rows[0]).toEqual({ status: 'CLOSED', continuedIn: byId.caseId });
    const mine = (await director(MY_REPORTS)).body.data!.myReports.edges.map((e: { node: { caseId: string; childIdentified: boolean } }) => e.node);
    expect(mine.map((n: { caseId: string }) => n.caseId)).toEqual([byId.caseId, byId.caseId]);
    expect(mine.every((n: { childIdentified: boolean }) => n.childIdentified)).toBe(true);
  });

  it('leaves a report in people’s hands when the roster stops saying 无人监护: the clearing is noted, the rule’s own case resolves', async () => {
    const header = '记录编号,姓名,性别,出生日期,身份证号,民族,行政区划代码,监护人姓名,监护人关系,监护人电话,监护类型,填报人,填报日期';
    const rows = (guardianship: string) => [
      `MZ-TEST-ALONE-1,钱安然,男,2014-05-01,,汉族,${target.area},,,13911110001,${guardianship},测试员,2024-02-01`,
      `MZ-TEST-ALONE-2,孔乐宁,女,2013-09-09,,汉族,${target.area},,,13922220002,${guardianship},测试员,2024-02-01`,
    ];
    const importRows = async (period: string, guardianship: string) => {
      const file = tmp.file(`alone-${period}.csv`, [header, ...rows(guardianship)].join('\n') + '\n');
      await new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir).importFile(file, { source: 'civil-affairs', period });
      await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    };
    await importRows('2024Q1', '无人监护');
    const caseOf = async (key: string) =>
      (await db.pool.query(
        `SELECT k.id::text, k.status, k.opened_by FROM "case" k JOIN child_record cr ON cr.child_id = k.child_id JOIN source_record r ON r.id = cr.source_record_id
         WHERE r.record_key = $1 AND k.kind = 'MANDATORY_REPORT' ORDER BY k.id DESC LIMIT 1`,
        [key],
      )).rows[0];
    const [reportedCase, ruleCase] = [await caseOf('MZ-TEST-ALONE-1'), await caseOf('MZ-TEST-ALONE-2')];
    expect(reportedCase).toMatchObject({ status: 'OPEN', opened_by: 'RULE' });
    expect(ruleCase).toMatchObject({ status: 'OPEN', opened_by: 'RULE' });
    // A school reports the first child: its report joins the case the rule opened.
    const { rows: child } = await db.pool.query(`SELECT cr.child_id FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id WHERE r.record_key = 'MZ-TEST-ALONE-1'`);
    const teacher = await as(Role.EDUCATION, county(), 'teacher-seven');
    const report = (await teacher(REPORT, { input: { childId: child[0].child_id, concern: 'ABUSE_SUSPECTED', observedOn: today(), description: 'burns on the hands' } })).body.data!.reportConcern;
    // Education reads no mandatory-report case: it is not told that one was open already (the
    // rule's, from a flag education does not see), and follows its own report's 24 hours.
    expect(report).toMatchObject({ caseId: reportedCase.id, joined: false, stage: 'REPORTED', overdue: false });
    expect((Date.parse(report.due) - Date.now()) / 3600_000).toBeGreaterThan(23);
    const { rows: stored } = await db.pool.query(`SELECT joined FROM concern_report WHERE id = $1::bigint`, [report.id]);
    expect(stored[0].joined).toBe(true); // the police, who read the case, see that it joined
    expect((await teacher(MY_REPORTS)).body.data!.myReports.edges[0].node).toMatchObject({ joined: false });

    await importRows('2024Q2', '祖父母监护');
    const { rows: after } = await db.pool.query(`SELECT id::text, status, outcome FROM "case" WHERE id = ANY($1::bigint[]) ORDER BY id`, [[reportedCase.id, ruleCase.id]]);
    const byId = Object.fromEntries(after.map((r) => [r.id, r]));
    expect(byId[ruleCase.id]).toMatchObject({ status: 'RESOLVED', outcome: 'GUARDIANSHIP_RESTORED' });
    expect(byId[reportedCase.id]).toMatchObject({ status: 'OPEN', outcome: null });
    const { rows: events } = await db.pool.query(`SELECT action FROM case_event WHERE case_id = $1 ORDER BY id`, [reportedCase.id]);
    expect(events.map((e) => e.action)).toEqual(['OPENED', 'REPORTED', 'FLAG_CLEARED']);
    expect((await teacher(MY_REPORTS)).body.data!.myReports.edges[0].node).toMatchObject({ caseId: reportedCase.id, stage: 'REPORTED', status: 'OPEN' });
  });
});
