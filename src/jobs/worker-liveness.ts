import { Client } from 'pg';
import type { WorkerEvents } from 'graphile-worker';
import { EventEmitter } from 'node:events';
import { JOB_SCHEMA } from './job-schema';

/**
 * Jobs held by a dead process are taken up again at once, not four hours later.
 *
 * graphile-worker locks a job to the worker that runs it; a worker killed with `kill -9` leaves
 * its jobs locked until the lock expires (4 hours in 0.16), which would hold a webhook delivery or
 * a county's reconciliation that long. The queue cannot tell a dead worker from a slow one, so
 * the hub tells it: each process that runs workers holds a session advisory lock for its life on
 * a connection of its own, and records its workers' ids under that lock's key (`job_worker`).
 * PostgreSQL drops the lock the moment the process's connection dies. A worker whose process no
 * longer holds its lock is dead: its jobs are unlocked (`force_unlock_workers`) by whichever
 * process looks next: each one at its start and then every `sweepEveryMs`.
 */
const LOCK_CLASS = 0x6875_6200; // 'hub\0': keeps these locks apart from the hub's other advisory locks

export interface WorkerLiveness {
  /** Passed to graphile-worker's run(): the liveness hears of each worker it creates. */
  events: WorkerEvents;
  /** Unlocks the jobs of dead workers now; returns how many workers were found dead. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

export async function startWorkerLiveness(url: string, log: (message: string) => void, sweepEveryMs = 60_000): Promise<WorkerLiveness> {
  const client = new Client({ connectionString: url, application_name: 'hub job liveness' });
  // An ended connection is reported, not thrown: the next sweep's query fails and is logged.
  client.on('error', (error) => log(`jobs: liveness connection lost: ${error.message}`));
  await client.connect();
  const { rows } = await client.query<{ key: number }>(`/* jobProcessKey */ SELECT nextval('job_process_key')::int AS key`);
  const processKey = rows[0].key;
  await client.query(`/* holdJobProcessLock */ SELECT pg_advisory_lock($1::int, $2::int)`, [LOCK_CLASS, processKey]);

  // One connection, one statement at a time: the workers' records, the sweeps and the stop take
  // turns (a pg client given a query while one runs queues it, and warns).
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = turn.then(work);
    turn = next.catch(() => undefined);
    return next;
  };
  const events = new EventEmitter() as WorkerEvents;
  events.on('worker:create', ({ worker }) => {
    void inTurn(() =>
      client.query(`/* registerJobWorker */ INSERT INTO job_worker (worker_id, process_key, started_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING`, [worker.workerId, processKey]),
    ).catch((error: Error) => log(`jobs: could not record worker ${worker.workerId}: ${error.message}`));
  });

  const sweep = (): Promise<number> => inTurn(async () => {
    // A process is alive while some session holds its lock (pg_locks shows the two-key form as
    // classid/objid with objsubid 2). Workers locking jobs but never recorded belong to no live
    // process of this hub either (a process killed before it recorded them), once their lock is
    // older than a freshly started worker's record could be.
    const { rows: dead } = await client.query<{ worker: string }>(
      `/* deadJobWorkers */ WITH live AS (
         SELECT objid::int AS process_key FROM pg_locks
         WHERE locktype = 'advisory' AND classid = ${LOCK_CLASS}::oid AND objsubid = 2 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
       , locks AS (
         SELECT locked_by, locked_at FROM ${JOB_SCHEMA}._private_jobs WHERE locked_by IS NOT NULL
         UNION ALL SELECT locked_by, locked_at FROM ${JOB_SCHEMA}._private_job_queues WHERE locked_by IS NOT NULL)
       SELECT DISTINCT j.locked_by AS worker FROM locks j
       WHERE j.locked_by IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM job_worker w JOIN live USING (process_key) WHERE w.worker_id = j.locked_by)
         -- a new worker records itself just after it starts: unrecorded, its lock must be old
         AND (EXISTS (SELECT 1 FROM job_worker w WHERE w.worker_id = j.locked_by) OR j.locked_at < now() - interval '1 minute')
       UNION
       SELECT w.worker_id FROM job_worker w WHERE w.process_key NOT IN (SELECT process_key FROM live)`,
    );
    const workers = dead.map((r) => r.worker);
    if (workers.length === 0) return 0;
    await client.query(`/* forceUnlockJobWorkers */ SELECT ${JOB_SCHEMA}.force_unlock_workers($1::text[])`, [workers]);
    await client.query(`/* forgetJobWorkers */ DELETE FROM job_worker WHERE worker_id = ANY($1::text[])`, [workers]);
    log(`jobs: took back the jobs of ${workers.length} worker(s) of a process that ended without stopping them`);
    return workers.length;
  });

  let sweeping: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sweeping = sweep().catch((error: Error) => log(`jobs: liveness sweep failed: ${error.message}`));
  }, sweepEveryMs);
  timer.unref();

  return {
    events,
    sweep,
    stop: async () => {
      clearInterval(timer);
      await sweeping;
      // A clean stop: graphile-worker has released its jobs; the workers' rows go with the lock.
      await inTurn(() => client.query(`/* forgetOwnJobWorkers */ DELETE FROM job_worker WHERE process_key = $1`, [processKey])).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
