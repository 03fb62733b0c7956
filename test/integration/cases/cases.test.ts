import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { Role } from '../../../src/auth/roles';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { runHub } from '../../support/cli';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;
type Server = Awaited<ReturnType<typeof startTestServer>>;

const COUNTY = '500109';
const DAY = 24 * 60 * 60 * 1000;

const CASES = `query C($filter: CaseFilter, $first: Int) { cases(filter: $filter, first: $first) {
  totalCount edges { node { id kind status ownerRole childId areaCode due overdue outcome openedBy refersTo sharedWith details events { action actorSub actorRole note outcome details } } } } }`;
const CASE = `query One($id: ID!) { case(id: $id) { id kind status childId outcome refersTo sharedWith events { action actorSub actorRole note outcome details } } }`;
const UPDATE = `mutation U($input: UpdateCaseInput!) { updateCase(input: $input) { id status outcome events { action actorSub note outcome } } }`;
const MISSING = `mutation M($childId: ID!, $reportedOn: String!) { recordMissingParent(childId: $childId, parent: MOTHER, reportedOn: $reportedOn) { id kind status ownerRole due details } }`;
const AUDIT = `query A($childId: String) { auditLog(filter: { childId: $childId }, first: 50) { edges { node { subject role operation childId } } } }`;
const VISITS_DUE = `query V($area: String, $first: Int) { visitsDue(areaCode: $area, first: $first) { totalCount edges { node { childId lastContact lastHomeVisit contactDue homeVisitDue } } } }`;
const RECORD_VISIT = `mutation R($input: RecordVisitInput!) { recordVisit(input: $input) { id } }`;
const DASHBOARD = `query D($area: String) { dashboard(areaCode: $area) { visitsDue overdueCases { kind areaCode count } } }`;

/**
 * Cases through the real server, on a generated county (invented people) imported for 2024Q1,
 * then with rows for later quarters: cases open at reconciliation for the flags that call for
 * follow-up, resolve when a later import clears the flag, open again (referring to the old case)
 * when it comes back, go overdue as the clock moves on, and each role sees and does what it may.
 */
