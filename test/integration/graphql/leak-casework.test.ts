import 'reflect-metadata';
import { Role } from '../../../src/auth/roles';
import { caseworkAreas, MARK } from '../../support/casework-areas';
import { idNumbersHeld, idNumbersIn } from '../../support/id-numbers';
import type { GraphqlBody, GraphqlClient } from '../../support/server';
import { COUNTY_A } from '../../support/two-counties';

/**
 * The leak test of casework: every read path casework added (`changes` with the child inside a
 * change, `cases` and `case` with their events, `concernReports` with the children proposed for a
 * report, `myReports`, `visitsDue`, the dashboard's casework counts) read through the real server
 * by every role and area that may call it, and checked against docs/SECURITY.md, written out
 * below as the table it is (not read from the code, which is what is tested):
 * - no child outside the reader's area appears anywhere (no id, no file, no count);
 * - a file inside a change shows only the reader's sections, flags and leaving reasons;
 * - each role reads the cases of its table row, and only those;
 * - a report's own words (description, reported name) reach only police, civil affairs and the
 *   town supervisor of the area; the children proposed for it only police and civil affairs;
 * - the auditor reads the cases' course (who did what, when), none of their personal contents;
 * - a masked role reads no full ID number, wherever it was typed;
 * - a role refused an operation is refused with FORBIDDEN, an area outside its own with
 *   BAD_USER_INPUT, and no data.
 */

type Section = 'identity' | 'family' | 'guardianship' | 'welfare' | 'schooling' | 'visits';
const ALL_SECTIONS: Section[] = ['identity', 'family', 'guardianship', 'welfare', 'schooling', 'visits'];
const ALL_FLAGS = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'DROPOUT', 'UNREGISTERED', 'ALONE_UNDER_16', 'ID_CONFLICT', 'DUPLICATE_REGISTRATION'];

/** docs/SECURITY.md, "Who may see what". */
const ALL_SOURCES = ['civil-affairs', 'education', 'police'];
const FILES: Record<Role, { sections: Section[]; sources: string[]; flags: string[]; fullIdNumbers: boolean }> = {
  [Role.CIVIL_AFFAIRS]: { sections: ALL_SECTIONS, sources: ALL_SOURCES, flags: ALL_FLAGS, fullIdNumbers: true },
  [Role.EDUCATION]: { sections: ['identity', 'schooling'], sources: ['education'], flags: ['LEFT_BEHIND', 'DROPOUT'], fullIdNumbers: false },
  [Role.POLICE]: { sections: ['identity', 'family'], sources: ['police'], flags: ['UNREGISTERED', 'ALONE_UNDER_16', 'ID_CONFLICT', 'DUPLICATE_REGISTRATION'], fullIdNumbers: true },
  [Role.TOWN_SUPERVISOR]: { sections: ALL_SECTIONS, sources: ALL_SOURCES, flags: ALL_FLAGS, fullIdNumbers: false },
  [Role.VILLAGE_DIRECTOR]: { sections: ALL_SECTIONS, sources: ALL_SOURCES, flags: ALL_FLAGS, fullIdNumbers: false },
  [Role.AUDITOR]: { sections: [], sources: [], flags: [], fullIdNumbers: false },
};

