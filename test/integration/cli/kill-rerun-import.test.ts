import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { seededRandom } from '../../../reconciliation/random';
import { HUB_BIN, runHub, startHub, type CliResult } from '../../support/cli';
import { createTestDatabase } from '../../support/database';
import { csv, tempDir } from '../../support/files';
import { childPids, exited, killHard, killSeed, sleep, until, waitUntilGone } from '../../support/kill';
import { manyPoliceRows } from '../../support/rows';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;
type Totals = { read: number; new: number; updated: number; unchanged: number; rejected: number };

const ROWS = 12_000;
const KILLS = 4;
const REJECTED = 16; // 8 duplicates, 8 empty keys

/** A police export with the trouble that counts: a duplicate key and an empty key every 1,500 rows. */
function policeFile(): string {
  const rows = manyPoliceRows(ROWS);
  const out: string[] = [];
  rows.forEach((row, i) => {
    out.push(row);
    if (i % 1500 === 1000) out.push(rows[i - 500], `,${row.split(',').slice(1).join(',')}`);
  });
  return csv('police', out);
}

const totalsOf = (r: CliResult): Totals => {
  const { read, new: created, updated, unchanged, rejected } = JSON.parse(r.stdout);
  return { read, new: created, updated, unchanged, rejected };
};

/**
 * `hub import` killed with -9 (real processes, the real database), then the same command at once:
 * the re-run always completes, with the totals of an import never interrupted, and nothing lost
 * or doubled. Kill moments are random; HUB_KILL_SEED=<seed> replays a failure.
 */