describe('cases (through the real server)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Server;
  let imports: ImportService;
  let reconcile: ReconcileService;
  const later: Server[] = [];
  /** A child whose school record says 辍学, in a village, as first imported, with that record's raw row. */
  let target: { id: string; area: string; raw: Record<string, unknown> };

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 400, 'cases', 'low');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    reconcile = new ReconcileService(new IdentityStore(db.pool));
    await reconcile.reconcile();
    [target] = await confirmedDropouts();
    server = await startTestServer(db, tmp.dir);
  });
  afterAll(async () => {
    for (const s of later) await s.stop();
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  /** The server as it would answer `days` from now. */
  const serverIn = async (days: number): Promise<Server> => {
    const s = await startTestServer(db, tmp.dir, { workers: false, clock: () => new Date(Date.now() + days * DAY) });
    later.push(s);
    return s;
  };
  const ok = async (client: GraphqlClient, query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await client(query, variables);
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  const refused = async (client: GraphqlClient, query: string, variables: Record<string, unknown>) => {
    const { body } = await client(query, variables);
    expect(body.errors?.length).toBeGreaterThan(0);
    return { code: body.errors![0].extensions?.code, message: body.errors![0].message };
  };
  /**
   * Children carrying the flag whom the county still has in its care at the end of 2024Q1: not 18,
   * not moved out or dead, not known only to a school that says 毕业 or 转出 (a child out of care
   * gets no case: cases-leaving-care.test.ts).
   */
  const flagged = async (flag: string): Promise<string[]> =>
    (
      await db.pool.query(
        `SELECT id FROM child WHERE flag_names @> ARRAY[$1] AND NOT (
           coalesce(golden->'birthDate'->>'value', '9') <= '2006-03-31' OR coalesce(golden->'status'->>'value', '') IN ('迁出', '死亡')
           OR coalesce(golden->'enrolmentStatus'->>'value', '') = '死亡'
           OR (coalesce(golden->'enrolmentStatus'->>'value', '') IN ('毕业', '转出') AND NOT sources ?| ARRAY['civil-affairs', 'police']))
         ORDER BY id`,
        [flag],
      )
    ).rows.map((r) => r.id);
  const casesOf = async (kind: string, status?: string): Promise<{ id: string; child_id: string; status: string; refers_to: string | null }[]> =>
    (await db.pool.query(`SELECT id::text, child_id, status, refers_to::text FROM "case" WHERE kind = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id`, [kind, status ?? null])).rows;
  /** Children whose school record says 辍学, in a village, with that record's raw row. */
  const confirmedDropouts = async () =>
    (
      await db.pool.query(
        `SELECT c.id, c.area_code AS area, v.raw FROM child c
           JOIN child_record cr ON cr.child_id = c.id JOIN source_record r ON r.id = cr.source_record_id AND r.source = 'education'
           JOIN source_record_version v ON v.id = r.current_version_id
         WHERE c.flag_names @> '{DROPOUT}' AND c.golden->'enrolmentStatus'->>'value' = '辍学' AND length(c.area_code) = 12 ORDER BY c.id`,
      )
    ).rows;

  it('opens one case per flagged child and kind at reconciliation, owned by the department that does the work', async () => {
    const dropouts = await flagged('DROPOUT');
    const unregistered = await flagged('UNREGISTERED');
    const alone = await flagged('ALONE_UNDER_16');
    expect(dropouts.length).toBeGreaterThan(2);
    expect(unregistered.length).toBeGreaterThan(0);
    expect((await casesOf('DROPOUT_FOLLOW_UP')).map((c) => c.child_id).sort()).toEqual(dropouts);
    expect((await casesOf('REGISTRATION')).map((c) => c.child_id).sort()).toEqual(unregistered);
    expect((await casesOf('MANDATORY_REPORT')).map((c) => c.child_id).sort()).toEqual(alone);

    const education = await server.as(Role.EDUCATION, COUNTY);
    const { cases } = await ok(education, CASES, { filter: { kind: 'DROPOUT_FOLLOW_UP' }, first: 100 });
    expect(cases.totalCount).toBe(dropouts.length);
    const node = cases.edges[0].node;
    expect(node).toMatchObject({ status: 'OPEN', ownerRole: 'EDUCATION', openedBy: 'RULE', overdue: false, refersTo: null });
    expect(node.events[0]).toMatchObject({ action: 'OPENED', actorSub: 'hub', actorRole: null });
    expect(node.events[0].note).toMatch(/^DROPOUT raised \((CONFIRMED|TO_VERIFY)\)/);
    // Due in 30 days (the default), counted from the run.
    expect(Math.round((Date.parse(node.due) - Date.now()) / DAY)).toBe(30);

    // A second run with nothing new opens nothing more.
    await reconcile.reconcile();
    expect(await casesOf('DROPOUT_FOLLOW_UP')).toHaveLength(dropouts.length);
  });

  it('shows each role the cases it may read: the owner its own kinds, civil affairs and the auditor all of the county, a director its village', async () => {
    const total = Number((await db.pool.query(`SELECT count(*) FROM "case"`)).rows[0].count);
    const count = async (client: GraphqlClient, filter: Record<string, unknown> = {}) => (await ok(client, CASES, { filter, first: 0 })).cases.totalCount;
    expect(await count(server.graphql)).toBe(total);
    expect(await count(await server.as(Role.AUDITOR, COUNTY))).toBe(total);
    expect(await count(await server.as(Role.EDUCATION, COUNTY))).toBe((await casesOf('DROPOUT_FOLLOW_UP')).length);
    const police = await server.as(Role.POLICE, COUNTY);
    expect(await count(police)).toBe((await casesOf('REGISTRATION')).length + (await casesOf('MANDATORY_REPORT')).length);
    expect(await count(police, { kind: 'DROPOUT_FOLLOW_UP' })).toBe(0);
    const { area } = target;
    const inVillage = Number((await db.pool.query(`SELECT count(*) FROM "case" WHERE area_code = $1`, [area])).rows[0].count);
    expect(await count(await server.as(Role.VILLAGE_DIRECTOR, area))).toBe(inVillage);
    // Another county's civil affairs sees none of them.
    expect(await count(await server.as(Role.CIVIL_AFFAIRS, '500106'))).toBe(0);
  });

  it('lets the owner act inside its area, refuses the wrong role, lets a director add a note, and audits every read', async () => {
    const [dropoutCase] = (await casesOf('DROPOUT_FOLLOW_UP')).filter((c) => c.child_id === target.id);
    const education = await server.as(Role.EDUCATION, COUNTY, 'teacher-zhang');
    const civil = await server.as(Role.CIVIL_AFFAIRS, COUNTY, 'civil-wang');
    const director = await server.as(Role.VILLAGE_DIRECTOR, target.area, 'director-li');
    const police = await server.as(Role.POLICE, COUNTY, 'officer-zhao');
    const auditor = await server.as(Role.AUDITOR, COUNTY, 'auditor-wu');

    // Civil affairs sees the case but does not own the work.
    expect(await refused(civil, UPDATE, { input: { id: dropoutCase.id, action: 'START' } })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused(director, UPDATE, { input: { id: dropoutCase.id, action: 'START' } })).toMatchObject({ code: 'FORBIDDEN' });
    // Police do not read education's cases: to them there is no such case.
    expect(await refused(police, UPDATE, { input: { id: dropoutCase.id, action: 'START' } })).toMatchObject({ code: 'BAD_USER_INPUT', message: `no case ${dropoutCase.id}` });
    expect((await ok(police, CASE, { id: dropoutCase.id })).case).toBeNull();
    expect(await refused(auditor, UPDATE, { input: { id: dropoutCase.id, action: 'NOTE', note: 'x' } })).toMatchObject({ code: 'FORBIDDEN' });
    // An education bureau of another county cannot act either.
    expect(await refused(await server.as(Role.EDUCATION, '500106'), UPDATE, { input: { id: dropoutCase.id, action: 'START' } })).toMatchObject({ code: 'BAD_USER_INPUT' });

    const started = (await ok(education, UPDATE, { input: { id: dropoutCase.id, action: 'START', note: 'called the family' } })).updateCase;
    expect(started).toMatchObject({ status: 'IN_PROGRESS' });
    expect(started.events.at(-1)).toMatchObject({ action: 'STARTED', actorSub: 'teacher-zhang', note: 'called the family' });
    await ok(director, UPDATE, { input: { id: dropoutCase.id, action: 'NOTE', note: 'the grandmother says the child helps on the farm' } });
    // An outcome must be the kind's own.
    expect(await refused(education, UPDATE, { input: { id: dropoutCase.id, action: 'RESOLVE', outcome: 'REGISTERED', note: 'x' } })).toMatchObject({ code: 'BAD_USER_INPUT' });

    const read = (await ok(civil, CASE, { id: dropoutCase.id })).case;
    expect(read.events.map((e: { action: string }) => e.action)).toEqual(['OPENED', 'STARTED', 'NOTE']);
    expect(read.events[2]).toMatchObject({ actorSub: 'director-li', actorRole: 'VILLAGE_DIRECTOR' });

    // Every read of the case (the answers to updates included) is in the audit log, under the child.
    const { auditLog } = await ok(auditor, AUDIT, { childId: target.id });
    const reads = auditLog.edges.map((e: { node: { subject: string; operation: string } }) => `${e.node.subject} ${e.node.operation}`);
    expect(reads).toEqual(expect.arrayContaining([`civil-wang case:${dropoutCase.id}`, `teacher-zhang case:${dropoutCase.id}`, `director-li case:${dropoutCase.id}`]));
    expect(reads.some((r: string) => r.startsWith('officer-zhao'))).toBe(false);
    const listed = await db.pool.query(`SELECT count(*)::int AS n FROM audit_entry WHERE subject = 'education-tester' AND operation LIKE 'case:%'`);
    expect(listed.rows[0].n).toBeGreaterThan(0); // the list read in the first test

    // Events are append-only: the hub's role may not change them, nor may the schema's owner (the trigger).
    await expect(db.pool.query(`UPDATE case_event SET note = 'x' WHERE case_id = $1`, [dropoutCase.id])).rejects.toThrow(/permission denied/);
    await expect(db.pool.query(`DELETE FROM case_event WHERE case_id = $1`, [dropoutCase.id])).rejects.toThrow(/permission denied/);
    await expect(db.asOwner(`UPDATE case_event SET note = 'x' WHERE case_id = $1`, [dropoutCase.id])).rejects.toThrow(/cannot be changed/);
    await expect(db.asOwner(`DELETE FROM case_event WHERE case_id = $1`, [dropoutCase.id])).rejects.toThrow(/cannot be changed/);
  });

  it('resolves the case when a later import clears the flag, with the evidence and no name or ID number', async () => {
    const back = { ...target.raw, 学籍状态: '在读', 变动日期: '20240415' };
    expect(await imports.importRows([back], { source: 'education', period: '2024Q2', county: COUNTY })).toMatchObject({ updated: 1, rejected: 0 });
    await reconcile.reconcile();

    const [resolved] = (await casesOf('DROPOUT_FOLLOW_UP')).filter((c) => c.child_id === target.id);
    const { case: read } = await ok(server.graphql, CASE, { id: resolved.id });
    expect(read).toMatchObject({ status: 'RESOLVED', outcome: 'RETURNED_TO_SCHOOL' });
    const last = read.events.at(-1);
    expect(last).toMatchObject({ action: 'RESOLVED', actorSub: 'hub', outcome: 'RETURNED_TO_SCHOOL' });
    expect(last.note).toMatch(/^DROPOUT cleared: enrolment 在读, education record R\d+$/);
    expect(last.details.evidence[0]).toMatchObject({ field: 'enrolmentStatus', source: 'education' });
    const text = JSON.stringify(read);
    expect(text).not.toContain(String(target.raw['姓名']));
    if (target.raw['身份证号']) expect(text).not.toContain(String(target.raw['身份证号']));
  });

  it('keeps a case closed by a person closed while the flag stays, and opens a new one, referring to the old, when the flag comes back', async () => {
    const education = await server.as(Role.EDUCATION, COUNTY);
    const [open] = await casesOf('DROPOUT_FOLLOW_UP', 'OPEN');
    await ok(education, UPDATE, { input: { id: open.id, action: 'CLOSE', outcome: 'EXEMPT', note: '休学 for an illness: certificate seen' } });
    await reconcile.reconcile();
    expect((await casesOf('DROPOUT_FOLLOW_UP')).filter((c) => c.child_id === open.child_id)).toEqual([expect.objectContaining({ status: 'CLOSED' })]);

    // The child who went back to school drops out again next quarter.
    const [previous] = (await casesOf('DROPOUT_FOLLOW_UP')).filter((c) => c.child_id === target.id);
    const again = { ...target.raw, 学籍状态: '辍学', 变动日期: '20240801' };
    expect(await imports.importRows([again], { source: 'education', period: '2024Q3', county: COUNTY })).toMatchObject({ updated: 1 });
    await reconcile.reconcile();
    const cases = (await casesOf('DROPOUT_FOLLOW_UP')).filter((c) => c.child_id === target.id);
    expect(cases).toHaveLength(2);
    expect(cases[1]).toMatchObject({ status: 'OPEN', refers_to: previous.id });
    const { case: read } = await ok(education, CASE, { id: cases[1].id });
    expect(read.events[0].note).toContain(`the flag is back after case ${previous.id}`);
  });

  it('goes overdue as the clock passes each kind’s deadline, and the dashboard counts it', async () => {
    const activeDropout = (await casesOf('DROPOUT_FOLLOW_UP')).filter((c) => c.status === 'OPEN' || c.status === 'IN_PROGRESS').length;
    const activeRegistration = (await casesOf('REGISTRATION')).filter((c) => c.status === 'OPEN').length;
    const overdue = async (s: Server, kind: string) => (await ok(s.graphql, CASES, { filter: { kind, overdue: true }, first: 0 })).cases.totalCount;
    expect(await overdue(server, 'DROPOUT_FOLLOW_UP')).toBe(0);

    const month = await serverIn(31);
    expect(await overdue(month, 'DROPOUT_FOLLOW_UP')).toBe(activeDropout);
    expect(await overdue(month, 'REGISTRATION')).toBe(0);
    const { dashboard } = await ok(month.graphql, DASHBOARD, { area: COUNTY });
    const dropoutOverdue = dashboard.overdueCases.filter((t: { kind: string }) => t.kind === 'DROPOUT_FOLLOW_UP');
    expect(dropoutOverdue.reduce((n: number, t: { count: number }) => n + t.count, 0)).toBe(activeDropout);
    expect(dropoutOverdue.every((t: { areaCode: string }) => t.areaCode.length === 9 && t.areaCode.startsWith(COUNTY))).toBe(true);

    const quarter = await serverIn(91);
    expect(await overdue(quarter, 'REGISTRATION')).toBe(activeRegistration);
    // A settled case is never overdue.
    expect((await ok(quarter.graphql, CASES, { filter: { status: 'RESOLVED', overdue: true }, first: 0 })).cases.totalCount).toBe(0);
  });

  it('records a missing parent for police, shared with civil affairs once six months have passed', async () => {
    const { rows } = await db.pool.query(`SELECT id, area_code FROM child WHERE length(area_code) = 12 AND NOT flag_names && '{ALONE_UNDER_16,UNREGISTERED}' ORDER BY id LIMIT 1`);
    const child = rows[0];
    const police = await server.as(Role.POLICE, COUNTY);
    const reportedOn = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    const { recordMissingParent: opened } = await ok(police, MISSING, { childId: child.id, reportedOn });
    expect(opened).toMatchObject({ kind: 'MISSING_PARENT', status: 'OPEN', ownerRole: 'POLICE', details: { parent: 'MOTHER', reportedOn } });
    expect(await refused(police, MISSING, { childId: child.id, reportedOn })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refused(server.graphql, MISSING, { childId: child.id, reportedOn })).toMatchObject({ code: 'FORBIDDEN' });

    const close = { input: { id: opened.id, action: 'CLOSE', outcome: 'STILL_MISSING_SHARED', note: 'no trace after six months' } };
    expect(await refused(server.graphql, UPDATE, close)).toMatchObject({ code: 'FORBIDDEN' });
    const halfYear = await serverIn(190);
    expect((await ok(halfYear.graphql, CASE, { id: opened.id })).case).toMatchObject({ sharedWith: ['CIVIL_AFFAIRS'] });
    expect((await ok(halfYear.graphql, UPDATE, close)).updateCase).toMatchObject({ status: 'CLOSED', outcome: 'STILL_MISSING_SHARED' });
  });

  it('lists the visits a director owes, longest waiting first, and drops a child once visited', async () => {
    const { area } = target;
    const director = await server.as(Role.VILLAGE_DIRECTOR, area, 'director-li');
    const before = (await ok(director, VISITS_DUE, { area, first: 100 })).visitsDue;
    expect(before.totalCount).toBeGreaterThan(0);
    const looked = Number((await db.pool.query(`SELECT count(*) FROM child WHERE area_code = $1 AND flag_names && '{LEFT_BEHIND,IN_DIFFICULTY,ALONE_UNDER_16,DROPOUT,UNREGISTERED}'`, [area])).rows[0].count);
    expect(before.totalCount).toBe(looked); // nobody visited yet
    const first = before.edges[0].node;
    expect(first).toMatchObject({ lastContact: null, lastHomeVisit: null, contactDue: true, homeVisitDue: true });

    // Yesterday: recordVisit's "today" is UTC's, a day behind China's after 16:00 UTC.
    const today = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    await ok(director, RECORD_VISIT, { input: { childId: first.childId, kind: 'HOME_VISIT', visitedOn: today, notes: 'at home with the grandparents' } });
    const after = (await ok(director, VISITS_DUE, { area, first: 100 })).visitsDue;
    expect(after.totalCount).toBe(looked - 1);
    expect(after.edges.map((e: { node: { childId: string } }) => e.node.childId)).not.toContain(first.childId);
    // The dashboard counts the same list, from the area's tally less the children seen recently.
    expect((await ok(server.graphql, DASHBOARD, { area })).dashboard.visitsDue).toBe(after.totalCount);

    // Forty days on, the child is owed a contact again (not yet a home visit), after those never seen.
    const later40 = await serverIn(40);
    const owed = (await ok(await later40.as(Role.VILLAGE_DIRECTOR, area), VISITS_DUE, { area, first: 100 })).visitsDue;
    expect(owed.edges.at(-1).node).toMatchObject({ childId: first.childId, lastHomeVisit: today, contactDue: true, homeVisitDue: false });
    expect((await ok(later40.graphql, DASHBOARD, { area: COUNTY })).dashboard.visitsDue).toBeGreaterThanOrEqual(looked);
    // Outside the director's village: refused.
    expect(await refused(director, VISITS_DUE, { area: COUNTY })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('lists cases on the command line (hub cases list), each read audited under the operator', async () => {
    const env = { ...db.env, HUB_DATA_DIR: tmp.dir };
    const json = await runHub(['cases', 'list', '--kind', 'dropout_follow_up', '--json'], env);
    expect(json.code).toBe(0);
    const listed = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(listed.map((c) => c.id).sort()).toEqual((await casesOf('DROPOUT_FOLLOW_UP')).map((c) => c.id).sort());
    expect(listed[0]).toMatchObject({ kind: 'DROPOUT_FOLLOW_UP', ownerRole: 'EDUCATION', lastEvent: expect.objectContaining({ action: expect.any(String) }) });
    // Soonest due first.
    expect(listed.map((c) => c.due)).toEqual([...listed.map((c) => c.due)].sort());
    const text = await runHub(['cases', 'list', '--overdue'], env);
    expect(text).toMatchObject({ code: 0, stdout: 'no cases\n' });
    const audited = await db.pool.query(`SELECT count(*)::int AS n FROM audit_entry WHERE subject LIKE 'cli:%' AND operation LIKE 'case:%'`);
    expect(audited.rows[0].n).toBe(listed.length);
    expect(await runHub(['cases', 'list', '--kind', 'VISIT'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--kind must be one of') });
  });
});
