import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { isMistypedNumberOf, normaliseIdNumber } from '../../../reconciliation/normalise/ids';
import { CASE_ACCESS } from '../../../src/auth/access';
import { Role } from '../../../src/auth/roles';
import { generateNextQuarter } from '../../../src/generate/next-quarter';
import { DEFAULT_DUE } from '../../../src/modules/cases/case-due';
import { CASE_KIND_RULES, RULE_KINDS, type CaseKind } from '../../../src/modules/cases/case-kinds';
import { ageOn, schoolYearCutoff, type ChildFlag } from '../../../src/modules/identity/flags';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { readCsv as readExportCsv, readLines } from '../../../src/modules/ingest/csv-lines';
import { periodEndDate } from '../../../src/modules/ingest/periods';
import { cleanRecordKey } from '../../../src/modules/ingest/source-rows';
import { generatedCounty, importCounty, SOURCES } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;
type Server = Awaited<ReturnType<typeof startTestServer>>;
type Source = (typeof SOURCES)[number];

const COUNTY = '500109';
const DAY = 24 * 60 * 60 * 1000;
/** Q1's reconciliation ran a quarter before Q2's (now): Q1's cases still owed are past due by then. */
const QUARTER = 91 * DAY;

const CASES = `query C($filter: CaseFilter, $first: Int, $after: String) { cases(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id kind status ownerRole childId areaCode due overdue outcome refersTo events { action actorSub outcome note details } } } } }`;

interface CaseNode {
  id: string;
  kind: CaseKind;
  status: string;
  childId: string;
  areaCode: string;
  overdue: boolean;
  outcome: string | null;
  refersTo: string | null;
  events: { action: string; actorSub: string; outcome: string | null; note: string | null; details: { evidence?: { recordId?: string; source?: string; field?: string }[] } | null }[];
}

/** A case the truth calls for: whose, of which kind, opened at which run, still owed or resolved (and why). */
interface ExpectedCase {
  person: string;
  kind: CaseKind;
  area: string;
  openedAt: number;
  status: 'OPEN' | 'RESOLVED';
  /** Resolved because the flag cleared, or because the child left the county's care. */
  resolvedBy?: 'flag' | 'leaving';
}

/**
 * Casework over time (issue 13), on a generated county (invented people) and the generator's own
 * next quarter: 2024Q1 imported and reconciled a quarter ago, then 2024Q2 imported and reconciled
 * now. What every role finds in `cases` and `cases(overdue: true)` through the real server is
 * what the generator's truth implies: a case for each child whose true facts carry a flag that
 * calls for follow-up, resolved with its evidence where truth-changes.csv clears the flag, opened
 * where it raises one, overdue once its kind's deadline from its run has passed; seen by the
 * roles CASE_ACCESS lets read it, inside their area.
 */
