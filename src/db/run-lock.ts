import fs from 'node:fs';
import os from 'node:os';
import type { Pool, PoolClient } from 'pg';

/**
 * A run that must be alone (one import per source, one reconciliation) holds a session-level
 * advisory lock from its first read to its last write, on the very connection that writes.
 *
 * Why the writing connection: when a `hub` process dies (kill -9, power cut of the client), its
 * PostgreSQL backend lives on until it next reads the socket, i.e. until the statement it is
 * running ends; a COMMIT already sent still lands. A lock held by that backend is released only
 * when the backend is gone, so a run that gets the lock sees the dead run's last transaction
 * either committed or rolled back, never still on its way. Progress is read only then.
 *
 * A run that finds the lock taken looks at its holder (pg_locks joined with pg_stat_activity).
 * Every holder names its process in `application_name` ("hub pid=… boot=… host=…"):
 *  - a holder on this machine whose process is gone is a dead run's backend: it is ended
 *    (pg_terminate_backend, which a role may do to its own backends) and the lock retried;
 *  - a live holder (a real concurrent run, or a process behind a wrapper that was killed in its
 *    stead), a holder on another machine (its pid cannot be checked from here) or any other
 *    session is waited for, with one log line per holder.
 * The lock's connection also sets `client_connection_check_interval` and TCP keepalives, so that
 * even where nobody can end it (a remote database), a dead run's backend notices that its client
 * is gone and rolls back instead of finishing a long statement or waiting for hours.
 */
export interface RunLock {
  /** The connection holding the lock: the run's writes go through it. */
  readonly client: PoolClient;
  /** Unlocks and hands the connection back (destroys it if it broke). */
  release(): Promise<void>;
}

export interface RunLockOptions {
  /** What the lock guards, for the log line ("the police import"). */
  what: string;
  log?: (message: string) => void;
  /** How often a waiting run tries again. */
  pollMs?: number;
}

/** How this process names itself to PostgreSQL (application_name is cut at 63 bytes). */
export function holderName(pid = process.pid): string {
  return `hub pid=${pid} boot=${bootId()} host=${os.hostname()}`.slice(0, 63);
}

