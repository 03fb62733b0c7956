import type { Pool, PoolClient } from 'pg';
import type { TaskList } from 'graphile-worker';
import type { Role } from '../../auth/roles';
import { audienceCondition, audienceOf, type EventKind } from '../events/event-kinds';
import { EVENT_COLUMNS, type EventRow } from '../events/event.store';
import { JOB_SCHEMA } from '../../jobs/queue';
import type { SecretBox } from './secret-box';
import { signedMessage } from './signing';
import { webhookUrlProblem } from './url-policy';

export interface DeliverySettings {
  box: SecretBox;
  allowedHosts: readonly string[];
  /** First retry after this long, then twice as long each time (capped at an hour). */
  backoffMs?: number;
  /** A delivery still failing this long after its first attempt is dead-lettered (24 h). */
  deadAfterMs?: number;
  /** A receiver that has not answered after this long has failed this attempt. */
  timeoutMs?: number;
}

const HOUR = 3600_000;
const PAGE = 100;

/**
 * Deliveries of one subscriber and one child run in a queue of their own, in event order: a
 * failed one is retried before any later event of that child is sent (order kept per child),
 * while other children's go on. Events about no child share one queue per subscriber.
 */
function deliveryKey(webhookId: number, childKey: string): string {
  return `webhook:${webhookId}:${childKey}`;
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The fan-out: events since each subscriber's last become its deliveries, filtered by the same
 * rules as the API (event-kinds.ts audienceCondition for the subscriber's role and area, and its
 * kinds), and a delivery job per child is queued, all in one transaction. Event ids follow commit
 * order (outbox.ts lockEventWriters): the highest id seen is a safe place to resume from.
 */
export async function fanOut(pool: Pool): Promise<number> {
  return inTransaction(pool, async (client) => {
    const { rows: hooks } = await client.query<{ id: number; role: Role; area: string; kinds: string[]; last: string }>(
      `/* webhooksToFanOut */ SELECT id, role, area_code AS area, kinds, last_event_id::text AS last FROM webhook ORDER BY id FOR UPDATE`,
    );
    const { rows } = await client.query<{ upto: string }>(`/* lastEventId */ SELECT coalesce(max(id), 0)::text AS upto FROM event`);
    const upto = rows[0].upto;
    let created = 0;
    for (const hook of hooks) {
      if (BigInt(hook.last) >= BigInt(upto)) continue;
      const audience = audienceOf({ role: hook.role, area: hook.area });
      const visible = audienceCondition({ ...audience, kinds: audience.kinds.filter((k) => hook.kinds.includes(k)) }, 4);
      const { rows: queued } = await client.query<{ n: number }>(
        `/* fanOutDeliveries */ WITH added AS (
           INSERT INTO webhook_delivery (webhook_id, event_id, child_key, status, attempts, created_at)
           SELECT $1, e.id, coalesce(e.child_id, ''), 'PENDING', 0, now() FROM event e
           WHERE e.id > $2::bigint AND e.id <= $3::bigint AND ${visible.sql} ORDER BY e.id
           ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING child_key)
         SELECT count(*)::int AS n FROM (
           SELECT ${JOB_SCHEMA}.add_job('webhooks_deliver', json_build_object('webhookId', $1::int, 'childKey', k.child_key),
             queue_name => 'webhook:' || $1::int || ':' || k.child_key, job_key => 'webhook:' || $1::int || ':' || k.child_key)
           FROM (SELECT DISTINCT child_key FROM added) k) jobs`,
        [hook.id, hook.last, upto, ...visible.values],
      );
      created += queued[0].n;
      await client.query(`/* webhookFannedOut */ UPDATE webhook SET last_event_id = $2::bigint WHERE id = $1`, [hook.id, upto]);
    }
    return created;
  });
}

interface PendingDelivery extends EventRow {
  deliveryId: string;
  attempts: number;
  firstAttemptAt: Date | null;
}

/** What a subscriber receives: the event, ids and codes only (Standard Webhooks' type/timestamp/data). */
export function eventPayload(event: EventRow): unknown {
  const { id, kind, ...data } = event;
  return { type: kind as EventKind, timestamp: new Date(event.occurredAt).toISOString(), data: { id, kind, ...data, occurredAt: new Date(event.occurredAt).toISOString() } };
}

/**
 * Sends one subscriber's pending deliveries about one child, oldest first. A failure stops the
 * child's line: the delivery is retried after its backoff (the job is queued again for then), or,
 * failing for 24 hours since its first attempt, is dead-lettered and the line goes on.
 */
export async function deliver(pool: Pool, settings: DeliverySettings, webhookId: number, childKey: string): Promise<void> {
  const backoff = settings.backoffMs ?? 1000;
  const deadAfter = settings.deadAfterMs ?? 24 * HOUR;
  const { rows: hooks } = await pool.query<{ url: string; sealed: string }>(`/* webhookToDeliver */ SELECT url, secret_sealed AS sealed FROM webhook WHERE id = $1`, [webhookId]);
  if (hooks.length === 0) return;
  const { url, sealed } = hooks[0];
  const secret = settings.box.open(sealed);
  for (;;) {
    const { rows } = await pool.query<PendingDelivery>(
      `/* pendingDeliveries */ SELECT d.id::text AS "deliveryId", d.attempts, d.first_attempt_at AS "firstAttemptAt", ${EVENT_COLUMNS}
       FROM webhook_delivery d JOIN event e ON e.id = d.event_id
       WHERE d.webhook_id = $1 AND d.child_key = $2 AND d.status = 'PENDING' ORDER BY d.event_id LIMIT ${PAGE}`,
      [webhookId, childKey],
    );
    if (rows.length === 0) return;
    for (const d of rows) {
      const { deliveryId, attempts, firstAttemptAt, ...event } = d;
      const outcome = await post(url, secret, event, settings);
      if (outcome.ok) {
        await pool.query(
          `/* deliveryDone */ UPDATE webhook_delivery SET status = 'DELIVERED', attempts = attempts + 1, last_status = $2, last_error = NULL,
             first_attempt_at = coalesce(first_attempt_at, now()), delivered_at = now() WHERE id = $1`,
          [deliveryId, outcome.status],
        );
        continue;
      }
      const first = firstAttemptAt ?? new Date();
      const dead = Date.now() - new Date(first).getTime() >= deadAfter;
      await pool.query(
        `/* deliveryFailed */ UPDATE webhook_delivery SET status = $2, attempts = attempts + 1, last_status = $3, last_error = $4,
           first_attempt_at = coalesce(first_attempt_at, now()) WHERE id = $1`,
        [deliveryId, dead ? 'DEAD' : 'PENDING', outcome.status, outcome.error],
      );
      if (dead) continue;
      const wait = Math.min(backoff * 2 ** attempts, HOUR);
      await pool.query(
        `/* deliveryRetryLater */ SELECT ${JOB_SCHEMA}.add_job('webhooks_deliver', json_build_object('webhookId', $1::int, 'childKey', $2::text),
           queue_name => $3, job_key => $3, run_at => now() + $4::int * interval '1 millisecond')`,
        [webhookId, childKey, deliveryKey(webhookId, childKey), wait],
      );
      return;
    }
  }
}

async function post(url: string, secret: string, event: EventRow, settings: DeliverySettings): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  // Checked again at each send: a host taken off HUB_WEBHOOK_HOSTS is no longer called.
  const problem = webhookUrlProblem(url, settings.allowedHosts);
  if (problem !== null) return { ok: false, status: null, error: problem };
  const message = signedMessage(secret, `ev_${event.id}`, eventPayload(event));
  try {
    const response = await fetch(url, { method: 'POST', headers: message.headers, body: message.body, redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000) });
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, status: null, error: (error instanceof Error ? error.message : String(error)).slice(0, 200) };
  }
}

export function webhookTasks(pool: Pool, settings: DeliverySettings): TaskList {
  return {
    webhooks_fan_out: async () => {
      await fanOut(pool);
    },
    webhooks_deliver: async (payload) => {
      const { webhookId, childKey } = payload as { webhookId: number; childKey: string };
      await deliver(pool, settings, webhookId, childKey);
    },
  };
}

/** A dead delivery back in line, and its child's job queued (webhook.service.ts retryDelivery). */
export async function requeueDelivery(client: PoolClient | Pool, webhookId: number, childKey: string): Promise<void> {
  await client.query(
    `/* requeueDelivery */ SELECT ${JOB_SCHEMA}.add_job('webhooks_deliver', json_build_object('webhookId', $1::int, 'childKey', $2::text), queue_name => $3, job_key => $3)`,
    [webhookId, childKey, deliveryKey(webhookId, childKey)],
  );
}
