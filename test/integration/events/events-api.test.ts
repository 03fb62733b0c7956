import { ACCESS, CASE_ACCESS } from '../../../src/auth/access';
import { Role } from '../../../src/auth/roles';
import { caseKindsReadBy } from '../../../src/modules/cases/case-kinds';
import { EVENT_READERS, EventKind } from '../../../src/modules/events/event-kinds';
import { COUNTY_A, COUNTY_B, twoCounties } from '../../support/two-counties';
import type { GraphqlClient } from '../../support/server';

const EVENTS = `query Events($filter: EventFilter, $first: Int) {
  events(filter: $filter, first: $first) {
    edges { cursor node { id kind childId otherChildId reviewItemId importId runId flag source areaCode countyCode period occurredAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface EventNode {
  id: string;
  kind: EventKind;
  childId: string | null;
  flag: string | null;
  source: string | null;
  caseKind?: string | null;
  areaCode: string | null;
  countyCode: string | null;
}

const SOURCE_OF: Partial<Record<Role, string>> = { [Role.CIVIL_AFFAIRS]: 'civil-affairs', [Role.EDUCATION]: 'education', [Role.POLICE]: 'police' };

/** Every event a client is told, page by page. */
async function allEvents(client: GraphqlClient, filter: Record<string, unknown> = {}): Promise<EventNode[]> {
  const seen: EventNode[] = [];
  let after: string | undefined;
  for (;;) {
    const { body } = await client(EVENTS, { filter: { ...filter, ...(after ? { after } : {}) }, first: 100 });
    expect(body.errors).toBeUndefined();
    const page = body.data!.events;
    seen.push(...page.edges.map((e: { node: EventNode }) => e.node));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
}

describe('events (through the real server): each role and area is told only what it may see', () => {
  let world: Awaited<ReturnType<typeof twoCounties>>;
  /** Every event in the outbox, read as the database sees it. */
  let stored: EventNode[];

  beforeAll(async () => {
    world = await twoCounties();
    const { rows } = await world.db.pool.query(
      `SELECT id::text AS id, kind, child_id AS "childId", flag, source, case_kind AS "caseKind", area_code AS "areaCode", county_code AS "countyCode" FROM event ORDER BY event.id`,
    );
    stored = rows;
  }, 180_000);
  afterAll(() => world.close());

  it('holds, written with the changes, flags raised, review items, imports and reconciliations, in ids and codes only', async () => {
    const kinds = new Set(stored.map((e) => e.kind));
    for (const kind of [EventKind.FLAG_RAISED, EventKind.REVIEW_ITEM_CREATED, EventKind.IMPORT_FINISHED, EventKind.RECONCILIATION_FINISHED]) expect(kinds).toContain(kind);
    // Every flag a child carries was raised by an event of its own.
    // (flag_names also holds a flag's strength, DROPOUT/TO_VERIFY, for the dashboard: not a flag of its own.)
    const { rows } = await world.db.pool.query(`SELECT id, flag FROM child, unnest(flag_names) AS flag WHERE position('/' in flag) = 0`);
    const raised = new Set(stored.filter((e) => e.kind === EventKind.FLAG_RAISED).map((e) => `${e.childId} ${e.flag}`));
    for (const r of rows) expect(raised).toContain(`${r.id} ${r.flag}`);
    // No column could hold a name or an ID number.
    const { rows: columns } = await world.db.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'event' ORDER BY 1`);
    expect(columns.map((c) => c.column_name)).toEqual(
      ['area_code', 'case_id', 'case_kind', 'child_id', 'county_code', 'flag', 'id', 'import_id', 'kind', 'occurred_at', 'other_child_id', 'period', 'review_item_id', 'run_id', 'source', 'strength'].sort(),
    );
  });

  const listening = Object.values(Role).filter((r) => r !== Role.AUDITOR);
  it.each(listening)('%s is told exactly the events its role and area may see', async (role) => {
    const area = world.areaOf(role);
    const told = await allEvents(await world.server.as(role, area));
    // What the API's rules allow, computed here from the access table, event by event.
    const expected = stored.filter(
      (e) =>
        EVENT_READERS[e.kind].includes(role) &&
        (e.flag === null || ACCESS[role].flags.includes(e.flag as never)) &&
        (e.source === null || role === Role.CIVIL_AFFAIRS || e.source === SOURCE_OF[role]) &&
        (!e.caseKind || (caseKindsReadBy(role, CASE_ACCESS[role].reads) ?? [e.caseKind]).includes(e.caseKind)) &&
        (e.areaCode ?? e.countyCode ?? '').startsWith(area),
    );
    expect(told.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(told.length).toBeGreaterThan(0);
    for (const e of told) {
      expect((e.areaCode ?? e.countyCode)!.startsWith(area)).toBe(true);
      if (e.flag !== null) expect(ACCESS[role].flags).toContain(e.flag);
    }
  });

  it('never tells county A what happened in county B, nor education a police-only flag', async () => {
    const civilA = await allEvents(await world.server.as(Role.CIVIL_AFFAIRS, COUNTY_A));
    expect(civilA.some((e) => e.countyCode === COUNTY_B)).toBe(false);
    expect(stored.some((e) => e.countyCode === COUNTY_B)).toBe(true);
    const education = await allEvents(await world.server.as(Role.EDUCATION, COUNTY_A));
    const policeOnly = ACCESS[Role.POLICE].flags.filter((f) => !ACCESS[Role.EDUCATION].flags.includes(f));
    expect(stored.some((e) => e.flag !== null && policeOnly.includes(e.flag as never))).toBe(true);
    expect(education.some((e) => e.flag !== null && policeOnly.includes(e.flag as never))).toBe(false);
    expect(education.some((e) => e.kind === EventKind.IMPORT_FINISHED && e.source !== 'education')).toBe(false);
  });

  it('refuses the auditor, who reads who read what, never what happened to a child', async () => {
    const { body } = await (await world.server.as(Role.AUDITOR, COUNTY_A))(EVENTS, {});
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('filters by kind and by an area inside the viewer\'s, resumes after an id, and answers nothing for an area outside', async () => {
    const civil = await world.server.as(Role.CIVIL_AFFAIRS, COUNTY_A);
    const flags = await allEvents(civil, { kinds: ['FLAG_RAISED'] });
    expect(flags.length).toBeGreaterThan(0);
    expect(new Set(flags.map((e) => e.kind))).toEqual(new Set(['FLAG_RAISED']));
    const town = await allEvents(civil, { areaCode: world.places.t1 });
    expect(town.length).toBeGreaterThan(0);
    expect(town.every((e) => e.areaCode?.startsWith(world.places.t1))).toBe(true);
    const all = await allEvents(civil);
    const middle = all[Math.floor(all.length / 2)].id;
    expect((await allEvents(civil, { after: middle })).map((e) => e.id)).toEqual(all.filter((e) => BigInt(e.id) > BigInt(middle)).map((e) => e.id));
    expect(await allEvents(civil, { areaCode: COUNTY_B })).toEqual([]);
    const bad = await civil(EVENTS, { filter: { after: 'abc' } });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('writes a flag cleared or raised with the change that makes it, and not when that change is rolled back', async () => {
    const child = world.places.v1.childId;
    const count = async () => Number((await world.db.pool.query(`SELECT count(*) FROM event WHERE child_id = $1 AND flag = 'ID_CONFLICT'`, [child])).rows[0].count);
    const before = await count();
    const client = await world.db.pool.connect();
    try {
      const { rows } = await client.query(`SELECT 'ID_CONFLICT' = ANY(flag_names) AS has FROM child WHERE id = $1`, [child]);
      const toggle = rows[0].has ? `array_remove(flag_names, 'ID_CONFLICT')` : `array_append(flag_names, 'ID_CONFLICT')`;
      await client.query('BEGIN');
      await client.query(`UPDATE child SET flag_names = ${toggle} WHERE id = $1`, [child]);
      await client.query('ROLLBACK');
      expect(await count()).toBe(before);
      await client.query(`UPDATE child SET flag_names = ${toggle} WHERE id = $1`, [child]);
      const { rows: written } = await client.query(`SELECT kind, area_code FROM event WHERE child_id = $1 AND flag = 'ID_CONFLICT' ORDER BY id DESC LIMIT 1`, [child]);
      expect(written[0]).toEqual({ kind: rows[0].has ? 'FLAG_CLEARED' : 'FLAG_RAISED', area_code: world.places.v1.area });
      // And events are kept as written.
      await expect(client.query(`DELETE FROM event WHERE child_id = $1`, [child])).rejects.toThrow(/permission denied|cannot be changed/);
    } finally {
      client.release();
    }
  });
});