describe('cases over the generator’s next quarter (through the real server)', () => {
  const tmp = tempDir();
  const q1 = path.join(tmp.dir, 'q1');
  const q2 = path.join(tmp.dir, 'q2');
  let db: Db;
  let q1RunAt: number;
  let q2RunAt: number;
  let expected: ExpectedCase[];
  let changes: { person: string; kind: string; flag: string }[];
  /** person → the case flags its true facts carry, at the end of 2024Q1 and of 2024Q2. */
  let before: Map<string, Set<ChildFlag>>;
  let after: Map<string, Set<ChildFlag>>;
  /** The people out of the county's care at the end of 2024Q1 and of 2024Q2. */
  let leftBefore: Set<string>;
  let leftAfter: Set<string>;
  /** child id → the person its records are about; source_record id → the person. */
  let personOfChild: Map<string, string>;
  let personOfRecord: Map<string, string>;
  /** Children whose records are about more than one person (a wrong merge would hide behind the map). */
  const mixed = new Set<string>();

  beforeAll(async () => {
    const county = await generatedCounty(q1, 500, 'cases-next-quarter', 'low');
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'cases-next-quarter' }, q2);
    db = await createTestDatabase();
    const reconcileAt = (at: number) => new ReconcileService(new IdentityStore(db.pool, { clock: () => new Date(at) })).reconcile();
    q2RunAt = Date.now();
    q1RunAt = q2RunAt - QUARTER;
    await importCounty(db.pool, county.files, undefined, '2024Q1');
    await reconcileAt(q1RunAt);
    await importCounty(db.pool, Object.fromEntries(SOURCES.map((s) => [s, path.join(q2, `${s}.csv`)])), undefined, '2024Q2');
    await reconcileAt(q2RunAt);

    changes = readCsv(path.join(q2, 'truth-changes.csv')).map(([person, kind, flag]) => ({ person, kind, flag }));
    ({ flags: before, leftCare: leftBefore } = await trueCaseFlags(q1, '2024Q1'));
    ({ flags: after, leftCare: leftAfter } = await trueCaseFlags(q2, '2024Q2'));
    expected = expectedCases({ flags: before, leftCare: leftBefore }, { flags: after, leftCare: leftAfter }, readPeople(q2), q1RunAt, q2RunAt);

    const truth = new Map(readCsv(path.join(q2, 'truth.csv')).map(([source, key, person]) => [`${source}:${cleanRecordKey(key)}`, person]));
    const { rows } = await db.pool.query(`SELECT r.id::text AS id, r.source, r.record_key AS key, cr.child_id AS "childId" FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id`);
    personOfChild = new Map();
    personOfRecord = new Map();
    for (const r of rows) {
      const person = truth.get(`${r.source}:${r.key}`);
      if (person === undefined) continue;
      if ((personOfChild.get(r.childId) ?? person) !== person) mixed.add(r.childId);
      personOfChild.set(r.childId, person);
      personOfRecord.set(r.id, person);
    }
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  /** Uses the server as it answers at `at` (ms since the epoch), then stops it. */
  const serverAt = async <T>(at: number, use: (server: Server) => Promise<T>): Promise<T> => {
    const server = await startTestServer(db, tmp.dir, { workers: false, clock: () => new Date(at) });
    try {
      return await use(server);
    } finally {
      await server.stop();
    }
  };
  const allCases = async (client: GraphqlClient, filter: Record<string, unknown> = {}): Promise<CaseNode[]> => {
    const nodes: CaseNode[] = [];
    let after: string | null = null;
    for (;;) {
      const { body } = await client(CASES, { filter, first: 100, after });
      expect(body.errors).toBeUndefined();
      const page = body.data!.cases;
      nodes.push(...page.edges.map((e: { node: CaseNode }) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  };
  /** A case as the truth names it: the person, the kind, the status, overdue or not. */
  const seen = (c: CaseNode) => `${personOfChild.get(c.childId) ?? c.childId} ${c.kind} ${c.status}${c.overdue ? ' overdue' : ''}`;
  const owed = (e: ExpectedCase, at: number) => e.status === 'OPEN' && e.openedAt + dueMs(e.kind) < at;
  const implied = (e: ExpectedCase, at: number) => `${e.person} ${e.kind} ${e.status}${owed(e, at) ? ' overdue' : ''}`;
  /**
   * What a role reads (auth/access.ts CASE_ACCESS, the owners in case-kinds.ts), inside its area;
   * the police also read the mandatory reports they hand on (they own them here in any case).
   */
  const readable = (role: Role, area: string) => (e: ExpectedCase) =>
    e.area.startsWith(area) && (CASE_ACCESS[role].reads === 'all' || CASE_KIND_RULES[e.kind].owner === role || (role === Role.POLICE && e.kind === 'MANDATORY_REPORT'));

  it('has a quarter that clears flags and raises them, for cases of every kind, and links each child to one person', () => {
    expect([...mixed]).toEqual([]);
    for (const [kind, flag] of [['FLAG_CLEARED', 'DROPOUT'], ['FLAG_CLEARED', 'UNREGISTERED'], ['FLAG_RAISED', 'DROPOUT'], ['FLAG_RAISED', 'ALONE_UNDER_16']]) {
      expect(changes.filter((c) => c.kind === kind && c.flag === flag).length).toBeGreaterThan(0);
    }
    const kinds = (status: string, at: number) => new Set(expected.filter((e) => e.status === status && e.openedAt === at).map((e) => e.kind));
    for (const kind of ['DROPOUT_FOLLOW_UP', 'REGISTRATION']) expect(kinds('RESOLVED', q1RunAt).has(kind as CaseKind)).toBe(true);
    expect(kinds('OPEN', q2RunAt)).toEqual(new Set(['DROPOUT_FOLLOW_UP', 'REGISTRATION', 'MANDATORY_REPORT']));
    for (const kind of ['DROPOUT_FOLLOW_UP', 'REGISTRATION']) expect(kinds('OPEN', q1RunAt).has(kind as CaseKind)).toBe(true);
    // Children leave care between the quarters (18, 迁出, a pupil only the school knew graduating), some with a case still owed.
    expect(expected.filter((e) => e.resolvedBy === 'leaving').length).toBeGreaterThan(0);
    expect(leftAfter.size).toBeGreaterThan(leftBefore.size);
  });

  it('derives from the two quarters’ truth the same flags raised and cleared as truth-changes.csv lists', () => {
    const caseFlags = new Set<string>(RULE_KINDS.map((r) => r.flag));
    const listed = changes.filter((c) => (c.kind === 'FLAG_RAISED' || c.kind === 'FLAG_CLEARED') && caseFlags.has(c.flag)).map((c) => `${c.person} ${c.kind} ${c.flag}`);
    const derived: string[] = [];
    for (const [person, now] of after) {
      const was = before.get(person);
      if (was === undefined) continue; // appeared: a new child's flags are no change of flag
      for (const flag of now) if (!was.has(flag)) derived.push(`${person} FLAG_RAISED ${flag}`);
      for (const flag of was) if (!now.has(flag)) derived.push(`${person} FLAG_CLEARED ${flag}`);
    }
    expect(derived.sort()).toEqual(listed.sort());
    // The child the survey found is new, and unregistered.
    const found = changes.filter((c) => c.kind === 'APPEARED' && after.get(c.person)?.has('UNREGISTERED'));
    expect(found).toHaveLength(1);
  });

  it.each([
    ['CIVIL_AFFAIRS', 'county'],
    ['AUDITOR', 'county'],
    ['EDUCATION', 'county'],
    ['POLICE', 'county'],
    ['POLICE', 'town'],
    ['TOWN_SUPERVISOR', 'town'],
    ['VILLAGE_DIRECTOR', 'village'],
  ] as const)('shows %s of a %s the cases and the overdue cases the truth implies, now and a month on', async (role, level) => {
    const area = areaFor(level, expected);
    const mine = expected.filter(readable(Role[role], area));
    expect(mine.length).toBeGreaterThan(0);
    for (const at of [q2RunAt + 60_000, q2RunAt + 31 * DAY]) {
      await serverAt(at, async (server) => {
        const client = await server.as(Role[role], area);
        expect((await allCases(client)).map(seen).sort()).toEqual(mine.map((e) => implied(e, at)).sort());
        const overdue = mine.filter((e) => owed(e, at));
        expect((await allCases(client, { overdue: true })).map(seen).sort()).toEqual(overdue.map((e) => implied(e, at)).sort());
      });
    }
  });

  it('is overdue, now, for exactly the cases of the earlier quarter still owed; a month on, for the new ones due within a month too', () => {
    const now = q2RunAt + 60_000;
    const later = q2RunAt + 31 * DAY;
    const open = expected.filter((e) => e.status === 'OPEN');
    expect(open.filter((e) => owed(e, now))).toEqual(open.filter((e) => e.openedAt === q1RunAt));
    expect(open.filter((e) => owed(e, later))).toEqual(open.filter((e) => e.openedAt === q1RunAt || e.kind !== 'REGISTRATION'));
  });

  it('resolves each case whose flag cleared or whose child left care, by the hub, with the evidence of the record that says so', async () => {
    const resolved = await serverAt(q2RunAt + 60_000, (server) => allCases(server.graphql, { status: 'RESOLVED' }));
    expect(resolved.map((c) => `${personOfChild.get(c.childId)} ${c.kind}`).sort()).toEqual(expected.filter((e) => e.status === 'RESOLVED').map((e) => `${e.person} ${e.kind}`).sort());
    const leaving = new Set(expected.filter((e) => e.resolvedBy === 'leaving').map((e) => `${e.person} ${e.kind}`));
    for (const c of resolved) {
      const last = c.events.at(-1)!;
      expect(last).toMatchObject({ action: 'RESOLVED', actorSub: 'hub', outcome: c.outcome });
      expect(c.overdue).toBe(false);
      if (leaving.has(`${personOfChild.get(c.childId)} ${c.kind}`)) {
        // Out of care: 18 (AGED_OUT), or gone with the reason in the evidence (LEFT_CARE).
        expect(['AGED_OUT', 'LEFT_CARE']).toContain(c.outcome);
        expect(last.note).toMatch(/^the child left the county's care in 2024Q2: /);
        expect(last.details!.evidence!.length).toBeGreaterThan(0);
        continue;
      }
      expect(c.outcome).toBe(CASE_KIND_RULES[c.kind].resolvedByData);
      // The evidence cites the child's own record of the department that says so, by reference.
      const [evidence] = last.details!.evidence!;
      expect(evidence.source).toBe(c.kind === 'DROPOUT_FOLLOW_UP' ? 'education' : 'police');
      expect(personOfRecord.get(evidence.recordId!)).toBe(personOfChild.get(c.childId));
      expect(last.note).toMatch(new RegExp(`R${evidence.recordId}$`));
      expect(c.overdue).toBe(false);
    }
  });

  it('opens a case for a flag raised this quarter, referring to nothing, and notes the earlier quarter’s cases overdue at this run', async () => {
    const cases = await serverAt(q2RunAt + 60_000, (server) => allCases(server.graphql));
    const byKey = new Map(cases.map((c) => [`${personOfChild.get(c.childId)} ${c.kind}`, c]));
    for (const e of expected.filter((x) => x.status === 'OPEN')) {
      const c = byKey.get(`${e.person} ${e.kind}`)!;
      expect(c.refersTo).toBeNull();
      const actions = c.events.map((x) => x.action);
      expect(actions).toEqual(e.openedAt === q1RunAt ? ['OPENED', 'OVERDUE'] : ['OPENED']);
    }
    // No case opens for a child out of care, whatever its flags.
    for (const c of cases.filter((x) => x.status === 'OPEN')) expect(leftAfter.has(personOfChild.get(c.childId)!)).toBe(false);
    for (const { person, flag } of changes.filter((c) => c.kind === 'FLAG_RAISED' && RULE_KINDS.some((r) => r.flag === c.flag))) {
      const kind = RULE_KINDS.find((r) => r.flag === flag)!.kind;
      expect(byKey.get(`${person} ${kind}`)).toMatchObject({ status: 'OPEN', overdue: false });
    }
  });
});

/** The deadline of a kind, from its opening (the defaults: no HUB_CASE_DUE in tests). */
function dueMs(kind: CaseKind): number {
  const [count, unit] = DEFAULT_DUE[kind].split(' ');
  return Number(count) * (unit.startsWith('hour') ? 60 * 60 * 1000 : unit.startsWith('day') ? DAY : NaN);
}

interface QuarterTruth {
  flags: Map<string, Set<ChildFlag>>;
  leftCare: Set<string>;
}

/**
 * The cases the truth calls for after both runs: one per person in the county's care and case
 * flag of the first quarter (opened at its run; resolved if the second quarter's truth no longer
 * carries the flag, or the child left care), and one per flag new in the second for a child in
 * care (opened at its run). truth-changes.csv must say the same of the flags.
 */
function expectedCases(before: QuarterTruth, after: QuarterTruth, people: Map<string, Person>, q1RunAt: number, q2RunAt: number): ExpectedCase[] {
  const cases: ExpectedCase[] = [];
  const followed = (q: QuarterTruth, person: string, flag: ChildFlag) => (q.flags.get(person)?.has(flag) ?? false) && !q.leftCare.has(person);
  for (const { kind, flag } of RULE_KINDS) {
    for (const person of before.flags.keys()) {
      if (!followed(before, person, flag)) continue;
      const area = people.get(person)!.area;
      if (!after.flags.get(person)?.has(flag)) cases.push({ person, kind, area, openedAt: q1RunAt, status: 'RESOLVED', resolvedBy: 'flag' });
      else if (after.leftCare.has(person)) cases.push({ person, kind, area, openedAt: q1RunAt, status: 'RESOLVED', resolvedBy: 'leaving' });
      else cases.push({ person, kind, area, openedAt: q1RunAt, status: 'OPEN' });
    }
    for (const person of after.flags.keys()) {
      if (followed(after, person, flag) && !followed(before, person, flag)) cases.push({ person, kind, area: people.get(person)!.area, openedAt: q2RunAt, status: 'OPEN' });
    }
  }
  return cases;
}

interface Person {
  birth: string;
  area: string;
  /** 人员状态 and 学籍状态 as the person's records give them. */
  policeStatus: string;
  enrolmentStatus: string;
}

function readPeople(dir: string): Map<string, Person> {
  const [header, ...rows] = readCsv(path.join(dir, 'truth-people.csv'));
  const col = (name: string) => header.indexOf(name);
  return new Map(
    rows.map((r) => [r[col('person_id')], { birth: r[col('birth_date')], area: r[col('area_code')], policeStatus: r[col('police_status')], enrolmentStatus: r[col('enrolment_status')] }]),
  );
}

/**
 * The case flags (DROPOUT, UNREGISTERED, ALONE_UNDER_16) each person carries as of the period's
 * end: the rules (docs/DOMAIN.md) on the person's true birth date and on what the rows the truth
 * says are the person's give (an enrolment status, an ID number, a police record, 监护类型); and
 * the people out of the county's care: 18 by the period's end, moved out or dead (police), dead
 * (school), or graduated or transferred out of a school while neither the roster nor the police
 * list them in the period.
 */
async function trueCaseFlags(dir: string, period: string): Promise<QuarterTruth> {
  const end = periodEndDate(period);
  const people = readPeople(dir);
  const truth = new Map(readCsv(path.join(dir, 'truth.csv')).slice(1).map(([source, key, person]) => [`${source}:${cleanRecordKey(key)}`, person]));
  const rows = new Map<string, { source: Source; cell(column: string): string }[]>();
  for (const source of SOURCES) {
    // Read as the import reads it (a row it cannot read is rejected, and says nothing).
    const [header, ...lines] = await exportRows(path.join(dir, `${source}.csv`));
    for (const line of lines) {
      if (line.length !== header.length) continue;
      const person = truth.get(`${source}:${cleanRecordKey(line[0])}`);
      if (person === undefined) continue;
      (rows.get(person) ?? rows.set(person, []).get(person)!).push({ source, cell: (column) => line[header.indexOf(column)] ?? '' });
    }
  }
  const flags = new Map<string, Set<ChildFlag>>();
  const leftCare = new Set<string>();
  for (const [person, own] of rows) {
    const { birth, policeStatus, enrolmentStatus } = people.get(person)!;
    const listed = own.some((r) => r.source === 'civil-affairs' || r.source === 'police');
    if (ageOn(birth, end) >= 18 || ['迁出', '死亡'].includes(policeStatus) || enrolmentStatus === '死亡' || (['毕业', '转出'].includes(enrolmentStatus) && !listed)) leftCare.add(person);
    const set = new Set<ChildFlag>();
    const from = (source: Source) => own.filter((r) => r.source === source);
    const schoolAge = ageOn(birth, schoolYearCutoff(end));
    if (schoolAge >= 6 && schoolAge <= 15 && (from('education').length === 0 || from('education').some((r) => r.cell('学籍状态') === '辍学'))) set.add('DROPOUT');
    const numbers = own.flatMap((r) => (r.source === 'police' ? [r.cell('公民身份号码')] : r.source === 'education' ? [r.cell('身份证号'), r.cell('全国学籍号').replace(/^G/, '')] : [r.cell('身份证号')]));
    const registered = numbers.some((n) => {
      const id = normaliseIdNumber(n);
      return id.status === 'valid' || (id.status === 'invalid' && id.value !== null && isMistypedNumberOf(id.value, birth));
    });
    if (from('police').length === 0 && !registered) set.add('UNREGISTERED');
    if (ageOn(birth, end) < 16 && from('civil-affairs').some((r) => r.cell('监护类型') === '无人监护')) set.add('ALONE_UNDER_16');
    flags.set(person, set);
  }
  return { flags, leftCare };
}

/** The county, or the town or village with most expected cases (a deterministic choice). */
function areaFor(level: 'county' | 'town' | 'village', cases: readonly ExpectedCase[]): string {
  if (level === 'county') return COUNTY;
  const length = level === 'town' ? 9 : 12;
  const counts = new Map<string, number>();
  for (const c of cases) if (c.area.length >= length) counts.set(c.area.slice(0, length), (counts.get(c.area.slice(0, length)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

/** A truth file (well-formed CSV). */
function readCsv(file: string): string[][] {
  return parse(fs.readFileSync(file), { bom: true, skip_empty_lines: true });
}

async function exportRows(file: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const item of readExportCsv(readLines(file))) if (item.kind === 'record') out.push(item.cells);
  return out;
}