/** docs/SECURITY.md, "What each role may do" (the casework rows) and "Cases and mandatory reports". */
const EVERY_ROLE = Object.values(Role) as Role[];
const BUT_AUDITOR = EVERY_ROLE.filter((r) => r !== Role.AUDITOR);
const MAY: Record<string, readonly Role[]> = {
  changes: BUT_AUDITOR,
  cases: EVERY_ROLE,
  myReports: BUT_AUDITOR,
  concernReports: [Role.POLICE, Role.TOWN_SUPERVISOR, Role.CIVIL_AFFAIRS],
  /** Children proposed for a report without a child: "shown only to police and civil affairs". */
  candidates: [Role.POLICE, Role.CIVIL_AFFAIRS],
  visitsDue: [Role.VILLAGE_DIRECTOR, Role.TOWN_SUPERVISOR],
  dashboard: [Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR],
};
/** Which cases of its area a role reads: education and police the kinds they own (police also a report they handed on), the others every case. */
const CASE_KINDS_READ: Record<Role, string[] | 'all'> = {
  [Role.CIVIL_AFFAIRS]: 'all',
  [Role.EDUCATION]: ['DROPOUT_FOLLOW_UP'],
  [Role.POLICE]: ['REGISTRATION', 'MANDATORY_REPORT', 'MISSING_PARENT'],
  [Role.TOWN_SUPERVISOR]: 'all',
  [Role.VILLAGE_DIRECTOR]: 'all',
  [Role.AUDITOR]: 'all',
};
/** The section of the field each leaving reason comes from (SECURITY.md, "Changes per period"). */
const REASON_SECTION: Record<string, Section> = { 迁出: 'family', 死亡: 'family', 注销: 'family', 毕业: 'schooling', 转出: 'schooling', 'aged 18': 'identity' };
/** The sections of the fields a case's evidence quotes (SECURITY.md: a fact is shown only with its field's section). */
const FIELD_SECTION: Record<string, Section> = { enrolmentStatus: 'schooling', guardianshipType: 'guardianship', idNumber: 'identity' };
const VISITED_FLAGS = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'ALONE_UNDER_16', 'DROPOUT', 'UNREGISTERED'];

const FILE_FIELDS = `id name sex birthDate idNumber areaCode verification
  flags { flag rule strength evidence }
  sourceRecords { ref source recordKey period }
  family { fatherName fatherIdNumber fatherMigrant motherName motherIdNumber motherMigrant householdNumber householderName }
  guardianship { guardianName guardianRelation guardianPhone guardianshipType }
  welfare { categories difficultyTypes incomeSource assistance }
  schooling { schoolName grade enrolmentStatus leftBehind }
  visits { kind visitedOn notes recordedBy }`;
const SECTION_FIELD: Record<Exclude<Section, 'identity'>, string> = { family: 'family', guardianship: 'guardianship', welfare: 'welfare', schooling: 'schooling', visits: 'visits' };

// A page of 50 changes with whole files stays under the query cost limit.
const CHANGES = `query($after: String) { changes(from: "2024Q1", to: "2024Q2", first: 50, after: $after) {
  totalCount totals { kind count } pageInfo { hasNextPage endCursor }
  edges { node { childId kind flag before after reasons child { ${FILE_FIELDS} } } } } }`;
const CASE_FIELDS = `id kind status ownerRole sharedWith childId areaCode openedAt due overdue outcome outcomes openedBy refersTo details
  events { id at action actorSub actorRole note outcome details }`;
