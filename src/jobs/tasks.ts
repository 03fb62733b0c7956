import type { Pool } from 'pg';
import type { TaskList } from 'graphile-worker';
import type { Database } from '../db/database';
import { IdentityStore } from '../modules/identity/identity.store';
import { ReconcileService } from '../modules/identity/reconcile.service';
import { webhookTasks, type DeliverySettings } from '../modules/webhooks/delivery';
import { startWorkers, type RunningWorkers } from './queue';

/**
 * The hub's tasks, by name. `reconcile` runs an incremental reconciliation (the same as `hub
 * reconcile`, under the same run lock: a run by hand and a job never overlap; the second finds
 * what the first left to do, often nothing).
 */
export function hubTasks(pool: Pool, log: (message: string) => void): TaskList {
  return {
    reconcile: async () => {
      const summary = await new ReconcileService(new IdentityStore(pool), undefined, log).reconcile();
      if (summary.runId !== null) log(`reconciled (job): run ${summary.runId}, ${summary.changed} records new or changed, ${summary.children} children touched`);
    },
  };
}

export interface WorkerTuning {
  concurrency?: number;
  pollIntervalMs?: number;
  /** Webhook retries: the first wait (then doubled), and how long before a delivery is dead. */
  webhookBackoffMs?: number;
  webhookDeadAfterMs?: number;
}

/** The workers over the hub's database: the server runs them beside the API, `hub worker` alone. */
export function startHubWorkers(db: Database, log: (message: string) => void, webhooks: Pick<DeliverySettings, 'box' | 'allowedHosts'>, tuning: WorkerTuning = {}): Promise<RunningWorkers> {
  const { webhookBackoffMs, webhookDeadAfterMs, ...pool } = tuning;
  const deliveries = { ...webhooks, backoffMs: webhookBackoffMs, deadAfterMs: webhookDeadAfterMs };
  return startWorkers({ url: db.url, tasks: { ...hubTasks(db.pool, log), ...webhookTasks(db.pool, deliveries) }, log, ...pool });
}
