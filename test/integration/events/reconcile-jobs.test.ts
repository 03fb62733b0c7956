import { Role } from '../../../src/auth/roles';
import { importCounty, generatedCounty } from '../../support/county';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { runHub } from '../../support/cli';
import { leftBehindRow } from '../../support/push-rows';
import { startTestServer, type GraphqlClient } from '../../support/server';
import path from 'node:path';
import { eventually } from '../../support/eventually';

const PUSH = `mutation Push($rows: [JSONObject!]!) { importRecords(source: CIVIL_AFFAIRS, period: "2024Q1", rows: $rows) { new rejected } }`;
const CHILD = `query Child($id: ID!) { child(id: $id) { id flags { flag } } }`;
const EVENTS = `query Events($after: ID) { events(filter: {kinds: [FLAG_RAISED], after: $after}, first: 100) { edges { node { id childId flag } } } }`;

describe('reconciliation runs by itself after imports (jobs on the hub\'s PostgreSQL)', () => {
  const tmp = tempDir();
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let civil: GraphqlClient;
  let village: string;
  const runs = async () => Number((await db.pool.query('SELECT count(*) FROM reconcile_run')).rows[0].count);

  beforeAll(async () => {
    db = await createTestDatabase();
    const county = await generatedCounty(path.join(tmp.dir, 'county'), 120, 'jobs');
    await importCounty(db.pool, county.files);
    expect(await runs()).toBe(0); // imported, not yet reconciled: the jobs wait for a worker
    server = await startTestServer(db, tmp.dir, { workers: { pollIntervalMs: 200 }, log: () => undefined });
    civil = server.graphql;
    await eventually(async () => ((await runs()) > 0 ? true : null), 60);
    village = (await db.pool.query(`SELECT area_code FROM child WHERE length(area_code) = 12 ORDER BY id LIMIT 1`)).rows[0].area_code;
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    await db.close();
    tmp.cleanup();
  });

  it('the three imports of a county became one reconciliation once a worker ran', async () => {
    expect(await runs()).toBe(1);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM child`);
    expect(rows[0].n).toBeGreaterThan(100);
  });

  it('after a push, the new child and its flag appear through the API without a manual reconcile', async () => {
    const { rows: last } = await db.pool.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`);
    const pushed = await civil(PUSH, { rows: [leftBehindRow(1, village)] });
    expect(pushed.body.data!.importRecords).toEqual({ new: 1, rejected: 0 });
    const started = Date.now();
    const raised = await eventually(async () => {
      const { body } = await civil(EVENTS, { after: last[0].id });
      const edge = body.data!.events.edges.find((e: { node: { flag: string } }) => e.node.flag === 'LEFT_BEHIND');
      return edge?.node ?? null;
    }, 30);
    const { body } = await civil(CHILD, { id: raised.childId });
    expect(body.data!.child.flags.map((f: { flag: string }) => f.flag)).toContain('LEFT_BEHIND');
    // Seconds, on a small county: the coalescing window (1 s) and the run.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  // (The deadline job is always waiting for its next look: the queue is "empty" without it.)
  it('pushes close together are reconciled by one run, one county at a time', async () => {
    await eventually(async () => ((await db.pool.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier <> 'case_deadlines'`)).rows[0].n === 0 ? true : null), 30);
    const before = await runs();
    for (const n of [2, 3, 4]) expect((await civil(PUSH, { rows: [leftBehindRow(n, village)] })).body.data!.importRecords.new).toBe(1);
    await eventually(async () => ((await runs()) > before ? true : null), 30);
    await eventually(async () => ((await db.pool.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier <> 'case_deadlines'`)).rows[0].n === 0 ? true : null), 30);
    expect(await runs()).toBe(before + 1);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id WHERE r.record_key LIKE 'MZ-PUSH-%'`);
    expect(rows[0].n).toBe(4);
  });
});

describe('hub import --no-reconcile', () => {
  const tmp = tempDir();
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });

  it('queues no reconciliation; without it, an import queues one for its county', async () => {
    const county = await generatedCounty(path.join(tmp.dir, 'county'), 20, 'no-reconcile');
    const jobs = async () => (await db.pool.query(`SELECT task_identifier, queue_name, key FROM graphile_worker.jobs`)).rows;
    const quiet = await runHub(['import', 'police', county.files.police, '--period', '2024Q1', '--no-reconcile'], db.env);
    expect(quiet.code).toBe(0);
    expect(await jobs()).toEqual([]);
    const told = await runHub(['import', 'education', county.files.education, '--period', '2024Q1'], db.env);
    expect(told.code).toBe(0);
    expect(await jobs()).toEqual([{ task_identifier: 'reconcile', queue_name: 'reconcile:500109', key: 'reconcile:500109' }]);
    // Both imports are told, whether or not they asked for a reconciliation.
    const { rows } = await db.pool.query(`SELECT source, county_code, period FROM event WHERE kind = 'IMPORT_FINISHED' ORDER BY id`);
    expect(rows).toEqual([
      { source: 'police', county_code: '500109', period: '2024Q1' },
      { source: 'education', county_code: '500109', period: '2024Q1' },
    ]);
  }, 60_000);
});
