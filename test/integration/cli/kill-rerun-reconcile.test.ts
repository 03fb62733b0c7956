import { seededRandom } from '../../../reconciliation/random';
import { runHub, startHub } from '../../support/cli';
import { generatedCounty, importCounty, linkTable } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { exited, killHard, killSeed, sleep, until } from '../../support/kill';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

/** What a reconciliation leaves behind, keyed by record keys (never by database ids). */
async function outcome(db: Db) {
  const rows = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    links: await linkTable(db.pool),
    children: await rows(`SELECT id, verification, area_code, golden, conflicts, flag_names, record_count FROM child ORDER BY id`),
    aliases: await rows(`SELECT alias, child_id FROM child_alias ORDER BY alias`),
    reviews: await rows(
      `SELECT l.source || ':' || l.record_key AS left, r.source || ':' || r.record_key AS right, i.left_child_id, i.right_child_id, i.match_weight, i.reason
       FROM review_item i JOIN source_record l ON l.id = i.left_record_id JOIN source_record r ON r.id = i.right_record_id
       WHERE i.status = 'OPEN' ORDER BY 1, 2`,
    ),
    events: await rows(`SELECT kind, count(*)::int AS n FROM link_event GROUP BY kind ORDER BY kind`),
    tally: await rows(`SELECT area_code, measure, key, count FROM area_tally WHERE count <> 0 ORDER BY 1, 2, 3`),
  };
}

/**
 * `hub reconcile` killed with -9 (real processes, the real database), then run again at once:
 * the re-run completes, and the identities equal those of runs never interrupted. Kill moments
 * are random; HUB_KILL_SEED=<seed> replays a failure.
 */
describe('hub reconcile killed, then run again at once', () => {
  const tmp = tempDir();
  const dbs: Db[] = [];
  let county: Awaited<ReturnType<typeof generatedCounty>>;
  /** A full run, an incremental one after a new department's export, and a full one again. */
  const steps = [
    { name: 'the first (full) run', sources: ['civil-affairs', 'police'], args: ['reconcile', '--json'] },
    { name: 'an incremental run', sources: ['education'], args: ['reconcile', '--json'] },
    { name: 'a full run again', sources: [], args: ['reconcile', '--full', '--json'] },
  ];
  const expected: Awaited<ReturnType<typeof outcome>>[] = [];
  const wallMs: number[] = [];
  const fresh = async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return { db, env: { ...db.env, HUB_DATA_DIR: tmp.dir } };
  };

  beforeAll(async () => {
    county = await generatedCounty(tmp.dir, 1500, 'kill-reconcile');
    // The reference: every step, never interrupted.
    const { db, env } = await fresh();
    for (const step of steps) {
      await importCounty(db.pool, county.files, step.sources);
      const started = Date.now();
      const run = await runHub(step.args, env);
      wallMs.push(Date.now() - started);
      expect(run.code).toBe(0);
      expected.push(await outcome(db));
    }
  }, 180_000);
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    tmp.cleanup();
  });

  it('completes after a kill at a random moment of each kind of run, with the outcome of runs never interrupted', async () => {
    const seed = killSeed();
    const random = seededRandom(seed);
    const { db, env } = await fresh();
    for (const [i, step] of steps.entries()) {
      await importCounty(db.pool, county.files, step.sources);
      const delay = Math.round(random() * wallMs[i]);
      const what = `${step.name} killed ${delay} ms in (replay with HUB_KILL_SEED=${seed})`;
      const victim = startHub(step.args, env);
      await Promise.race([sleep(delay), exited(victim)]);
      const finished = victim.exitCode === 0;
      await killHard(victim);
      // A run that finished before the kill needs no second one (a second full run would only add a run).
      if (!finished) {
        const rerun = await runHub(step.args, env);
        if (rerun.code !== 0) throw new Error(`${what}: the re-run failed (${rerun.code}): ${rerun.stderr}`);
      }
      expect({ what, outcome: await outcome(db) }).toEqual({ what, outcome: expected[i] });
    }
  }, 300_000);

  it('completes when the run was still committing as it was killed', async () => {
    const { db, env } = await fresh();
    await importCounty(db.pool, county.files, steps[0].sources);
    // The run's commit takes 4 s (a deferred trigger): long enough to kill it while PostgreSQL
    // still works on its COMMIT, and to start the same command before the commit lands.
    await db.asOwner(`CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(4); RETURN NULL; END $$`);
    await db.asOwner(`CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON reconcile_run DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION slow_commit()`);
    const victim = startHub(steps[0].args, env);
    await until(async () => {
      const { rows } = await db.pool.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
      return rows.length > 0;
    }, 'the run to commit');
    await killHard(victim);

    const rerun = await runHub(steps[0].args, env);
    expect(rerun.code).toBe(0);
    expect(await outcome(db)).toEqual(expected[0]);
  }, 120_000);
});
