import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '../../../src/auth/roles';
import { EventKind } from '../../../src/modules/events/event-kinds';
import { emitEvents } from '../../../src/modules/events/outbox';
import { verifySignature } from '../../../src/modules/webhooks/signing';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlBody, type GraphqlClient } from '../../support/server';
import { eventually } from '../../support/eventually';

/**
 * Managing webhooks through the real server, with a real receiver on loopback and the job
 * workers running: the list, turning one off and on, deleting it, a new secret; every change of
 * who is told written to the audit log; another county's webhook answered as one that does not
 * exist.
 */

const COUNTY = '500109';
const OTHER_COUNTY = '500110';
const VILLAGE = '500109100200';
const HOOK_FIELDS = 'id role areaCode host path kinds createdBy createdAt enabled pendingDeliveries deadDeliveries';
const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { ${HOOK_FIELDS} } } }`;
const LIST = `{ webhooks { ${HOOK_FIELDS} } }`;
const DISABLE = `mutation($id: Int!) { disableWebhook(id: $id) { ${HOOK_FIELDS} } }`;
const ENABLE = `mutation($id: Int!) { enableWebhook(id: $id) { ${HOOK_FIELDS} } }`;
const DELETE = `mutation($id: Int!) { deleteWebhook(id: $id) }`;
const ROTATE = `mutation($id: Int!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }`;
const RETRY = `mutation($id: ID!) { retryWebhookDelivery(id: $id) }`;
const AUDIT = `query($subject: String) { auditLog(filter: { subject: $subject }, first: 100) { edges { node { subject role area operation childId detail } } } }`;

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A department's receiver on loopback: records every request, answers each path with the status it is told. */
function receiver() {
  const received: Received[] = [];
  const status = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const answered = status.get(req.url!) ?? 200;
      received.push({ path: req.url!, headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  return {
    received,
    answer: (path: string, code: number) => status.set(path, code),
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** The event ids a path accepted (answered 200). */
    accepted: (path: string) => received.filter((r) => r.path === path && r.answered === 200).map((r) => String(JSON.parse(r.body).data.id)),
    /** The event ids a path was sent at all. */
    sent: (path: string) => received.filter((r) => r.path === path).map((r) => String(JSON.parse(r.body).data.id)),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhooks: listed, turned off and on, deleted, a new secret; each change audited (real server, real receiver)', () => {
  const tmp = tempDir();
  const target = receiver();
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let civil: GraphqlClient;
  let civilOther: GraphqlClient;
  let auditor: GraphqlClient;
  let base: string;
  /** A subscriber that hears every event the tests write: once it has one, the fan-out has passed it. */
  let witness: number;
  let serial = 0;

  /** One FLAG_RAISED event of a new invented child of the county, written as any writer of events does; its id. */
  const emit = async (): Promise<string> => {
    serial += 1;
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await emitEvents(client, [{ kind: EventKind.FLAG_RAISED, childId: `CADMIN${String(serial).padStart(6, '0')}`, flag: 'LEFT_BEHIND', areaCode: VILLAGE, period: '2024Q1' }]);
      const { rows } = await client.query(`SELECT max(id)::text AS id FROM event`);
      await client.query('COMMIT');
      return rows[0].id;
    } finally {
      client.release();
    }
  };
  /** Writes an event and waits until the witness has it: every enabled subscriber's fan-out has then seen it. */
  const emitAndFanOut = async (): Promise<string> => {
    const id = await emit();
    await eventually(() => target.accepted('/witness').includes(id));
    return id;
  };
  const create = async (path: string, input: Record<string, unknown> = {}) => {
    const { body } = await civil(CREATE, { input: { role: 'CIVIL_AFFAIRS', areaCode: COUNTY, kinds: ['FLAG_RAISED'], url: `${base}${path}`, ...input } });
    expect(body.errors).toBeUndefined();
    return body.data!.createWebhook as { secret: string; webhook: Record<string, unknown> & { id: number } };
  };
  const auditRows = async (operation: string) =>
    (await db.pool.query(`SELECT subject, role, area, operation, child_id AS "childId", detail FROM audit_entry WHERE operation = $1`, [operation])).rows;
  const deliveries = async (webhookId: number) =>
    (await db.pool.query(`SELECT event_id::text AS "eventId", status, attempts FROM webhook_delivery WHERE webhook_id = $1 ORDER BY event_id`, [webhookId])).rows as { eventId: string; status: string; attempts: number }[];

  beforeAll(async () => {
    base = await target.start();
    db = await createTestDatabase();
    server = await startTestServer(db, tmp.dir, { workers: { pollIntervalMs: 100, webhookBackoffMs: 100, webhookDeadAfterMs: 120_000 }, webhookHosts: ['127.0.0.1'], log: () => undefined });
    civil = await server.as(Role.CIVIL_AFFAIRS, COUNTY, 'civil-admin');
    civilOther = await server.as(Role.CIVIL_AFFAIRS, OTHER_COUNTY, 'civil-other');
    auditor = await server.as(Role.AUDITOR, COUNTY, 'auditor');
    witness = (await create('/witness')).webhook.id;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    await target.stop();
    tmp.cleanup();
  });

  it("audits a webhook's creation: who, when, its role, area, kinds and target host; never its secret nor its path", async () => {
    const before = new Date();
    const created = await create('/audited/hook?token=receivers-own', { role: 'EDUCATION', kinds: ['FLAG_RAISED', 'FLAG_CLEARED'] });
    const rows = await db.pool.query(`SELECT subject, role, area, child_id AS "childId", detail, at FROM audit_entry WHERE operation = $1`, [`createWebhook:webhook:${created.webhook.id}`]);
    expect(rows.rows).toHaveLength(1);
    const row = rows.rows[0];
    expect(row).toMatchObject({ subject: 'civil-admin', role: 'CIVIL_AFFAIRS', area: COUNTY, childId: null });
    expect(row.detail).toEqual({ webhookId: created.webhook.id, role: 'EDUCATION', areaCode: COUNTY, kinds: ['FLAG_RAISED', 'FLAG_CLEARED'], host: new URL(base).host });
    expect(row.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const text = JSON.stringify(row);
    expect(text).not.toContain(created.secret.slice(6, 26));
    expect(text).not.toContain('whsec_');
    expect(text).not.toContain('receivers-own');
    // The auditor of the county reads it in the audit log, beside the reads of files.
    const { body } = await auditor(AUDIT, { subject: 'civil-admin' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.auditLog.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      subject: 'civil-admin', role: 'CIVIL_AFFAIRS', area: COUNTY, operation: `createWebhook:webhook:${created.webhook.id}`, childId: null, detail: row.detail,
    });
    // A refused registration changes nothing, and so is not in the log.
    const refused = await civil(CREATE, { input: { role: 'EDUCATION', areaCode: COUNTY, kinds: ['FLAG_RAISED'], url: 'https://intranet.example/hook' } });
    expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM audit_entry WHERE detail->>'host' = 'intranet.example'`)).rows[0].n).toBe(0);
  });

  it("lists the county's webhooks with host and path, kinds, area, who made them and when, on or off, pending and dead counts; never a secret or a query string", async () => {
    const created = await create('/listed/here?token=receivers-own', { role: 'TOWN_SUPERVISOR', areaCode: '500109100', kinds: ['VISIT_DUE'] });
    const { body } = await civil(LIST);
    expect(body.errors).toBeUndefined();
    const listed = body.data!.webhooks.find((w: { id: number }) => w.id === created.webhook.id);
    expect(listed).toMatchObject({ role: 'TOWN_SUPERVISOR', areaCode: '500109100', host: new URL(base).host, path: '/listed/here', kinds: ['VISIT_DUE'], createdBy: 'civil-admin', enabled: true, pendingDeliveries: 0, deadDeliveries: 0 });
    expect(new Date(listed.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(body.data!.webhooks.map((w: { id: number }) => w.id)).toContain(witness);
    const text = JSON.stringify(body);
    expect(text).not.toContain('whsec_');
    expect(text).not.toContain('receivers-own');
    // Another county's civil affairs sees none of them.
    const other = await civilOther(LIST);
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data!.webhooks).toEqual([]);
  });

  it('a webhook turned off is told nothing of what happens meanwhile, its pending delivery waits, and goes once it is on again', async () => {
    const paused = (await create('/paused')).webhook.id;
    const first = await emitAndFanOut();
    await eventually(() => target.accepted('/paused').includes(first));
    // The receiver fails: the next event waits for a retry.
    target.answer('/paused', 503);
    const waiting = await emitAndFanOut();
    await eventually(async () => (await deliveries(paused)).some((d) => d.eventId === waiting && d.status === 'PENDING' && d.attempts > 0));
    const { body: off } = await civil(DISABLE, { id: paused });
    expect(off.errors).toBeUndefined();
    expect(off.data!.disableWebhook).toMatchObject({ id: paused, enabled: false, pendingDeliveries: 1 });
    await pause(500); // a batch under way when it was turned off ends
    target.answer('/paused', 200);
    const meanwhile = await emitAndFanOut();
    await pause(1000); // several backoffs: the waiting delivery would have been retried by now
    expect(target.sent('/paused')).not.toContain(meanwhile);
    expect(target.accepted('/paused')).not.toContain(waiting);
    expect((await deliveries(paused)).map((d) => d.eventId)).toEqual([first, waiting]);
    expect((await civil(LIST)).body.data!.webhooks.find((w: { id: number }) => w.id === paused)).toMatchObject({ enabled: false, pendingDeliveries: 1 });

    const { body: on } = await civil(ENABLE, { id: paused });
    expect(on.errors).toBeUndefined();
    expect(on.data!.enableWebhook).toMatchObject({ id: paused, enabled: true });
    await eventually(() => target.accepted('/paused').includes(waiting));
    const after = await emitAndFanOut();
    await eventually(() => target.accepted('/paused').includes(after));
    expect(target.sent('/paused')).not.toContain(meanwhile);
    for (const action of ['disableWebhook', 'enableWebhook']) {
      expect(await auditRows(`${action}:webhook:${paused}`)).toEqual([
        { subject: 'civil-admin', role: 'CIVIL_AFFAIRS', area: COUNTY, operation: `${action}:webhook:${paused}`, childId: null, detail: { webhookId: paused, role: 'CIVIL_AFFAIRS', areaCode: COUNTY, kinds: ['FLAG_RAISED'], host: new URL(base).host } },
      ]);
    }
  });

  it('a deleted webhook is told nothing more, its pending deliveries are dropped, its secret wiped, and it is gone for every mutation', async () => {
    const gone = (await create('/gone')).webhook.id;
    target.answer('/gone', 503);
    const waiting = await emitAndFanOut();
    await eventually(async () => (await deliveries(gone)).some((d) => d.eventId === waiting && d.attempts > 0));
    const { body } = await civil(DELETE, { id: gone });
    expect(body).toEqual({ data: { deleteWebhook: true } });
    expect(await deliveries(gone)).toEqual([]);
    const { rows } = await db.pool.query(`SELECT enabled, deleted_at IS NOT NULL AS deleted, deleted_by, secret_sealed FROM webhook WHERE id = $1`, [gone]);
    expect(rows[0]).toEqual({ enabled: false, deleted: true, deleted_by: 'civil-admin', secret_sealed: '' });
    await pause(500);
    target.answer('/gone', 200);
    const later = await emitAndFanOut();
    await pause(1000);
    expect(target.accepted('/gone')).toEqual([]);
    expect(target.sent('/gone')).not.toContain(later);
    expect(await deliveries(gone)).toEqual([]);
    expect((await civil(LIST)).body.data!.webhooks.map((w: { id: number }) => w.id)).not.toContain(gone);
    for (const mutation of [DISABLE, ENABLE, DELETE, ROTATE]) {
      const answer = await civil(mutation, { id: gone });
      expect(answer.body.errors?.[0]).toMatchObject({ message: 'no webhook with this id in your area', extensions: { code: 'BAD_USER_INPUT' } });
      expect(answer.body.data ?? null).toBeNull();
    }
    expect(await auditRows(`deleteWebhook:webhook:${gone}`)).toHaveLength(1);
  });

  it('signs with a new secret, returned once, from then on: the old one no longer verifies', async () => {
    const made = await create('/rotated');
    const { body } = await civil(ROTATE, { id: made.webhook.id });
    expect(body.errors).toBeUndefined();
    const secret: string = body.data!.rotateWebhookSecret.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(made.secret);
    const id = await emitAndFanOut();
    await eventually(() => target.accepted('/rotated').includes(id));
    const message = target.received.find((r) => r.path === '/rotated' && JSON.parse(r.body).data.id === id)!;
    const check = (key: string) => verifySignature(key, String(message.headers['webhook-id']), Number(message.headers['webhook-timestamp']), message.body, String(message.headers['webhook-signature']));
    expect(check(secret)).toBe(true);
    expect(check(made.secret)).toBe(false);
    const audited = await auditRows(`rotateWebhookSecret:webhook:${made.webhook.id}`);
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited)).not.toContain(secret.slice(6, 26));
    // Shown once: nothing lists it again.
    expect(JSON.stringify((await civil(LIST)).body)).not.toContain(secret.slice(6, 26));
  });

  it('audits a dead delivery sent again, naming the delivery', async () => {
    // A subscriber of events the tests never write, and a delivery of it dead after its 24 hours.
    const hook = (await create('/retried', { kinds: ['CASE_CLOSED'] })).webhook.id;
    const { rows } = await db.pool.query(
      `INSERT INTO webhook_delivery (webhook_id, event_id, child_key, status, attempts, created_at) SELECT $1, max(id), 'dead-one', 'DEAD', 5, now() FROM event RETURNING id::text`,
      [hook],
    );
    expect((await civil(RETRY, { id: rows[0].id })).body).toEqual({ data: { retryWebhookDelivery: true } });
    expect(await auditRows(`retryWebhookDelivery:webhook:${hook}`)).toEqual([
      { subject: 'civil-admin', role: 'CIVIL_AFFAIRS', area: COUNTY, operation: `retryWebhookDelivery:webhook:${hook}`, childId: null, detail: { webhookId: hook, role: 'CIVIL_AFFAIRS', areaCode: COUNTY, kinds: ['CASE_CLOSED'], host: new URL(base).host, deliveryId: rows[0].id } },
    ]);
  });

  it("answers another county's webhook exactly as one that does not exist, and changes nothing of it", async () => {
    const hook = await create('/kept');
    const { rows: before } = await db.pool.query(`SELECT enabled, deleted_at, secret_sealed, last_event_id FROM webhook WHERE id = $1`, [hook.webhook.id]);
    const answers = async (id: number) => {
      const seen: GraphqlBody[] = [];
      for (const mutation of [DISABLE, ENABLE, DELETE, ROTATE]) seen.push((await civilOther(mutation, { id })).body);
      return seen;
    };
    const other = await answers(hook.webhook.id);
    expect(other.map((b) => b.errors?.[0].extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(JSON.stringify(other)).toBe(JSON.stringify(await answers(2_000_000_000)));
    const { rows: after } = await db.pool.query(`SELECT enabled, deleted_at, secret_sealed, last_event_id FROM webhook WHERE id = $1`, [hook.webhook.id]);
    expect(after).toEqual(before);
    const { rows: audited } = await db.pool.query(`SELECT count(*)::int AS n FROM audit_entry WHERE subject = 'civil-other'`);
    expect(audited[0].n).toBe(0);
    // Nor another county's dead delivery.
    const { rows: dead } = await db.pool.query(
      `INSERT INTO webhook_delivery (webhook_id, event_id, child_key, status, attempts, created_at) SELECT $1, max(id), 'dead-two', 'DEAD', 5, now() FROM event RETURNING id::text`,
      [hook.webhook.id],
    );
    const retried = await civilOther(RETRY, { id: dead[0].id });
    expect(JSON.stringify(retried.body)).toBe(JSON.stringify((await civilOther(RETRY, { id: '999999999' })).body));
    expect((await db.pool.query(`SELECT status FROM webhook_delivery WHERE id = $1`, [dead[0].id])).rows[0].status).toBe('DEAD');
  });
});
