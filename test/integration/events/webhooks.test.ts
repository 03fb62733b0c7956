import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ACCESS } from '../../../src/auth/access';
import { Role } from '../../../src/auth/roles';
import { verifySignature } from '../../../src/modules/webhooks/signing';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';
import { eventually } from '../../support/eventually';

const CREATE = `mutation Create($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id role areaCode kinds } } }`;
const DELIVERIES = `query D($filter: WebhookDeliveryFilter) { webhookDeliveries(filter: $filter, first: 100) { nodes { id eventId status attempts lastStatus lastError } } }`;
const RETRY = `mutation R($id: ID!) { retryWebhookDelivery(id: $id) }`;

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A department's receiver on loopback: records every request; answers per path as told. */
function receiver(answer: (path: string, nth: number) => number) {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const nth = (seen.get(req.url!) ?? 0) + 1;
      seen.set(req.url!, nth);
      const status = answer(req.url!, nth);
      received.push({ path: req.url!, headers: req.headers, body, answered: status });
      res.writeHead(status).end();
    });
  });
  return {
    received,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** What a path was sent and accepted, event by event. */
    accepted: (p: string) => received.filter((r) => r.path === p && r.answered === 200).map((r) => JSON.parse(r.body).data),
  };
}

describe('webhooks: signed, retried, dead-lettered, and only what the subscriber may see (real receiver on loopback)', () => {
  const tmp = tempDir();
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let civil: GraphqlClient;
  let alwaysFailing = true;
  const target = receiver((p, nth) => (p === '/flaky' ? (nth <= 3 ? 500 : 200) : p === '/down' ? (alwaysFailing ? 503 : 200) : 200));
  let base: string;
  let towns: [string, string];
  const hooks: Record<string, { id: number; secret: string }> = {};

  beforeAll(async () => {
    base = await target.start();
    db = await createTestDatabase();
    const county = await generatedCounty(path.join(tmp.dir, 'county'), 150, 'webhooks');
    await importCounty(db.pool, county.files);
    const { rows } = await db.pool.query(`SELECT left(area_code, 9) AS town FROM source_record WHERE length(area_code) = 12 GROUP BY 1 ORDER BY count(*) DESC LIMIT 2`);
    towns = [rows[0].town, rows[1].town];
    server = await startTestServer(db, tmp.dir, { workers: { pollIntervalMs: 100, webhookBackoffMs: 100, webhookDeadAfterMs: 3000 }, webhookHosts: ['127.0.0.1'], log: () => undefined });
    civil = server.graphql;
    const create = async (name: string, input: Record<string, unknown>) => {
      const { body } = await civil(CREATE, { input: { ...input, url: `${base}/${name}` } });
      expect(body.errors).toBeUndefined();
      hooks[name] = { id: body.data!.createWebhook.webhook.id, secret: body.data!.createWebhook.secret };
    };
    const flagKinds = ['FLAG_RAISED', 'FLAG_CLEARED'];
    await create('townA', { role: 'TOWN_SUPERVISOR', areaCode: towns[0], kinds: flagKinds });
    await create('townB', { role: 'TOWN_SUPERVISOR', areaCode: towns[1], kinds: flagKinds });
    await create('education', { role: 'EDUCATION', areaCode: '500109', kinds: flagKinds });
    await create('flaky', { role: 'CIVIL_AFFAIRS', areaCode: '500109', kinds: ['RECONCILIATION_FINISHED'] });
    await create('down', { role: 'CIVIL_AFFAIRS', areaCode: '500109', kinds: ['RECONCILIATION_FINISHED'] });
    // The imports' own jobs reconcile the county (the server runs the workers): wait for the run.
    await eventually(async () => (await db.pool.query(`SELECT count(*)::int AS n FROM reconcile_run`)).rows[0].n > 0, 60);
    // Then for the fan-out to reach the last event, and every delivery but the failing one's to be done.
    await eventually(async () => (await db.pool.query(`SELECT bool_and(last_event_id = (SELECT max(id) FROM event)) AS done FROM webhook`)).rows[0].done, 60);
    await eventually(async () => (await db.pool.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE status = 'PENDING' AND webhook_id <> $1`, [hooks.down.id])).rows[0].n === 0, 60);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    await target.stop();
    tmp.cleanup();
  });

  it('delivers to a receiver that answers 500 three times and then 200, signed so that the signature verifies', async () => {
    const tries = target.received.filter((r) => r.path === '/flaky');
    expect(tries.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    expect(new Set(tries.map((r) => r.headers['webhook-id'])).size).toBe(1); // the same message each time
    const last = tries[3];
    expect(verifySignature(hooks.flaky.secret, String(last.headers['webhook-id']), Number(last.headers['webhook-timestamp']), last.body, String(last.headers['webhook-signature']))).toBe(true);
    expect(verifySignature(hooks.down.secret, String(last.headers['webhook-id']), Number(last.headers['webhook-timestamp']), last.body, String(last.headers['webhook-signature']))).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({ type: 'RECONCILIATION_FINISHED', data: { kind: 'RECONCILIATION_FINISHED', countyCode: '500109' } });
    const { body } = await civil(DELIVERIES, { filter: { webhookId: hooks.flaky.id } });
    expect(body.data!.webhookDeliveries.nodes).toEqual([expect.objectContaining({ status: 'DELIVERED', attempts: 4, lastStatus: 200, lastError: null })]);
  });

  it("tells a town's subscriber its town's events only, and everything it may see", async () => {
    for (const [name, town, other] of [['townA', towns[0], towns[1]], ['townB', towns[1], towns[0]]] as const) {
      const got = target.accepted(`/${name}`);
      const { rows } = await db.pool.query(`SELECT id::text AS id FROM event WHERE kind LIKE 'FLAG_%' AND area_code LIKE $1 || '%' ORDER BY event.id`, [town]);
      expect(rows.length).toBeGreaterThan(0);
      expect(got.map((e) => e.id).sort()).toEqual(rows.map((r) => r.id).sort());
      expect(got.some((e) => e.areaCode.startsWith(other))).toBe(false);
    }
  });

  it('never sends education a police-only flag', async () => {
    const got = target.accepted('/education');
    const policeOnly = ACCESS[Role.POLICE].flags.filter((f) => !ACCESS[Role.EDUCATION].flags.includes(f));
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM event WHERE flag = ANY($1::text[])`, [policeOnly]);
    expect(rows[0].n).toBeGreaterThan(0);
    expect(got.length).toBeGreaterThan(0);
    expect(got.filter((e) => e.flag !== null && !ACCESS[Role.EDUCATION].flags.includes(e.flag))).toEqual([]);
  });

  it('keeps the order of each child\'s events', async () => {
    for (const name of ['townA', 'townB', 'education']) {
      const byChild = new Map<string, number[]>();
      for (const e of target.accepted(`/${name}`)) if (e.childId) byChild.set(e.childId, [...(byChild.get(e.childId) ?? []), Number(e.id)]);
      for (const ids of byChild.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
  });

  it('dead-letters a delivery that keeps failing, shows it, and sends it again when asked', async () => {
    let dead: { id: string; status: string; attempts: number; lastStatus: number }[] = [];
    await eventually(async () => {
      dead = (await civil(DELIVERIES, { filter: { webhookId: hooks.down.id, status: 'DEAD' } })).body.data!.webhookDeliveries.nodes;
      return dead.length === 1;
    }, 30);
    expect(dead[0]).toMatchObject({ status: 'DEAD', lastStatus: 503 });
    expect(dead[0].attempts).toBeGreaterThan(2);
    alwaysFailing = false;
    expect((await civil(RETRY, { id: dead[0].id })).body.data!.retryWebhookDelivery).toBe(true);
    await eventually(async () => target.accepted('/down').length === 1, 30);
    const { body } = await civil(DELIVERIES, { filter: { webhookId: hooks.down.id } });
    expect(body.data!.webhookDeliveries.nodes[0]).toMatchObject({ status: 'DELIVERED', lastStatus: 200 });
    // A delivered one is not dead: nothing to retry.
    expect((await civil(RETRY, { id: dead[0].id })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('registers only https hosts listed in HUB_WEBHOOK_HOSTS, for a role and area civil affairs may give, and only for civil affairs', async () => {
    const input = { role: 'EDUCATION', areaCode: '500109', kinds: ['FLAG_RAISED'] };
    const refused = async (url: string, extra: Record<string, unknown> = {}) => (await civil(CREATE, { input: { ...input, url, ...extra } })).body.errors?.[0];
    expect(await refused('https://intranet.example/hook')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/HUB_WEBHOOK_HOSTS/) });
    expect(await refused('http://10.0.0.8/hook')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await refused(`${base}/x`, { areaCode: '500110' })).toMatchObject({ message: expect.stringMatching(/outside your area/) });
    expect(await refused(`${base}/x`, { kinds: ['REVIEW_ITEM_CREATED'] })).toMatchObject({ message: expect.stringMatching(/not told of REVIEW_ITEM_CREATED/) });
    const education = await server.as(Role.EDUCATION, '500109');
    expect((await education(CREATE, { input: { ...input, url: `${base}/x` } })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // The secret is kept sealed, never in clear.
    const { rows } = await db.pool.query(`SELECT secret_sealed FROM webhook WHERE id = $1`, [hooks.flaky.id]);
    expect(rows[0].secret_sealed).not.toContain(hooks.flaky.secret.slice(6, 20));
    expect(rows[0].secret_sealed).toMatch(/^v1\./);
  });
});

