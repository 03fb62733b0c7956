import type { Pool } from 'pg';
import type { Runner, TaskList } from 'graphile-worker';
import type { Database } from '../db/database';
import { IdentityStore } from '../modules/identity/identity.store';
import { ReconcileService } from '../modules/identity/reconcile.service';
import { startWorkers } from './queue';

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
}

/** The workers over the hub's database: the server runs them beside the API, `hub worker` alone. */
export function startHubWorkers(db: Database, log: (message: string) => void, tuning: WorkerTuning = {}): Promise<Runner> {
  return startWorkers({ url: db.url, tasks: hubTasks(db.pool, log), log, ...tuning });
}
