import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { acquireRunLock, holderName } from '../../../src/db/run-lock';
import { createTestDatabase } from '../../support/database';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

/**
 * The run lock against sessions that stand for the cases met in practice: the backend of a hub
 * killed in the middle of a statement (its process gone, the session still busy), a live hub
 * process, and a hub on another machine.
 */
describe('the run lock', () => {
  let db: Db;
  const sessions: Client[] = [];
  const processes: ChildProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await Promise.all(sessions.splice(0).map((s) => s.end().catch(() => undefined)));
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A session named as `applicationName` that holds the lock, then runs `then` without waiting for it. */
  const holdingSession = async (applicationName: string, lockName: string, then?: string): Promise<Client> => {
    const session = new Client({ connectionString: db.url, application_name: applicationName });
    session.on('error', () => undefined); // ended on purpose by some tests
    await session.connect();
    sessions.push(session);
    await session.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    if (then) session.query(then).catch(() => undefined);
    return session;
  };
  const backendAlive = async (session: Client): Promise<boolean> => {
    const pid = (session as unknown as { processID: number }).processID;
    return (await db.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rows.length > 0;
  };

  it('ends the busy session of a hub process on this machine that is gone, and takes the lock', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // ran and exited: that pid names nobody now
    const session = await holdingSession(holderName(gone), 'import:police', 'SELECT pg_sleep(600)');
    const log: string[] = [];
    const started = Date.now();
    const lock = await acquireRunLock(db.pool, 'import:police', { what: 'the police import', log: (m) => log.push(m) });
    try {
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await backendAlive(session)).toBe(false);
      expect(log).toEqual([expect.stringMatching(new RegExp(`^the police import: process ${gone}, which held it, is gone; ending its database session`))]);
    } finally {
      await lock.release();
    }
  });

  it('waits for a live hub process on this machine, saying so once, and takes the lock when it ends', async () => {
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)']);
    processes.push(alive);
    const session = await holdingSession(holderName(alive.pid), 'reconcile', 'SELECT pg_sleep(2)');
    const log: string[] = [];
    let acquired = false;
    const waiting = acquireRunLock(db.pool, 'reconcile', { what: 'reconciliation', log: (m) => log.push(m), pollMs: 50 }).then((lock) => ((acquired = true), lock));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(acquired).toBe(false);
    expect(await backendAlive(session)).toBe(true);
    expect(log).toEqual([`reconciliation: waiting for hub process ${alive.pid} on this machine to finish`]);
    await session.query('SELECT pg_advisory_unlock(hashtext($1))', ['reconcile']);
    const lock = await waiting;
    await lock.release();
  });

  it('waits for a hub on another machine even when a process of that pid is gone here', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const session = await holdingSession(`hub pid=${gone} boot=00000000 host=another-machine`, 'import:education', 'SELECT pg_sleep(2)');
    const log: string[] = [];
    const waiting = acquireRunLock(db.pool, 'import:education', { what: 'the education import', log: (m) => log.push(m), pollMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await backendAlive(session)).toBe(true);
    expect(log).toEqual([`the education import: waiting for hub process ${gone} on another-machine to finish`]);
    await session.end();
    const lock = await waiting;
    await lock.release();
  });

  it('names its connection while it holds the lock, and gives the pool back a plain one', async () => {
    const lock = await acquireRunLock(db.pool, 'import:civil-affairs', { what: 'the civil-affairs import' });
    const name = (await lock.client.query('SHOW application_name')).rows[0].application_name;
    expect(name).toBe(holderName());
    expect(name).toMatch(new RegExp(`^hub pid=${process.pid} boot=\\S+ host=`));
    expect((await lock.client.query('SHOW client_connection_check_interval')).rows[0].client_connection_check_interval).toBe('1s');
    expect((await lock.client.query('SHOW tcp_keepalives_idle')).rows[0].tcp_keepalives_idle).toBe('60');
    const other = await db.pool.connect();
    try {
      expect((await other.query(`SELECT pg_try_advisory_lock(hashtext('import:civil-affairs')) AS free`)).rows[0].free).toBe(false);
    } finally {
      other.release();
    }
    const backend = (lock.client as unknown as { processID: number }).processID;
    await lock.release();
    const after = await db.pool.query('SELECT application_name FROM pg_stat_activity WHERE pid = $1', [backend]);
    expect(after.rows).toEqual([{ application_name: 'hub' }]);
    const again = await acquireRunLock(db.pool, 'import:civil-affairs', { what: 'the civil-affairs import', pollMs: 10_000 });
    await again.release();
  });
});
