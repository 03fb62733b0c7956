import type { Pool } from 'pg';
import type { TaskList } from 'graphile-worker';
import type { Database } from '../db/database';
import { IdentityStore } from '../modules/identity/identity.store';
import { ReconcileService } from '../modules/identity/reconcile.service';
import { systemClock, type Clock } from '../modules/ingest/periods';
import { webhookTasks, type DeliverySettings } from '../modules/webhooks/delivery';
import { lookAtDeadlines } from './deadlines';
import { JOB_SCHEMA, startWorkers, type RunningWorkers } from './queue';

/** How often the deadline job looks for cases gone overdue and visits fallen due (deadlines are hours to months). */
export const DEADLINE_LOOK_MS = 60_000;
const DEADLINES = 'case_deadlines';

export interface HubTaskOptions {
  /** What time it is for deadlines (tests move it on). */
  clock?: Clock;
  /** The wait between two looks at the deadlines. */
  deadlineLookMs?: number;
}

/**
 * The hub's tasks, by name. `reconcile` runs an incremental reconciliation (the same as `hub
 * reconcile`, under the same run lock: a run by hand and a job never overlap; the second finds
 * what the first left to do, often nothing). `case_deadlines` tells the cases gone overdue and the
 * visits fallen due since its last look (deadlines.ts), then schedules its next look.
 */
export function hubTasks(pool: Pool, log: (message: string) => void, options: HubTaskOptions = {}): TaskList {
  const clock = options.clock ?? systemClock;
  return {
    reconcile: async () => {
      const summary = await new ReconcileService(new IdentityStore(pool), undefined, log).reconcile();
      if (summary.runId !== null) log(`reconciled (job): run ${summary.runId}, ${summary.changed} records new or changed, ${summary.children} children touched`);
    },
    [DEADLINES]: async () => {
      const told = await lookAtDeadlines(pool, clock);
      if (told.cases + told.visits > 0) log(`deadlines (job): ${told.cases} cases overdue, ${told.visits} children owed a visit, told`);
      // Only after a look that committed: a failed look is retried by the queue (with backoff),
      // which keeps the chain going.
      await scheduleDeadlineLook(pool, options.deadlineLookMs ?? DEADLINE_LOOK_MS, 'replace');
    },
  };
}

/**
 * The deadline job reschedules itself, one per database: its job key names the one job waiting
 * (a process starting adds it unless it is there already, and keeps its time); a job that adds
 * its successor while it runs hands the key on. Its own queue runs looks one at a time. Chosen
 * over graphile-worker's crontab, whose finest step is a minute of the wall clock and which the
 * runner (jobs/queue.ts) would have to take as an option: a chain of jobs runs as often as asked
 * (tests look every few hundred milliseconds) with the runner as it is.
 */
async function scheduleDeadlineLook(pool: Pool, delayMs: number, mode: 'replace' | 'preserve_run_at'): Promise<void> {
  await pool.query(
    `/* scheduleDeadlineLook */ SELECT ${JOB_SCHEMA}.add_job($1, '{}'::json, queue_name => $1, run_at => now() + $2::int * interval '1 millisecond', job_key => $1, job_key_mode => $3)`,
    [DEADLINES, delayMs, mode],
  );
}

export interface WorkerTuning extends HubTaskOptions {
  concurrency?: number;
  pollIntervalMs?: number;
  /** Webhook retries: the first wait (then doubled), and how long before a delivery is dead. */
  webhookBackoffMs?: number;
  webhookDeadAfterMs?: number;
}

/** The workers over the hub's database: the server runs them beside the API, `hub worker` alone. */
export async function startHubWorkers(db: Database, log: (message: string) => void, webhooks: Pick<DeliverySettings, 'box' | 'allowedHosts'>, tuning: WorkerTuning = {}): Promise<RunningWorkers> {
  const { webhookBackoffMs, webhookDeadAfterMs, clock, deadlineLookMs, ...pool } = tuning;
  const deliveries = { ...webhooks, backoffMs: webhookBackoffMs, deadAfterMs: webhookDeadAfterMs };
  // The first look at once, unless one is waiting already (another process, an earlier start).
  await scheduleDeadlineLook(db.pool, 0, 'preserve_run_at');
  return startWorkers({ url: db.url, tasks: { ...hubTasks(db.pool, log, { clock, deadlineLookMs }), ...webhookTasks(db.pool, deliveries) }, log, ...pool });
}