const CASES = `query($after: String) { cases(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${CASE_FIELDS} } } } }`;
const CASE = `query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;
const CONCERN_REPORTS = `query($id: ID!) { concernReports(caseId: $id) {
  id caseId concern observedOn reportedAt reporterSub reporterRole description reportedName reportedBirthDate areaCode childId
  candidates { childId areaCode matchWeight strength comparisons { comparison level weight } } } }`;
const MY_REPORTS = '{ myReports(first: 100) { totalCount edges { node { id caseId concern observedOn reportedAt joined childIdentified stage status due overdue outcome } } } }';
const VISITS_DUE = `query($area: String, $after: String) { visitsDue(areaCode: $area, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { childId areaCode lastContact lastHomeVisit contactDue homeVisitDue } } } }`;
const DASHBOARD = `query($area: String) { dashboard(areaCode: $area) { areaCode children visitsDue overdueCases { kind areaCode count }
  areas { areaCode children } byFlag { key count } } }`;

interface CaseRow {
  id: string;
  kind: string;
  area: string;
  childId: string | null;
  active: boolean;
  overdue: boolean;
}

const codeOf = (body: GraphqlBody) => body.errors?.[0]?.extensions?.code;

describe('casework leaks nothing: every casework read, by every role and area (through the real server)', () => {
  let f: Awaited<ReturnType<typeof caseworkAreas>>;
  let secrets: Set<string>;
  /** Every child id and alias the hub knows → the area of the child it stands for now. */
  let areaOfId: Map<string, string | null>;
  let cases: CaseRow[];
  /** Names of every child of the hub (the auditor reads none). */
  let names: string[];
  /** Every fact cited as a case's evidence (a flag cleared by the data), with the case it is on. */
  let evidence: { caseId: string; text: string; field: string | null; source: string | null }[];

  beforeAll(async () => {
    f = await caseworkAreas();
    secrets = await idNumbersHeld(f.db.pool);
    const { rows: ids } = await f.db.pool.query(
      `SELECT id, area_code AS area FROM child UNION ALL SELECT a.alias, c.area_code FROM child_alias a JOIN child c ON c.id = a.child_id`,
    );
    areaOfId = new Map(ids.map((r) => [r.id, r.area]));
    const { rows } = await f.db.pool.query(
      `SELECT id::text, kind, coalesce(area_code, county_code) AS area, child_id AS "childId", status IN ('OPEN', 'IN_PROGRESS') AS active,
              status IN ('OPEN', 'IN_PROGRESS') AND due < now() AS overdue FROM "case" ORDER BY id`,
    );
    cases = rows;
    const { rows: named } = await f.db.pool.query(`SELECT DISTINCT golden->'name'->>'value' AS name FROM child WHERE length(golden->'name'->>'value') >= 2`);
    names = named.map((r) => r.name);
    const { rows: facts } = await f.db.pool.query(
      `SELECT e.case_id::text AS "caseId", x->>'text' AS text, x->>'field' AS field, x->>'source' AS source
       FROM case_event e CROSS JOIN LATERAL jsonb_array_elements(e.details->'evidence') x WHERE jsonb_typeof(e.details->'evidence') = 'array'`,
    );
    evidence = facts;
  }, 240_000);
  afterAll(() => f?.close());

  it('has casework to read in more than one place', () => {
    const towns = (list: string[]) => new Set(list.map((a) => a.slice(0, 9)));
    const kinds = new Set(cases.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['DROPOUT_FOLLOW_UP', 'MANDATORY_REPORT', 'MISSING_PARENT', 'REGISTRATION']);
    expect(towns(cases.filter((c) => c.active && c.area.startsWith(COUNTY_A)).map((c) => c.area)).size).toBeGreaterThanOrEqual(2);
    expect(towns(cases.filter((c) => c.overdue && c.area.startsWith(COUNTY_A)).map((c) => c.area)).size).toBeGreaterThanOrEqual(2);
    expect(cases.some((c) => !c.area.startsWith(COUNTY_A))).toBe(true);
    // The alone child's report was resolved by the data, citing the roster's guardianship.
    const resolved = cases.find((c) => c.kind === 'MANDATORY_REPORT' && c.childId === f.alone)!;
    expect(evidence.filter((e) => e.caseId === resolved.id)).toEqual([expect.objectContaining({ field: 'guardianshipType', source: 'civil-affairs' })]);
  });

  /** The readers: every role at the area the access tests give it, and the police of the county too. */
  const READERS: [string, Role, (fx: typeof f) => string][] = [
    ...EVERY_ROLE.map((role): [string, Role, (fx: typeof f) => string] => [`${role}`, role, (fx) => fx.areaOf(role)]),
    ['POLICE of the county', Role.POLICE, () => COUNTY_A],
  ];

  it.each(READERS)('%s: reads only its area, its sections, its cases and its reports', async (_label, role, areaOfReader) => {
    const area = areaOfReader(f);
    const client = await f.server.as(role, area, `leak-${role.toLowerCase()}-${area}`);
    const texts: string[] = [];
    const read = async (query: string, variables: Record<string, unknown> = {}) => {
      const { status, body } = await client(query, variables);
      texts.push(JSON.stringify(body));
      return { status, body };
    };
    const refused = (body: GraphqlBody, code: string) => {
      expect(codeOf(body)).toBe(code);
      expect(Object.values(body.data ?? {}).every((v) => v === null)).toBe(true);
    };
    const inArea = (a: string | null | undefined) => typeof a === 'string' && a.startsWith(area);
    const file = FILES[role];

    // --- changes { child }
    if (MAY.changes.includes(role)) {
      let after: string | null = null;
      const seen: any[] = [];
      do {
        const { body } = await read(CHANGES, { after });
        const page = body.data!.changes;
        // The only errors are the sections the role may not see, each on a file's field.
        for (const error of body.errors ?? []) {
          expect(error.extensions?.code).toBe('FORBIDDEN');
          expect(error.message).toMatch(/changes\.edges\.\d+\.node\.child\.(family|guardianship|welfare|schooling|visits)$/);
        }
        seen.push(...page.edges.map((e: { node: unknown }) => e.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after !== null);
      expect(seen.length).toBeGreaterThan(0);
      // The whole county's civil affairs reads a change of every kind: none goes untested.
      if (role === Role.CIVIL_AFFAIRS) expect([...new Set(seen.map((c) => c.kind))].sort()).toEqual(['APPEARED', 'CATEGORY_CHANGED', 'DISAPPEARED', 'FLAG_CLEARED', 'FLAG_RAISED', 'MERGED', 'MOVED', 'SPLIT']);
      for (const change of seen) {
        expect(inArea(areaOfId.get(change.childId))).toBe(true);
        if (change.flag !== null) expect(file.flags).toContain(change.flag);
        if (change.kind === 'CATEGORY_CHANGED') expect(file.sections).toContain('welfare');
        for (const reason of change.reasons) expect(file.sections).toContain(REASON_SECTION[reason]);
        if (change.child !== null) {
          expect(inArea(change.child.areaCode)).toBe(true);
          for (const flag of change.child.flags) expect(file.flags).toContain(flag.flag);
          for (const [section, field] of Object.entries(SECTION_FIELD)) if (!file.sections.includes(section as Section)) expect(change.child[field]).toBeNull();
        }
      }
    } else {
      refused((await read(CHANGES, { after: null })).body, 'FORBIDDEN');
    }

    // --- cases, case(id): exactly the cases of the role's row, inside the area
    const kindsRead = CASE_KINDS_READ[role];
    const expected = cases.filter((c) => inArea(c.area) && (kindsRead === 'all' || kindsRead.includes(c.kind)));
    const listed: any[] = [];
    let after: string | null = null;
    do {
      const { body } = await read(CASES, { after });
      expect(body.errors).toBeUndefined();
      listed.push(...body.data!.cases.edges.map((e: { node: unknown }) => e.node));
      after = body.data!.cases.pageInfo.hasNextPage ? body.data!.cases.pageInfo.endCursor : null;
    } while (after !== null);
    expect(listed.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    expect(expected.length).toBeGreaterThan(0);
    for (const c of cases) {
      const { body } = await read(CASE, { id: c.id });
      expect(body.errors).toBeUndefined();
      expect(body.data!.case?.id ?? null).toBe(expected.includes(c) ? c.id : null);
    }

    // --- concernReports: a report's own words, and the children proposed for it
    const reports = cases.filter((c) => c.kind === 'MANDATORY_REPORT');
    if (MAY.concernReports.includes(role)) {
      for (const c of reports) {
        const { body } = await read(CONCERN_REPORTS, { id: c.id });
        expect(body.errors).toBeUndefined();
        const details = body.data!.concernReports as any[];
        if (!inArea(c.area)) expect(details).toEqual([]);
        for (const detail of details) {
          if (!MAY.candidates.includes(role) || detail.childId !== null) expect(detail.candidates).toEqual([]);
          for (const candidate of detail.candidates) expect(inArea(areaOfId.get(candidate.childId))).toBe(true);
        }
      }
      // The report by name in V1 is read, with its proposals where the role may see them.
      const { body } = await read(CONCERN_REPORTS, { id: f.reports.byName });
      const [detail] = body.data!.concernReports;
      expect(detail).toMatchObject({ reportedName: f.target.name, childId: null });
      if (MAY.candidates.includes(role)) {
        expect(detail.candidates.map((c: { childId: string }) => c.childId)).toContain(f.target.id);
        const towns = new Set(detail.candidates.map((c: { areaCode: string }) => c.areaCode.slice(0, 9)));
        // The county's civil affairs and police see its namesake in another town; a town's police only its town.
        if (area.length === 6) expect(towns.size).toBeGreaterThanOrEqual(2);
        else expect([...towns]).toEqual([area]);
      }
    } else {
      refused((await read(CONCERN_REPORTS, { id: f.reports.byName })).body, 'FORBIDDEN');
    }

    // --- myReports: the reporter's own reports, their status only
    if (MAY.myReports.includes(role)) {
      const { body } = await read(MY_REPORTS);
      expect(body.errors).toBeUndefined();
      const text = JSON.stringify(body);
      for (const c of reports.filter((r) => r.childId !== null)) expect(text).not.toContain(c.childId!);
      expect(text).not.toContain(f.target.name);
      expect(text).not.toMatch(/DESC-/);
    } else {
      refused((await read(MY_REPORTS)).body, 'FORBIDDEN');
    }

    // --- visitsDue: the children of the area owed a visit (no visit is recorded: every child looked after)
    const lookedAfter = await f.db.pool.query(`SELECT id, area_code AS area FROM child WHERE area_code >= $1 AND area_code < $1 || ':' AND flag_names && $2::text[]`, [area, VISITED_FLAGS]);
    if (MAY.visitsDue.includes(role)) {
      const due: any[] = [];
      let next: string | null = null;
      do {
        const { body } = await read(VISITS_DUE, { area: null, after: next });
        expect(body.errors).toBeUndefined();
        due.push(...body.data!.visitsDue.edges.map((e: { node: unknown }) => e.node));
        next = body.data!.visitsDue.pageInfo.hasNextPage ? body.data!.visitsDue.pageInfo.endCursor : null;
      } while (next !== null);
      expect(due.map((d) => d.childId).sort()).toEqual(lookedAfter.rows.map((r) => r.id).sort());
      for (const d of due) expect(inArea(d.areaCode)).toBe(true);
      if (role === Role.TOWN_SUPERVISOR) expect(new Set(due.map((d) => d.areaCode)).size).toBeGreaterThanOrEqual(2);
      refused((await read(VISITS_DUE, { area: f.outsideOf(role).area, after: null })).body, 'BAD_USER_INPUT');
    } else {
      refused((await read(VISITS_DUE, { area: null, after: null })).body, 'FORBIDDEN');
    }

    // --- dashboard: casework counts inside the area only
    if (MAY.dashboard.includes(role)) {
      const { body } = await read(DASHBOARD, { area: null });
      expect(body.errors).toBeUndefined();
      const board = body.data!.dashboard;
      expect(board.visitsDue).toBe(lookedAfter.rows.length);
      const down = area.length === 6 ? 9 : 12;
      const overdue = new Map<string, number>();
      for (const c of cases.filter((k) => k.overdue && inArea(k.area))) {
        const key = `${c.kind}|${c.area.slice(0, down)}`;
        overdue.set(key, (overdue.get(key) ?? 0) + 1);
      }
      expect(board.overdueCases.map((o: { kind: string; areaCode: string; count: number }) => `${o.kind}|${o.areaCode}|${o.count}`).sort()).toEqual(
        [...overdue].map(([key, count]) => `${key}|${count}`).sort(),
      );
      expect(overdue.size).toBeGreaterThan(0);
      for (const a of board.areas) expect(inArea(a.areaCode)).toBe(true);
      refused((await read(DASHBOARD, { area: f.outsideOf(role).area })).body, 'BAD_USER_INPUT');
    } else {
      refused((await read(DASHBOARD, { area: null })).body, 'FORBIDDEN');
    }

    // --- over every answer: no child of another area, words only for those who may read them, masked numbers
    const all = texts.join('\n');
    const outside = [...areaOfId].filter(([, a]) => !inArea(a)).map(([id]) => id);
    expect(outside.filter((id) => all.includes(id))).toEqual([]);
    const readsReports = MAY.concernReports.includes(role);
    const descriptions: [string, string][] = [
      [MARK.descV1, f.places.v1.area],
      [MARK.descV1Steps, f.places.v1.area],
      [MARK.descT2, f.places.t2.area],
      [MARK.descB, f.places.b.area],
    ];
    for (const [words, where] of descriptions) {
      if (readsReports && inArea(where)) expect(all).toContain(words);
      else expect(all).not.toContain(words);
    }
    // A case's evidence quotes a field and cites a department's record: neither reaches a role that may not see them.
    const hidden = evidence.filter((e) => (e.field !== null && !file.sections.includes(FIELD_SECTION[e.field])) || (e.source !== null && !file.sources.includes(e.source)));
    expect(hidden.filter((e) => all.includes(e.text)).map((e) => `${e.caseId}: ${e.text}`)).toEqual([]);
    if (!file.fullIdNumbers) {
      expect(idNumbersIn(all, secrets)).toEqual([]);
      expect(all).not.toMatch(/\*[0-9Xx]/);
    }
    if (file.sections.length === 0) {
      // The auditor follows the work, not the child: no note, no step's facts, no name.
      for (const words of [MARK.careGiver, MARK.safety, MARK.guardianship, MARK.health, MARK.response, MARK.note]) expect(all).not.toContain(words);
      for (const c of listed) {
        expect(c.details).toEqual({});
        for (const e of c.events) {
          expect(e.note).toBeNull();
          expect(e.details).toEqual({});
        }
      }
      expect(names.filter((n) => all.includes(n))).toEqual([]);
    }
  }, 120_000);

  // The two leaks this test found, each on its own.
  it('shows the police a report the data resolved without the guardianship it quotes or the civil-affairs record it cites', async () => {
    const resolved = cases.find((c) => c.kind === 'MANDATORY_REPORT' && c.childId === f.alone)!;
    const lastEvent = async (client: GraphqlClient) => (await client(CASE, { id: resolved.id })).body.data!.case.events.at(-1);
    const civil = await lastEvent(await f.server.as(Role.CIVIL_AFFAIRS, COUNTY_A));
    expect(civil).toMatchObject({ action: 'RESOLVED', outcome: 'GUARDIANSHIP_RESTORED', note: expect.stringMatching(/^ALONE_UNDER_16 cleared: guardianship 父母监护, civil-affairs record R\d+$/) });
    expect(civil.details.evidence).toEqual([expect.objectContaining({ field: 'guardianshipType', source: 'civil-affairs' })]);
    for (const area of [COUNTY_A, f.places.t1]) {
      const police = await lastEvent(await f.server.as(Role.POLICE, area));
      // The police own the case and see it settled, with its outcome; the roster's words stay with those who read them.
      expect(police).toMatchObject({ action: 'RESOLVED', outcome: 'GUARDIANSHIP_RESTORED', note: 'ALONE_UNDER_16 cleared: (a fact your role does not see)', details: { evidence: [] } });
    }
  });

  it("shows the auditor a report's course (who did what, when) and none of its contents", async () => {
    const read = async (client: GraphqlClient) => (await client(CASE, { id: f.reports.byId })).body.data!.case;
    const supervisor = await read(await f.server.as(Role.TOWN_SUPERVISOR, f.places.t1));
    const auditor = await read(await f.server.as(Role.AUDITOR, COUNTY_A));
    const course = (c: { events: { action: string; actorSub: string; actorRole: string | null; at: string; outcome: string | null }[] }) =>
      c.events.map(({ action, actorSub, actorRole, at, outcome }) => ({ action, actorSub, actorRole, at, outcome }));
    expect(course(auditor)).toEqual(course(supervisor));
    expect(course(auditor).map((e) => e.action)).toEqual(['OPENED', 'RESPONDED', 'ASSESSED']);
    expect(supervisor.events.find((e: { action: string }) => e.action === 'ASSESSED').details).toEqual({ safety: MARK.safety, guardianship: MARK.guardianship, health: MARK.health });
    expect(supervisor.events.find((e: { action: string }) => e.action === 'RESPONDED').details).toMatchObject({ careGiverName: MARK.careGiver });
    expect(auditor).toMatchObject({ id: f.reports.byId, kind: 'MANDATORY_REPORT', status: supervisor.status, childId: supervisor.childId, details: {} });
    expect(auditor.events.every((e: { note: string | null; details: object }) => e.note === null && Object.keys(e.details).length === 0)).toBe(true);
  });
});
