import * as path from 'node:path';
import { HUB_SETTINGS_FILE, loadSettingsFile } from '../../../reconciliation/hub';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

/** A reconciliation with nothing to learn from must not break the ones after it. */
describe('hub reconcile before anything is imported', () => {
  const tmp = tempDir();
  let db: Db;
  let county: Awaited<ReturnType<typeof generatedCounty>>;
  const log: string[] = [];
  let reconcile: ReconcileService;

  beforeAll(async () => {
    county = await generatedCounty(tmp.dir, 200, 'empty-reconcile');
    db = await createTestDatabase();
    reconcile = new ReconcileService(new IdentityStore(db.pool), undefined, (m) => log.push(m));
  });
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  const lastRun = async () => (await db.pool.query(`SELECT mode, model FROM reconcile_run ORDER BY id DESC LIMIT 1`)).rows[0];

  it('keeps no model trained on nothing, so the run after an import trains one', async () => {
    const empty = await reconcile.reconcile();
    expect(empty).toMatchObject({ mode: 'full', records: 0, children: 0 });
    expect(await lastRun()).toEqual({ mode: 'full', model: null });
    expect(await reconcile.reconcile()).toMatchObject({ runId: null }); // nothing new: nothing to do, model or not

    await importCounty(db.pool, county.files, ['police']);
    const first = await reconcile.reconcile();
    expect(first).toMatchObject({ mode: 'full', linkedRecords: first.records });
    expect(first.records).toBeGreaterThan(0);
    expect((await lastRun()).model).toMatchObject({ matchProbability: expect.any(Number) });

    await importCounty(db.pool, county.files, ['education']);
    expect(await reconcile.reconcile()).toMatchObject({ mode: 'incremental' });
  });

  it('runs a full reconciliation, not a failure, when the stored model cannot be used', async () => {
    // As a run before this fix left it: the last full run's model with no match probability.
    await db.pool.query(`UPDATE reconcile_run SET model = jsonb_set(model, '{matchProbability}', 'null') WHERE id = (SELECT max(id) FROM reconcile_run WHERE mode = 'full')`);
    await importCounty(db.pool, county.files, ['civil-affairs']);
    log.length = 0;
    const run = await reconcile.reconcile();
    expect(run).toMatchObject({ mode: 'full' });
    expect(log).toContainEqual(expect.stringMatching(/the last full run's model cannot be used \(.*matchProbability.*\): training a new one/));
    expect((await lastRun()).model).toMatchObject({ matchProbability: expect.any(Number) });
  });

  it('runs a full reconciliation when the settings have changed since the stored model was trained', async () => {
    // As after an upgrade that adds comparison levels or changes a guard: the last full run's model
    // knows the old levels and guards, and must not score a run under the new ones.
    const settings = loadSettingsFile(HUB_SETTINGS_FILE);
    const changed = { ...settings, guards: (settings.guards ?? []).slice(1) };
    const upgraded = new ReconcileService(new IdentityStore(db.pool), changed, (m) => log.push(m));
    const other = await generatedCounty(path.join(tmp.dir, 'other'), 40, 'settings-changed');
    await importCounty(db.pool, other.files, ['police']);
    log.length = 0;
    expect(await upgraded.reconcile()).toMatchObject({ mode: 'full' });
    expect(log).toContainEqual(expect.stringMatching(/the last full run's model cannot be used \(the settings have changed since it was trained\): training a new one/));
  });
});