export async function acquireRunLock(pool: Pool, name: string, options: RunLockOptions): Promise<RunLock> {
  const log = options.log ?? (() => undefined);
  const pollMs = options.pollMs ?? 200;
  const announced = new Set<number>();
  for (;;) {
    const client = await pool.connect();
    let locked = false;
    try {
      await client.query(/* runLockName */ `SELECT set_config('application_name', $1, false)`, [holderName()]);
      await checkClientConnection(client);
      const { rows } = await client.query(/* runLockTry */ 'SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
      locked = rows[0].locked === true;
      if (locked) return heldLock(client, name);
      const holder = await findHolder(client, name);
      if (holder !== null) await deal(client, holder, options.what, announced, log);
    } catch (error) {
      if (locked) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
      await resetAndRelease(client, error);
      throw error;
    }
    // Wait without holding a pooled connection: several runs waiting in one process (pushes to
    // the API) must not take every connection from the run they wait for.
    await resetAndRelease(client);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

interface Holder {
  pid: number;
  applicationName: string;
}

async function findHolder(client: PoolClient, name: string): Promise<Holder | null> {
  // A bigint advisory key is stored as its high (classid) and low (objid) 32 bits, objsubid 1.
  const { rows } = await client.query(
    /* runLockHolder */ `SELECT a.pid, coalesce(a.application_name, '') AS "applicationName"
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext($1)::bigint
     LIMIT 1`,
    [name],
  );
  return rows[0] ?? null;
}

/** Ends a dead run's backend; for any other holder, says once that this run waits for it. */
async function deal(client: PoolClient, holder: Holder, what: string, announced: Set<number>, log: (message: string) => void): Promise<void> {
  const pid = hubProcessOnThisMachine(holder.applicationName);
  if (pid !== null && processGone(pid)) {
    try {
      await client.query(/* runLockEndDeadBackend */ 'SELECT pg_terminate_backend($1)', [holder.pid]);
      if (!announced.has(holder.pid)) log(`${what}: process ${pid}, which held it, is gone; ending its database session (backend ${holder.pid})`);
      announced.add(holder.pid);
      return;
    } catch (error) {
      // Not allowed to end it (another role's backend): wait for it to notice its client is gone.
      if ((error as { code?: string }).code !== '42501') throw error;
    }
  }
  if (announced.has(holder.pid)) return;
  announced.add(holder.pid);
  log(`${what}: waiting for ${describeHolder(holder, pid)} to finish`);
}

function describeHolder(holder: Holder, localPid: number | null): string {
  if (localPid !== null) return `hub process ${localPid} on this machine`;
  const hub = /^hub pid=(\d+) boot=\S* host=(.*)$/.exec(holder.applicationName);
  if (hub) return `hub process ${hub[1]} on ${hub[2]}`;
  return `the database session ${holder.pid} (${holder.applicationName || 'no application name'})`;
}

/** The pid of a hub process on this machine (same boot, same host name), from its application_name. */
function hubProcessOnThisMachine(applicationName: string): number | null {
  const match = /^hub pid=(\d+) /.exec(applicationName);
  if (!match) return null;
  const pid = Number(match[1]);
  return applicationName === holderName(pid) ? pid : null;
}

/** Whether no process has this pid any more (a zombie, killed but not yet reaped, counts as gone). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

let cachedBootId: string | null = null;

/** Tells two boots (and two machines of the same name) apart where Linux says so; '-' elsewhere. */
function bootId(): string {
  if (cachedBootId === null) {
    try {
      cachedBootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().slice(0, 8) || '-';
    } catch {
      cachedBootId = '-';
    }
  }
  return cachedBootId;
}

/**
 * Makes the lock's backend notice a vanished client by itself: within a second while it runs a
 * statement (PostgreSQL 14 and later), and within about 90 s when the client's machine went away
 * without closing the connection (TCP keepalives: the server's default waits two hours).
 */
async function checkClientConnection(client: PoolClient): Promise<void> {
  await client.query(
    /* runLockKeepalive */ `SELECT set_config('tcp_keepalives_idle', '60', false), set_config('tcp_keepalives_interval', '10', false), set_config('tcp_keepalives_count', '3', false)`,
  );
  try {
    await client.query(/* runLockCheckClient */ `SELECT set_config('client_connection_check_interval', '1000', false)`);
    checking.add(client);
  } catch (error) {
    if ((error as { code?: string }).code !== '42704') throw error; // older server: no such setting
  }
}

/** Connections on which checkClientConnection took effect (to reset it on release). */
const checking = new WeakSet<PoolClient>();

function heldLock(client: PoolClient, name: string): RunLock {
  let released = false;
  return {
    client,
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query(/* runLockRelease */ 'SELECT pg_advisory_unlock(hashtext($1))', [name]);
      } catch (error) {
        await resetAndRelease(client, error);
        return;
      }
      await resetAndRelease(client);
    },
  };
}

/** Back to the pool as it came out of it; a connection that failed is destroyed instead. */
async function resetAndRelease(client: PoolClient, failure?: unknown): Promise<void> {
  if (failure === undefined) {
    try {
      // Only what was set here: RESET ALL would also undo settings the pool's owner made.
      const reset = ['application_name', 'tcp_keepalives_idle', 'tcp_keepalives_interval', 'tcp_keepalives_count', ...(checking.has(client) ? ['client_connection_check_interval'] : [])];
      await client.query(reset.map((name) => `RESET ${name}`).join('; '));
    } catch (error) {
      client.release(error as Error);
      return;
    }
  }
  checking.delete(client);
  client.release(failure === undefined ? undefined : failure instanceof Error ? failure : new Error(String(failure)));
}
