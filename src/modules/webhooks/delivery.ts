import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../db/transaction';
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
/** Deliveries read at once, and sent at once (to different children: one child's go one by one). */
const BATCH = 500;
export const SENDERS = 8;

/**
 * One delivery job per subscriber, in a queue of its own (one at a time per subscriber), keyed so
 * that fan-outs arriving while it waits are one job. It sends every ready delivery, several
 * children at once, each child's in event order.
 */
function deliveryJob(webhookId: number): string {
  return `webhook:${webhookId}`;
}

/**
 * The fan-out: events since each subscriber's last become its deliveries, filtered by the same
 * rules as the API (event-kinds.ts audienceCondition for the subscriber's role and area, and its
 * kinds), and a delivery job per child is queued, all in one transaction. Event ids follow commit
 * order (outbox.ts lockEventWriters): the highest id seen is a safe place to resume from. A
 * subscriber that is off is skipped and keeps its place; turned on again, it starts from the
 * events of that moment (webhook.service.ts enable), so it is never told what happened meanwhile.
 */
export async function fanOut(pool: Pool): Promise<number> {
  return inTransaction(pool, async (client) => {
    const { rows: hooks } = await client.query<{ id: number; role: Role; area: string; kinds: string[]; last: string }>(
      `/* webhooksToFanOut */ SELECT id, role, area_code AS area, kinds, last_event_id::text AS last FROM webhook WHERE enabled ORDER BY id FOR UPDATE`,
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
           ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING 1)
         SELECT count(*)::int AS n, CASE WHEN count(*) > 0 THEN ${JOB_SCHEMA}.add_job('webhooks_deliver', json_build_object('webhookId', $1::int),
             queue_name => 'webhook:' || $1::int, job_key => 'webhook:' || $1::int) END AS job
         FROM added`,
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
  childKey: string;
  attempts: number;
  firstAttemptAt: Date | null;
}

/** What a subscriber receives: the event, ids and codes only (Standard Webhooks' type/timestamp/data). */
export function eventPayload(event: EventRow): unknown {
  const { id, kind, ...data } = event;
  return { type: kind as EventKind, timestamp: new Date(event.occurredAt).toISOString(), data: { id, kind, ...data, occurredAt: new Date(event.occurredAt).toISOString() } };
}

/**
 * Sends a subscriber's ready deliveries, oldest first, until none is ready: up to SENDERS children
 * at once, each child's events one after another. A failure stops that child's line: the delivery
 * waits for its backoff (`next_attempt_at`), the child's later events wait behind it (order kept
 * per child), other children go on; failing for 24 hours since its first attempt, it is
 * dead-lettered and the line goes on. Each outcome is written as soon as it is known, so a
 * process killed mid-batch sends again only what was in flight. The job then queues itself for
 * the earliest retry still owed.
 */
export async function deliver(pool: Pool, settings: DeliverySettings, webhookId: number): Promise<void> {
  const backoff = settings.backoffMs ?? 1000;
  const deadAfter = settings.deadAfterMs ?? 24 * HOUR;

  const sendLine = async (url: string, secret: string, line: PendingDelivery[]) => {
    for (const d of line) {
      const { deliveryId, attempts, firstAttemptAt, childKey: _childKey, ...event } = d;
      const outcome = await post(url, secret, event, settings);
      if (outcome.ok) {
        await pool.query(
          `/* deliveryDone */ UPDATE webhook_delivery SET status = 'DELIVERED', attempts = attempts + 1, last_status = $2, last_error = NULL,
             first_attempt_at = coalesce(first_attempt_at, now()), delivered_at = now(), next_attempt_at = NULL WHERE id = $1`,
          [deliveryId, outcome.status],
        );
        continue;
      }
      const first = firstAttemptAt ?? new Date();
      const dead = Date.now() - new Date(first).getTime() >= deadAfter;
      await pool.query(
        `/* deliveryFailed */ UPDATE webhook_delivery SET status = $2, attempts = attempts + 1, last_status = $3, last_error = $4,
           first_attempt_at = coalesce(first_attempt_at, now()), next_attempt_at = CASE WHEN $2 = 'PENDING' THEN now() + $5::int * interval '1 millisecond' END
         WHERE id = $1`,
        [deliveryId, dead ? 'DEAD' : 'PENDING', outcome.status, outcome.error, Math.min(backoff * 2 ** attempts, HOUR)],
      );
      if (!dead) return; // the rest of this child's line waits behind it
    }
  };

  for (;;) {
    // Read again for each batch: a subscriber turned off or deleted meanwhile is sent nothing
    // more (its deliveries wait, or were dropped), and a new secret signs from the next batch on.
    const { rows: hooks } = await pool.query<{ url: string; sealed: string }>(
      `/* webhookToDeliver */ SELECT url, secret_sealed AS sealed FROM webhook WHERE id = $1 AND enabled`,
      [webhookId],
    );
    if (hooks.length === 0) return; // turned on again, it queues this job itself
    const { url, sealed } = hooks[0];
    const secret = settings.box.open(sealed);
    // Ready: not waiting for a retry, and no earlier delivery of the same child waiting for one.
    const { rows } = await pool.query<PendingDelivery>(
      `/* readyDeliveries */ SELECT d.id::text AS "deliveryId", d.child_key AS "childKey", d.attempts, d.first_attempt_at AS "firstAttemptAt", ${EVENT_COLUMNS}
       FROM webhook_delivery d JOIN event e ON e.id = d.event_id
       WHERE d.webhook_id = $1 AND d.status = 'PENDING' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= now())
         AND NOT EXISTS (SELECT 1 FROM webhook_delivery w WHERE w.webhook_id = d.webhook_id AND w.child_key = d.child_key
                           AND w.status = 'PENDING' AND w.event_id < d.event_id AND w.next_attempt_at > now())
       ORDER BY d.event_id LIMIT ${BATCH}`,
      [webhookId],
    );
    if (rows.length === 0) break;
    const lines = new Map<string, PendingDelivery[]>();
    for (const d of rows) lines.set(d.childKey, [...(lines.get(d.childKey) ?? []), d]);
    const queue = [...lines.values()];
    await Promise.all(Array.from({ length: Math.min(SENDERS, queue.length) }, async () => {
      for (let line = queue.shift(); line !== undefined; line = queue.shift()) await sendLine(url, secret, line);
    }));
  }

  await pool.query(
    `/* deliveryRetryLater */ SELECT ${JOB_SCHEMA}.add_job('webhooks_deliver', json_build_object('webhookId', $1::int), queue_name => $2, job_key => $2, run_at => next)
     FROM (SELECT min(next_attempt_at) AS next FROM webhook_delivery WHERE webhook_id = $1 AND status = 'PENDING') waiting WHERE next IS NOT NULL`,
    [webhookId, deliveryJob(webhookId)],
  );
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
      await deliver(pool, settings, (payload as { webhookId: number }).webhookId);
    },
  };
}

/** A dead delivery back in line, and its subscriber's job queued (webhook.service.ts retryDelivery). */
export async function requeueDelivery(client: PoolClient | Pool, webhookId: number): Promise<void> {
  await client.query(
    `/* requeueDelivery */ SELECT ${JOB_SCHEMA}.add_job('webhooks_deliver', json_build_object('webhookId', $1::int), queue_name => $2, job_key => $2)`,
    [webhookId, deliveryJob(webhookId)],
  );
}