describe('hub import killed, then run again at once', () => {
  const tmp = tempDir();
  const file = tmp.file('police.csv', policeFile());
  const dbs: Db[] = [];
  const fresh = async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return { db, env: { ...db.env, HUB_DATA_DIR: tmp.dir } };
  };
  const importArgs = (period: string) => ['import', 'police', file, '--period', period, '--json', '--errors', `${tmp.dir}/errors-${period}.csv`];
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    tmp.cleanup();
  });

  /** A period's import as the database holds it: one finished run, its versions and rejections. */
  const stored = async (db: Db, period: string) => {
    const runs = (await db.pool.query(`SELECT id, status FROM import_run WHERE period = $1 ORDER BY id`, [period])).rows;
    const count = async (sql: string, params: unknown[] = [period]) => (await db.pool.query(sql, params)).rows[0].n as number;
    return {
      runs: runs.map((r) => r.status),
      versions: await count(`SELECT count(*)::int AS n FROM source_record_version WHERE period = $1`),
      rejections: await count(`SELECT count(*)::int AS n FROM import_rejection j JOIN import_run i ON i.id = j.import_run_id WHERE i.period = $1`),
      rejectedLines: await count(`SELECT count(DISTINCT j.line)::int AS n FROM import_rejection j JOIN import_run i ON i.id = j.import_run_id WHERE i.period = $1`),
      records: await count(`SELECT count(*)::int AS n FROM source_record`, []),
    };
  };

  it('completes after kills at random moments, with the totals of an uninterrupted import, then finds every row unchanged', async () => {
    const seed = killSeed();
    const random = seededRandom(seed);
    const replay = `(replay with HUB_KILL_SEED=${seed})`;

    // The reference: the same imports, never interrupted, in a database of their own.
    const clean = await fresh();
    const startedAt = Date.now();
    const first = await runHub(importArgs('2024Q1'), clean.env);
    const wallMs = Date.now() - startedAt;
    const later = await runHub(importArgs('2024Q2'), clean.env);
    expect(first.code).toBe(0);
    const expected = { first: totalsOf(first), later: totalsOf(later) };
    expect(expected.first).toMatchObject({ read: ROWS + REJECTED, new: ROWS, rejected: REJECTED });
    const expectedStored = { first: await stored(clean.db, '2024Q1'), later: await stored(clean.db, '2024Q2') };

    const { db, env } = await fresh();
    for (let k = 1; k <= KILLS; k++) {
      const period = `2024Q${k}`;
      const delay = Math.round(random() * wallMs);
      const what = `kill ${k} of ${KILLS}, ${delay} ms into the import of ${period} ${replay}`;
      const victim = startHub(importArgs(period), env);
      await Promise.race([sleep(delay), exited(victim)]);
      await killHard(victim);

      const rerun = await runHub(importArgs(period), env);
      const want = k === 1 ? expected.first : expected.later;
      if (rerun.code !== 0) throw new Error(`${what}: the re-run failed (${rerun.code}): ${rerun.stderr}`);
      // Killed after it finished, the victim's import is whole and the re-run is a new, unchanged one.
      const finishedBefore = !JSON.parse(rerun.stdout).resumed && (await stored(db, period)).runs.length === 2;
      if (finishedBefore) {
        expect({ what, totals: totalsOf(rerun) }).toEqual({ what, totals: { ...want, new: 0, updated: 0, unchanged: want.read - want.rejected } });
      } else {
        expect({ what, totals: totalsOf(rerun) }).toEqual({ what, totals: want });
        const now = await stored(db, period);
        expect({ what, stored: now }).toEqual({ what, stored: k === 1 ? expectedStored.first : expectedStored.later });
      }

      const again = await runHub(importArgs(period), env);
      expect({ what, code: again.code, totals: totalsOf(again) }).toEqual({ what, code: 0, totals: { ...want, new: 0, updated: 0, unchanged: want.read - want.rejected } });
    }
  }, 300_000);

  it('completes when the last batch was still committing as its import was killed', async () => {
    const { db, env } = await fresh();
    // The first batch's commit takes 4 s (a deferred trigger): long enough to kill the import
    // while PostgreSQL still works on its COMMIT, and to start the same import before it lands.
    await db.asOwner(`CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(4); RETURN NULL; END $$`);
    await db.asOwner(`CREATE CONSTRAINT TRIGGER slow_commit AFTER UPDATE ON import_run DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (OLD.lines_done = 0 AND NEW.lines_done > 0) EXECUTE FUNCTION slow_commit()`);
    const victim = startHub(importArgs('2024Q1'), env);
    await until(async () => {
      const { rows } = await db.pool.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
      return rows.length > 0;
    }, 'the first batch to commit');
    await killHard(victim);

    // Its backend ends the COMMIT on its own within a second (client_connection_check_interval),
    // or is ended by the re-run: either way the re-run reads the progress once it is over.
    const rerun = await runHub(importArgs('2024Q1'), env);
    expect(rerun.code).toBe(0);
    expect(totalsOf(rerun)).toEqual({ read: ROWS + REJECTED, new: ROWS, updated: 0, unchanged: 0, rejected: REJECTED });
    expect(await stored(db, '2024Q1')).toMatchObject({ runs: ['done'], versions: ROWS, rejections: REJECTED, rejectedLines: REJECTED, records: ROWS });
  }, 120_000);

  it('waits for the import a killed wrapper left running (npx, a shell), then completes', async () => {
    const { db, env } = await fresh();
    // The hub left running must still be writing when the same command is run again, however slow
    // the machine: after its first batch, its batches wait at a gate (an advisory lock the test
    // holds) that opens only once the re-run says it is waiting. Batches are slowed (0.3 s each)
    // so that the gate closes before the file is done.
    await db.asOwner(`CREATE FUNCTION slow_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); PERFORM pg_advisory_lock_shared(4242); PERFORM pg_advisory_unlock_shared(4242); RETURN NULL; END $$`);
    await db.asOwner(`CREATE TRIGGER slow_batch AFTER UPDATE ON import_run FOR EACH ROW WHEN (NEW.status = 'running') EXECUTE FUNCTION slow_batch()`);
    // As `npx hub …` runs it: a shell between the clerk and the hub. kill -9 of the shell leaves
    // the hub importing.
    const wrapper = spawn('sh', ['-c', `"${process.execPath}" "${HUB_BIN}" "$@"; exit $?`, 'sh', ...importArgs('2024Q1')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const gate = new Client({ connectionString: db.url });
    await gate.connect();
    let rerun: Awaited<ReturnType<typeof runHub>>;
    try {
      await until(async () => (await gate.query(`SELECT 1 FROM import_run WHERE lines_done > 0`)).rows.length > 0, 'the first batch');
      await gate.query(`SELECT pg_advisory_lock(4242)`);
      const [hub] = childPids(wrapper.pid!);
      expect(hub).toBeGreaterThan(0);
      await killHard(wrapper);

      const child = startHub(importArgs('2024Q1'), env);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk) => (stdout += chunk));
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const exitCode = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await until(async () => stderr.includes(`the police import: waiting for hub process ${hub} on this machine to finish`), 'the re-run to wait for the hub left running');
      await gate.query(`SELECT pg_advisory_unlock(4242)`);
      rerun = { code: await exitCode, stdout, stderr };
      await waitUntilGone(hub);
    } finally {
      await gate.end();
    }
    expect(rerun.code).toBe(0);
    // The hub behind the wrapper finished the file; the re-run found every row there.
    expect(totalsOf(rerun)).toEqual({ read: ROWS + REJECTED, new: 0, updated: 0, unchanged: ROWS, rejected: REJECTED });
    expect(await stored(db, '2024Q1')).toMatchObject({ runs: ['done', 'done'], versions: ROWS, records: ROWS });
  }, 120_000);
});
