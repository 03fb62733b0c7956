import 'reflect-metadata';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ACCESS } from '../../../src/auth/access';
import { Role } from '../../../src/auth/roles';
import { signDevelopmentToken } from '../../../src/auth/tokens';
import { EventKind } from '../../../src/modules/events/event-kinds';
import { EventFeed } from '../../../src/modules/events/subscription.feed';
import { EventSubscriptionService } from '../../../src/modules/events/subscription.service';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { tempDir } from '../../support/files';
import { startTestServer, TEST_SECRET } from '../../support/server';
import { eventually } from '../../support/eventually';
import { connect, eventsAfter, subscribe, SUBSCRIBE, type Subscriber } from '../../support/subscriptions';
import { COUNTY_A, COUNTY_B, newIdNumber, twoCounties } from '../../support/two-counties';

/**
 * eventAdded over graphql-ws, through the real server and a real WebSocket client: the token at
 * connection_init, the audience's rules, delivery from the database (events written by another
 * process, here the test's own pool, as `hub worker` or another API node would), resuming after
 * a disconnect, the limits, and a clean stop.
 */

const PUSH = `mutation Push($rows: [JSONObject!]!) { importRecords(source: CIVIL_AFFAIRS, period: "2024Q1", rows: $rows) { new rejected } }`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('eventAdded over graphql-ws (real server, real client)', () => {
  let world: Awaited<ReturnType<typeof twoCounties>>;
  /** A second API node on the same database, with low limits: subscribers there hear what node 1 and other processes write. */
  let node2: Awaited<ReturnType<typeof startTestServer>>;
  const tmp = tempDir();
  const clients: Client[] = [];
  const token = (role: Role, area: string, sub = `${role.toLowerCase()}-subscriber`, expiresIn = '1h') => signDevelopmentToken(TEST_SECRET, { sub, role, area }, expiresIn);
  const params = async (role: Role, area: string, sub?: string) => ({ authorization: `Bearer ${await token(role, area, sub)}` });
  const track = (s: Subscriber) => {
    clients.push(s.client);
    return s;
  };
  const lastId = async () => (await world.db.pool.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`)).rows[0].id as string;
  const reconcile = () => new ReconcileService(new IdentityStore(world.db.pool)).reconcile();
  let serial = 0;
  /** A civil-affairs roster row of a new (invented) left-behind child of `village`. */
  const leftBehind = (village: string) => {
    serial += 1;
    const id = newIdNumber(village.slice(0, 6));
    return { 记录编号: `MZ-SUB-${village.slice(0, 6)}-${serial}`, 姓名: `订${'甲乙丙丁'[serial % 4]}${'安宁康乐'[serial % 4]}`, 性别: '女', 出生日期: id.slice(6, 14), 身份证号: id, 行政区划代码: village, 儿童类别: '留守儿童' };
  };

  beforeAll(async () => {
    world = await twoCounties();
    node2 = await startTestServer(world.db, tmp.dir, { workers: false, subscriptionLimits: { connectionsPerSubject: 2, perConnection: 2 } });
  }, 180_000);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });
  afterAll(async () => {
    await node2?.stop();
    await world?.close();
    tmp.cleanup();
  });

  it('tells a town subscriber of town A the events of town A raised by an import and a reconciliation, and never one of elsewhere', async () => {
    const t1 = world.places.t1;
    const start = await lastId();
    const town = track(subscribe(node2.endpoint, await params(Role.TOWN_SUPERVISOR, t1), { after: start }));
    const countyB = track(subscribe(world.server.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_B), { after: start }));
    // Pushed through node 1, in town T1, in another town T2 of county A, and in county B; then
    // reconciled by another process (this test's pool, as `hub worker` would).
    const civilA = await world.server.as(Role.CIVIL_AFFAIRS, COUNTY_A);
    const civilB = await world.server.as(Role.CIVIL_AFFAIRS, COUNTY_B);
    expect((await civilA(PUSH, { rows: [leftBehind(world.places.v1.area), leftBehind(world.places.t2.area)] })).body.data!.importRecords).toEqual({ new: 2, rejected: 0 });
    expect((await civilB(PUSH, { rows: [leftBehind(world.places.b.area)] })).body.data!.importRecords).toEqual({ new: 1, rejected: 0 });
    await reconcile();

    const raisedInT1 = await eventually(() => town.events.find((e) => e.kind === 'FLAG_RAISED' && e.flag === 'LEFT_BEHIND' && e.areaCode === world.places.v1.area) ?? null);
    const inB = await eventually(() => countyB.events.find((e) => e.kind === 'FLAG_RAISED' && e.areaCode?.startsWith(COUNTY_B)) ?? null);
    expect(raisedInT1.childId).not.toBeNull();
    expect(inB.childId).not.toBeNull();
    // What was written elsewhere exists, and was told to no one outside its area.
    const { rows: written } = await world.db.pool.query(`SELECT area_code, county_code FROM event WHERE id > $1`, [start]);
    expect(written.some((e) => e.county_code === COUNTY_B)).toBe(true);
    expect(written.some((e) => e.area_code?.startsWith(COUNTY_A) && !e.area_code.startsWith(t1))).toBe(true);
    await pause(500);
    for (const e of town.events) expect((e.areaCode ?? e.countyCode)!.startsWith(t1)).toBe(true);
    for (const e of countyB.events) expect((e.areaCode ?? e.countyCode)!.startsWith(COUNTY_B)).toBe(true);
    // Exactly what `events` tells the same token, in the same order: the same rules.
    expect(town.events).toEqual(await eventsAfter(await world.server.as(Role.TOWN_SUPERVISOR, t1, 'town-check'), start));
    expect(countyB.events).toEqual(await eventsAfter(civilB, start));
  });

  it('never tells an EDUCATION subscriber a police-only event, and tells the police', async () => {
    const start = await lastId();
    const education = track(subscribe(node2.endpoint, await params(Role.EDUCATION, COUNTY_A), { after: start }));
    const police = track(subscribe(world.server.endpoint, await params(Role.POLICE, world.places.t1), { after: start }));
    const policeOnly = ACCESS[Role.POLICE].flags.filter((f) => !ACCESS[Role.EDUCATION].flags.includes(f));
    const child = world.places.v1.childId;
    // Flags raised on a child of V1 by another writer (the flag triggers write the events): the
    // police-only ones, and then DROPOUT, which education hears of.
    const { rows } = await world.db.pool.query<{ flag_names: string[] }>(`SELECT flag_names FROM child WHERE id = $1`, [child]);
    const toRaise = [...policeOnly, 'DROPOUT'].filter((f) => !rows[0].flag_names.includes(f));
    expect(toRaise).toContain('DROPOUT');
    for (const flag of toRaise) await world.db.pool.query(`UPDATE child SET flag_names = array_append(flag_names, $2) WHERE id = $1`, [child, flag]);
    await eventually(() => education.events.find((e) => e.flag === 'DROPOUT' && e.childId === child) ?? null);
    const heardByPolice = await eventually(() => (police.events.filter((e) => e.childId === child && policeOnly.includes(e.flag as never)).length === toRaise.length - 1 ? police.events : null));
    expect(heardByPolice.length).toBeGreaterThan(0);
    expect(education.events.some((e) => e.flag !== null && policeOnly.includes(e.flag as never))).toBe(false);
    expect(education.events.some((e) => e.kind === 'IMPORT_FINISHED' && e.source !== 'education')).toBe(false);
    // Put the child back as it was.
    await world.db.pool.query(`UPDATE child SET flag_names = $2 WHERE id = $1`, [child, rows[0].flag_names]);
  });

  it('refuses a missing, bad or expired token at connection_init (4401) and the auditor (4403), with the reason', async () => {
    const cases: [Record<string, unknown> | undefined, number, RegExp][] = [
      [undefined, 4401, /^no token/],
      [{ authorization: 'Bearer not-a-token' }, 4401, /token is not valid/],
      [{ token: await token(Role.CIVIL_AFFAIRS, COUNTY_A, 'late', '-10s') }, 4401, /expired/],
      [{ authorization: `Bearer ${await signDevelopmentToken('another-secret-of-at-least-32-characters', { sub: 's', role: Role.CIVIL_AFFAIRS, area: COUNTY_A })}` }, 4401, /signature/],
      [await params(Role.AUDITOR, COUNTY_A), 4403, /^an AUDITOR token hears of no events/],
    ];
    for (const [connectionParams, code, reason] of cases) {
      const s = track(subscribe(world.server.endpoint, connectionParams, { after: '0' }));
      const closed = await s.closed;
      expect(closed.code).toBe(code);
      expect(closed.reason).toMatch(reason);
      expect(s.events).toEqual([]);
    }
    // `{ token }` is accepted as well as `{ authorization }`.
    const ok = track(subscribe(world.server.endpoint, { token: await token(Role.CIVIL_AFFAIRS, COUNTY_A) }, { after: '0', kinds: ['RECONCILIATION_FINISHED'] }));
    await eventually(() => (ok.events.length > 0 ? true : null));
  });

  it('closes the socket when the token expires', async () => {
    const s = track(subscribe(node2.endpoint, { token: await token(Role.CIVIL_AFFAIRS, COUNTY_A, 'short-lived', '2s') }, { after: await lastId() }));
    const closed = await s.closed;
    expect(closed).toEqual({ code: 4401, reason: 'the token has expired' });
  });

  it('loses nothing across a disconnect: events(after:) from the last id seen, or eventAdded(after:), tells what was missed', async () => {
    const start = await lastId();
    const civil = await world.server.as(Role.CIVIL_AFFAIRS, COUNTY_A);
    const first = track(subscribe(node2.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A), { after: start }));
    await civil(PUSH, { rows: [leftBehind(world.places.v2.area)] });
    await reconcile();
    await eventually(() => (first.events.some((e) => e.kind === 'RECONCILIATION_FINISHED') ? true : null));
    await first.client.dispose();
    const lastSeen = first.events[first.events.length - 1].id;
    // Written while nobody listened.
    await civil(PUSH, { rows: [leftBehind(world.places.v1.area), leftBehind(world.places.t2.area)] });
    await reconcile();
    const missed = await eventsAfter(civil, lastSeen);
    expect(missed.some((e) => e.kind === 'FLAG_RAISED')).toBe(true);
    // Before + missed = everything since the start, each once, in order.
    expect([...first.events, ...missed]).toEqual(await eventsAfter(civil, start));
    // The subscription replays from a cursor too, then goes on live.
    const again = track(subscribe(node2.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A), { after: lastSeen }));
    await eventually(() => (again.events.length >= missed.length ? true : null));
    expect(again.events).toEqual(missed);
    await civil(PUSH, { rows: [leftBehind(world.places.v2.area)] });
    await reconcile();
    await eventually(() => (again.events.some((e) => BigInt(e.id) > BigInt(missed[missed.length - 1].id) && e.kind === 'RECONCILIATION_FINISHED') ? true : null));
    expect(again.events).toEqual(await eventsAfter(civil, lastSeen));
  });

  it('keeps telling after the LISTEN connection was ended under it, events written meanwhile included', async () => {
    const s = track(subscribe(node2.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A), { after: await lastId(), kinds: ['FLAG_RAISED', 'FLAG_CLEARED'] }));
    await eventually(async () => ((await listeners()) === 2 ? true : null));
    // Both nodes' LISTEN sessions ended (an administrator, a database restart), then a flag raised at once.
    await world.db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hub-events' AND datname = current_database()`);
    const child = world.places.v2.childId;
    const { rows } = await world.db.pool.query<{ flag_names: string[] }>(`SELECT flag_names FROM child WHERE id = $1`, [child]);
    const flag = ['ID_CONFLICT', 'ALONE_UNDER_16', 'DROPOUT'].find((f) => !rows[0].flag_names.includes(f))!;
    await world.db.pool.query(`UPDATE child SET flag_names = array_append(flag_names, $2) WHERE id = $1`, [child, flag]);
    await eventually(() => s.events.find((e) => e.childId === child && e.flag === flag) ?? null);
    await eventually(async () => ((await listeners()) === 2 ? true : null));
    await world.db.pool.query(`UPDATE child SET flag_names = $2 WHERE id = $1`, [child, rows[0].flag_names]);
  });

  it('a stream whose LISTEN connection ended reads, once listening again, what was written meanwhile', async () => {
    // A feed of its own, slow to reconnect, so that the event below is surely written while it does not listen.
    const feed = new EventFeed(world.db.url, () => undefined, [1000]);
    await feed.start();
    const stream = await new EventSubscriptionService(world.db.pool, feed).open({ sub: 'feed-test', role: Role.CIVIL_AFFAIRS, area: COUNTY_A }, { kinds: [EventKind.FLAG_RAISED, EventKind.FLAG_CLEARED] });
    try {
      const told = stream.next();
      await world.db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hub-events' AND datname = current_database()`);
      await eventually(() => (feed.listening ? null : true), 5);
      const child = world.places.t2.childId;
      const { rows } = await world.db.pool.query<{ flag_names: string[] }>(`SELECT flag_names FROM child WHERE id = $1`, [child]);
      const flag = ['ID_CONFLICT', 'ALONE_UNDER_16', 'DROPOUT'].find((f) => !rows[0].flag_names.includes(f))!;
      await world.db.pool.query(`UPDATE child SET flag_names = array_append(flag_names, $2) WHERE id = $1`, [child, flag]);
      expect(feed.listening).toBe(false);
      const first = await Promise.race([told, pause(10_000).then(() => null)]);
      expect(first?.value).toMatchObject({ kind: 'FLAG_RAISED', childId: child, flag });
      expect(feed.listening).toBe(true);
      await world.db.pool.query(`UPDATE child SET flag_names = $2 WHERE id = $1`, [child, rows[0].flag_names]);
    } finally {
      await stream.return();
      await feed.stop();
    }
    // Ended, the stream no longer watches the feed.
    expect(feed.watching).toBe(0);
  });

  it('applies the area and kind rules of `events` when a subscription starts', async () => {
    const connection = connect(world.server.endpoint, await params(Role.EDUCATION, COUNTY_A));
    clients.push(connection.client);
    const outside = subscribe('', undefined, { areaCode: COUNTY_B }, SUBSCRIBE, connection);
    await outside.failure;
    expect(outside.refusals.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(outside.refusals[0].message).toMatch(/outside your area/);
    const noKind = subscribe('', undefined, { kinds: ['VISIT_DUE', 'REVIEW_ITEM_CREATED'] }, SUBSCRIBE, connection);
    await noKind.failure;
    expect(noKind.refusals[0].message).toMatch(/hears of none of these kinds/);
    const badCursor = subscribe('', undefined, { after: 'abc' }, SUBSCRIBE, connection);
    await badCursor.failure;
    expect(badCursor.refusals[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Kinds the role does not hear of are left out, as `events` leaves them out: education's own flags only.
    const mixed = subscribe('', undefined, { kinds: ['REVIEW_ITEM_CREATED', 'FLAG_RAISED'], after: '0' }, SUBSCRIBE, connection);
    await eventually(() => (mixed.events.length > 0 ? true : null));
    expect(new Set(mixed.events.map((e) => e.kind))).toEqual(new Set(['FLAG_RAISED']));
    // The socket is still open for the next subscription: a refused subscription is not a refused connection.
    expect(await Promise.race([connection.closed, pause(200).then(() => 'open')])).toBe('open');
  });

  it('meets the HTTP limits: only subscriptions, aliases, depth and tokens counted, no suggestion', async () => {
    const connection = connect(node2.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A, 'limits'));
    clients.push(connection.client);
    const refused = async (query: string) => {
      const s = subscribe('', undefined, {}, query, connection);
      return (await s.failure) as { message: string; extensions?: { code?: string } }[];
    };
    expect((await refused('{ __typename }'))[0].message).toMatch(/only subscriptions are served over WebSocket/);
    const aliases = await refused(`subscription { eventAdded { ${Array.from({ length: 16 }, (_, i) => `a${i}: id`).join(' ')} } }`);
    expect(aliases[0].message).toMatch(/aliases/i);
    const tooLong = await refused(`subscription { eventAdded { ${'id '.repeat(2100)}} }`);
    expect(tooLong[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const typo = await refused('subscription { eventAdded { kin } }');
    expect(typo[0].message).not.toMatch(/Did you mean/);
    const deep = await refused(`subscription S { eventAdded { id } } query Q { __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }`);
    expect(deep[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.some((e) => /depth limit of 8/.test(e.message))).toBe(true);
    // And a subscription sent over HTTP is told where to go.
    const { body } = await world.server.graphql('subscription { eventAdded { id } }');
    expect(body.errors?.[0].message).toMatch(/over WebSocket/);
    expect(body.data ?? null).toBeNull();
  });

  it('caps subscriptions per socket and sockets per token subject', async () => {
    const connection = connect(node2.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A, 'capped'));
    clients.push(connection.client);
    const open = [subscribe('', undefined, { after: await lastId() }, SUBSCRIBE, connection), subscribe('', undefined, { after: await lastId() }, SUBSCRIBE, connection)];
    const third = subscribe('', undefined, {}, SUBSCRIBE, connection);
    const errors = (await third.failure) as { message: string }[];
    expect(errors[0].message).toMatch(/at most 2 subscriptions per socket/);
    expect(open.length).toBe(2);
    // Node 2 lets one subject hold two sockets: the one above and one more.
    const second = track(subscribe(node2.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A, 'capped'), { after: await lastId() }));
    const thirdSocket = track(subscribe(node2.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A, 'capped'), { after: await lastId() }));
    const closed = await thirdSocket.closed;
    expect(closed).toEqual({ code: 4429, reason: 'at most 2 sockets per token subject' });
    expect(await Promise.race([second.closed, pause(300).then(() => 'open')])).toBe('open');
    // Once one closes, the subject may open another.
    await second.client.dispose();
    await pause(100);
    const after = track(subscribe(node2.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A, 'capped'), { after: '0', kinds: ['RECONCILIATION_FINISHED'] }));
    await eventually(() => (after.events.length > 0 ? true : null));
  });

  it('refuses a WebSocket from a page of another origin, and on another path', async () => {
    const statusOf = (url: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, 'graphql-transport-ws', { headers });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
        ws.on('error', () => undefined);
      });
    const url = world.server.endpoint.replace(/^http/, 'ws');
    expect(await statusOf(url, { origin: 'https://elsewhere.example' })).toBe(403);
    expect(await statusOf(url.replace(/graphql$/, 'other'), {})).toBe(404);
    expect(await statusOf(url, { origin: new URL(world.server.url).origin })).toBe(101);
  });

  it("the server's stop closes its sockets (1001) and its LISTEN connection", async () => {
    const node3 = await startTestServer(world.db, tmp.dir, { workers: false });
    const before = await listeners();
    expect(before).toBe(3);
    const s = subscribe(node3.endpoint, await params(Role.CIVIL_AFFAIRS, COUNTY_A, 'stopping'), { after: await lastId() });
    await pause(500); // subscribed on node 3
    await node3.stop();
    expect((await s.closed).code).toBe(1001);
    await s.client.dispose();
    await eventually(async () => ((await listeners()) === 2 ? true : null), 5);
  });

  /** The LISTEN sessions open on the test database (one per running server). */
  async function listeners(): Promise<number> {
    const { rows } = await world.db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'hub-events' AND datname = current_database()`);
    return rows[0].n;
  }
});
