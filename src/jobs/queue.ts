import type { ClientBase } from 'pg';
import { Logger, run, runMigrations, type TaskList } from 'graphile-worker';
import { startWorkerLiveness } from './worker-liveness';

/**
 * The hub's durable jobs: graphile-worker's queue, in the hub's own PostgreSQL (schema
 * `graphile_worker`). A job is a row: it can be added in the same transaction as the change that
 * calls for it (an import's end adds its reconciliation), it survives a killed process (a job
 * locked by a dead worker is taken up again once its lock expires), failed jobs are retried with
 * exponential backoff, and jobs of one named queue run one at a time.
 */
import { JOB_SCHEMA } from './job-schema';

export { JOB_SCHEMA };

/** Warnings and errors only: the queue's info lines would drown the hub's own. */
export function queueLogger(log: (message: string) => void): Logger {
  return new Logger((scope) => (level, message) => {
    if (level === 'error' || level === 'warning') log(`jobs${scope.taskIdentifier ? ` (${scope.taskIdentifier})` : ''}: ${message}`);
  });
}

/** Installs or upgrades the queue's schema, as the owner role (part of every migration run). */
export async function migrateJobQueue(ownerUrl: string, log: (message: string) => void): Promise<void> {
  await runMigrations({ connectionString: ownerUrl, schema: JOB_SCHEMA, logger: queueLogger(log) });
}

/** Imports that come within this long of each other are reconciled by one run. */
export const RECONCILE_COALESCE_MS = 1000;

/**
 * Asks for an incremental reconciliation after an import of `county`, inside the caller's
 * transaction: one queue per county runs them one at a time, and the job key coalesces the
 * imports that arrive before the job starts into that one job, which keeps its first start time
 * (a stream of pushes still gets reconciled, every `delayMs` at least). An import that arrives
 * while the county's job runs adds a new one, which runs after it.
 */
export async function enqueueReconcile(client: ClientBase, county: string, delayMs = RECONCILE_COALESCE_MS): Promise<void> {
  await client.query(
    `/* enqueueReconcile */ SELECT ${JOB_SCHEMA}.add_job('reconcile', json_build_object('county', $1::text), queue_name => 'reconcile:' || $1::text,
       run_at => now() + $2::int * interval '1 millisecond', job_key => 'reconcile:' || $1::text, job_key_mode => 'preserve_run_at')`,
    [county, delayMs],
  );
}

export interface WorkerOptions {
  /** The application role's URL: workers connect as the server does. */
  url: string;
  tasks: TaskList;
  log: (message: string) => void;
  /** Jobs run at once by this process (a reconciliation uses one; deliveries the rest). */
  concurrency?: number;
  /** How often to look for jobs when no notification came (new jobs are announced by NOTIFY). */
  pollIntervalMs?: number;
}

/** What runs the jobs of one process, until `stop()` (a job under way finishes first). */
export interface RunningWorkers {
  stop(): Promise<void>;
}

/**
 * Runs the workers until `stop()`: the server does this beside the API, `hub worker` alone. Before
 * the first job is taken, jobs left locked by a process that died (kill -9, a lost machine) are
 * unlocked, so that they run now rather than when their lock expires (worker-liveness.ts).
 */
export async function startWorkers(options: WorkerOptions): Promise<RunningWorkers> {
  const liveness = await startWorkerLiveness(options.url, options.log);
  try {
    await liveness.sweep();
    const runner = await run({
      connectionString: options.url,
      schema: JOB_SCHEMA,
      concurrency: options.concurrency ?? 4,
      maxPoolSize: (options.concurrency ?? 4) + 2,
      pollInterval: options.pollIntervalMs ?? 2000,
      // The hub's own SIGINT/SIGTERM handlers stop the runner, then the database.
      noHandleSignals: true,
      taskList: options.tasks,
      logger: queueLogger(options.log),
      events: liveness.events,
    });
    let stopped: Promise<void> | undefined;
    return {
      // Once, however often it is asked: graphile-worker's runner throws when stopped twice.
      stop: () =>
        (stopped ??= (async () => {
          await runner.stop();
          await liveness.stop();
        })()),
    };
  } catch (error) {
    await liveness.stop();
    throw error;
  }
}
