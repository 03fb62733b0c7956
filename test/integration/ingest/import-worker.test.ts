import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { SOURCES, generatedCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

// Large files are normalised in a worker thread; what is stored must not depend on where.
describe('importing through the worker thread', () => {
  const tmp = tempDir();
  const registry = ChinaDivisionRegistry.load();
  let county: Awaited<ReturnType<typeof generatedCounty>>;
  let inWorker: Db;
  let inProcess: Db;

  beforeAll(async () => {
    county = await generatedCounty(tmp.dir, 400, 'import-worker-test', 'hard');
    [inWorker, inProcess] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([inWorker?.close(), inProcess?.close()]);
    tmp.cleanup();
  });

  const stored = async (db: Db) =>
    (
      await db.pool.query(
        `SELECT r.source, r.record_key, r.county_code, r.period, v.line, v.raw, v.normalised, v.problems, v.content_hash
         FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id ORDER BY r.source, r.record_key`,
      )
    ).rows;
  const rejections = async (db: Db) =>
    (await db.pool.query(`SELECT r.source, j.line, j.reason, j.raw_line FROM import_rejection j JOIN import_run r ON r.id = j.import_run_id ORDER BY 1, 2, 3`)).rows;

  it('stores the same records, versions and rejections as an import on the main thread', async () => {
    // Threshold 0: every file goes through the worker; small batches: many batches in flight.
    const worker = new ImportService(inWorker.pool, registry, tmp.dir, 0);
    const main = new ImportService(inProcess.pool, registry, tmp.dir, Number.POSITIVE_INFINITY);
    for (const source of SOURCES) {
      const [a, b] = [
        await worker.importFile(county.files[source], { source, period: '2024Q1', batchSize: 97, errorsPath: null }),
        await main.importFile(county.files[source], { source, period: '2024Q1', batchSize: 97, errorsPath: null }),
      ];
      expect({ ...a, importId: 0 }).toEqual({ ...b, importId: 0 });
      expect(a.read).toBe(a.new + a.updated + a.unchanged + a.rejected);
      expect(a.rejected).toBeGreaterThan(0); // hard noise: unreadable rows and duplicate keys
      expect(a.problems.length).toBeGreaterThan(0); // and rows kept with a problem, counted alike on both threads
    }
    const [workerRows, mainRows] = [await stored(inWorker), await stored(inProcess)];
    expect(workerRows.length).toBeGreaterThan(500);
    expect(workerRows).toEqual(mainRows);
    expect(await rejections(inWorker)).toEqual(await rejections(inProcess));
  });

  it('is idempotent through the worker as well', async () => {
    const worker = new ImportService(inWorker.pool, registry, tmp.dir, 0);
    const again = await worker.importFile(county.files.education, { source: 'education', period: '2024Q1', errorsPath: null });
    expect(again.new + again.updated).toBe(0);
    expect(again.unchanged).toBe(again.read - again.rejected);
  });

  it('resumes an interrupted import through the worker where it stopped, losing nothing', async () => {
    // The third batch's versions fail to be written: two batches are committed, then the import stops.
    await inWorker.asOwner(`CREATE FUNCTION fail_third_batch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF (SELECT count(*) FROM source_record_version WHERE period = '2024Q2') > 2 * 97 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NULL; END $$`);
    await inWorker.asOwner('CREATE TRIGGER fail_third_batch AFTER INSERT ON source_record_version FOR EACH STATEMENT EXECUTE FUNCTION fail_third_batch()');
    const worker = new ImportService(inWorker.pool, registry, tmp.dir, 0);
    const options = { source: 'police', period: '2024Q2', batchSize: 97, errorsPath: null };
    try {
      await expect(worker.importFile(county.files.police, options)).rejects.toThrow(/disk full/);
    } finally {
      await inWorker.asOwner('DROP TRIGGER fail_third_batch ON source_record_version');
      await inWorker.asOwner('DROP FUNCTION fail_third_batch');
    }
    const { rows } = await inWorker.pool.query(`SELECT lines_done, status FROM import_run WHERE period = '2024Q2'`);
    expect(rows).toEqual([{ lines_done: expect.any(Number), status: 'running' }]);
    expect(rows[0].lines_done).toBeGreaterThan(0);

    const resumed = await worker.importFile(county.files.police, options);
    const whole = await new ImportService(inProcess.pool, registry, tmp.dir, Number.POSITIVE_INFINITY).importFile(county.files.police, options);
    expect(resumed.resumed).toBe(true);
    expect({ ...resumed, importId: 0, resumed: false }).toEqual({ ...whole, importId: 0 });
    expect(await stored(inWorker)).toEqual(await stored(inProcess));
  });
});
