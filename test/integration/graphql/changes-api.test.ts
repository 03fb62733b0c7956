import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Role } from '../../../src/auth/roles';
import { generateNextQuarter } from '../../../src/generate/next-quarter';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { cleanRecordKey } from '../../../src/modules/ingest/source-rows';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

const CHANGES = `query Changes($areaCode: String, $from: String!, $to: String!, $kinds: [ChangeKind!], $first: Int, $after: String) {
  changes(areaCode: $areaCode, from: $from, to: $to, kinds: $kinds, first: $first, after: $after) {
    totalCount
    totals { kind count }
    edges { node { childId kind flag before after reasons child { id areaCode } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Change {
  childId: string;
  kind: string;
  flag: string | null;
  before: string | null;
  after: string | null;
  reasons: string[];
  child: { id: string; areaCode: string } | null;
}

interface Truth {
  person: string;
  kind: string;
  flag: string;
  before: string;
  after: string;
}

const ROLE_FLAGS: Record<string, string[] | null> = {
  EDUCATION: ['LEFT_BEHIND', 'DROPOUT'],
  POLICE: ['UNREGISTERED', 'ALONE_UNDER_16', 'ID_CONFLICT', 'DUPLICATE_REGISTRATION'],
};
// Which roles see each leaving reason: the reason's field decides (auth/access.ts sections).
const REASON_SEEN_BY: Record<string, string[]> = {
  迁出: ['CIVIL_AFFAIRS', 'POLICE', 'TOWN_SUPERVISOR'],
  毕业: ['CIVIL_AFFAIRS', 'EDUCATION', 'TOWN_SUPERVISOR'],
  'aged 18': ['CIVIL_AFFAIRS', 'EDUCATION', 'POLICE', 'TOWN_SUPERVISOR'],
};

// A generated county (invented people) for 2024Q1, then its 2024Q2 from the generator, both
// imported and reconciled: the changes the server reports are the generator's truth, per role.
describe('changes between two quarters (through the real server)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let truth: Truth[];
  /** child id → the person its records are about. */
  let personOf: Map<string, string>;

  beforeAll(async () => {
    const q1 = path.join(tmp.dir, 'q1');
    const q2 = path.join(tmp.dir, 'q2');
    const county = await generatedCounty(q1, 1200, 'changes-test', 'low');
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'changes-test' }, q2);
    db = await createTestDatabase();
    const reconcile = () => new ReconcileService(new IdentityStore(db.pool)).reconcile();
    await importCounty(db.pool, county.files, undefined, '2024Q1');
    await reconcile();
    await importCounty(db.pool, Object.fromEntries(Object.keys(county.files).map((s) => [s, path.join(q2, `${s}.csv`)])), undefined, '2024Q2');
    await reconcile();
    server = await startTestServer(db, tmp.dir);
    truth = readCsv(path.join(q2, 'truth-changes.csv')).map(([person, kind, flag, before, after]) => ({ person, kind, flag, before, after }));
    const people = new Map<string, string>();
    for (const [source, key, person] of readCsv(path.join(q2, 'truth.csv'))) people.set(`${source}:${cleanRecordKey(key)}`, person);
    const { rows } = await db.pool.query(`SELECT r.source, r.record_key AS key, cr.child_id AS "childId" FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id`);
    personOf = new Map();
    for (const r of rows) {
      const person = people.get(`${r.source}:${r.key}`);
      if (person !== undefined) personOf.set(r.childId, person);
    }
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  async function allChanges(client: GraphqlClient, variables: Record<string, unknown> = {}) {
    const changes: Change[] = [];
    let after: string | null = null;
    let totals: { kind: string; count: number }[] = [];
    for (;;) {
      const { body } = await client(CHANGES, { from: '2024Q1', to: '2024Q2', first: 100, after, ...variables });
      expect(body.errors).toBeUndefined();
      const page = body.data!.changes;
      totals = page.totals;
      changes.push(...page.edges.map((e: { node: Change }) => e.node));
      if (!page.pageInfo.hasNextPage) return { changes, totals, totalCount: page.totalCount as number };
      after = page.pageInfo.endCursor;
    }
  }

  /** A change as the truth writes it: the person, the kind, the flag, and the values compared. */
  const asTruth = (c: Change) =>
    [personOf.get(c.childId) ?? c.childId, c.kind, c.flag ?? '', c.kind === 'MOVED' || c.kind === 'CATEGORY_CHANGED' ? (c.before ?? '') : '', c.kind === 'FLAG_RAISED' || c.kind === 'FLAG_CLEARED' ? '' : (c.after ?? '')].join('|');
  const key = (t: Truth) => [t.person, t.kind, t.flag, t.before, t.after].join('|');

  it('reports, for civil affairs, exactly the changes the generator made, with totals per kind', async () => {
    const { changes, totals, totalCount } = await allChanges(await server.as(Role.CIVIL_AFFAIRS, '500109'));
    expect(changes.map(asTruth).sort()).toEqual(truth.map(key).sort());
    // Every kind the generator made is there: the quarter is not a trivial one.
    for (const kind of ['APPEARED', 'DISAPPEARED', 'FLAG_RAISED', 'FLAG_CLEARED', 'CATEGORY_CHANGED', 'MOVED']) expect(truth.some((t) => t.kind === kind)).toBe(true);
    for (const flag of ['DROPOUT', 'UNREGISTERED']) expect(truth.some((t) => t.flag === flag)).toBe(true);
    for (const reason of ['迁出', '毕业', 'aged 18']) expect(truth.some((t) => t.after === reason)).toBe(true);
    expect(totalCount).toBe(truth.length);
    for (const { kind, count } of totals) expect(count).toBe(truth.filter((t) => t.kind === kind).length);
    // Each change brings the child's file (read and audited like a page of children).
    expect(changes.every((c) => c.child !== null)).toBe(true);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'changes' AND role = 'CIVIL_AFFAIRS'`);
    expect(rows[0].n).toBe(new Set(changes.map((c) => c.childId)).size);
  });

  it.each([
    [Role.EDUCATION, '500109'],
    [Role.POLICE, '500109'],
  ])('shows %s only the flags and reasons it may see', async (role) => {
    const { changes, totals } = await allChanges(await server.as(role, '500109'));
    const flags = ROLE_FLAGS[role]!;
    const expected = truth
      .filter((t) => (t.flag === '' || flags.includes(t.flag)) && t.kind !== 'CATEGORY_CHANGED')
      .map((t) => ({ ...t, after: t.kind === 'DISAPPEARED' ? t.after.split(', ').filter((reason) => REASON_SEEN_BY[reason].includes(role)).join(', ') : t.after }));
    expect(changes.map(asTruth).sort()).toEqual(expected.map(key).sort());
    expect(totals.map((t) => t.kind)).not.toContain('CATEGORY_CHANGED');
    const { body } = await (await server.as(role, '500109'))(CHANGES, { from: '2024Q1', to: '2024Q2', kinds: ['CATEGORY_CHANGED'] });
    expect(body.errors?.[0]?.message).toBe('your role may not see CATEGORY_CHANGED');
  });

  it('shows a town supervisor only the changes of its town', async () => {
    const moved = truth.find((t) => t.kind === 'MOVED')!;
    const town = moved.after.slice(0, 9);
    const { changes } = await allChanges(await server.as(Role.TOWN_SUPERVISOR, town));
    const all = await allChanges(await server.as(Role.CIVIL_AFFAIRS, '500109'));
    const inTown = all.changes.filter((c) => c.child?.areaCode.startsWith(town));
    expect(changes.map(asTruth).sort()).toEqual(inTown.map(asTruth).sort());
    expect(changes.map((c) => c.kind)).toContain('MOVED');
    expect(changes.length).toBeLessThan(all.changes.length);
    // Asking for another town's area gives nothing of it.
    const other = all.changes.find((c) => !c.child?.areaCode.startsWith(town))!.child!.areaCode.slice(0, 9);
    const { body } = await (await server.as(Role.TOWN_SUPERVISOR, town))(CHANGES, { from: '2024Q1', to: '2024Q2', areaCode: other });
    expect(body.data!.changes.totalCount).toBe(0);
  });

  it('refuses the auditor, and periods the hub never kept', async () => {
    const auditor = await server.as(Role.AUDITOR, '500109');
    const { body } = await auditor(CHANGES, { from: '2024Q1', to: '2024Q2' });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const civil = await server.as(Role.CIVIL_AFFAIRS, '500109');
    const never = await civil(CHANGES, { from: '2023Q4', to: '2024Q2' });
    expect(never.body.errors?.[0]?.message).toBe('no state is kept for county 500109 in 2023Q4: only periods imported and reconciled are');
  });

  it('gives the same answer for 2024Q1 → 2024Q2 after 2024Q3 lands', async () => {
    const civil = await server.as(Role.CIVIL_AFFAIRS, '500109');
    const before = await allChanges(civil);
    const q3 = path.join(tmp.dir, 'q3');
    await generateNextQuarter({ from: path.join(tmp.dir, 'q2'), period: '2024Q3', seed: 'changes-test' }, q3);
    await importCounty(db.pool, Object.fromEntries(['civil-affairs', 'education', 'police'].map((s) => [s, path.join(q3, `${s}.csv`)])), undefined, '2024Q3');
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    const after = await allChanges(civil);
    expect(after.changes.map((c) => [c.childId, c.kind, c.flag, c.before, c.after].join('|'))).toEqual(before.changes.map((c) => [c.childId, c.kind, c.flag, c.before, c.after].join('|')));
    const later = await allChanges(civil, { from: '2024Q2', to: '2024Q3' });
    expect(later.totalCount).toBeGreaterThan(0);
  }, 120_000);
});

function readCsv(file: string): string[][] {
  return (parse(fs.readFileSync(file, 'utf8')) as string[][]).slice(1);
}
