import fs from 'node:fs';
import path from 'node:path';
import { startNewPeriodStates } from '../../../src/modules/changes/period-states';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { generatedCounty, importCounty, SOURCES } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

// An incremental run that brings a county's new quarter with a few changed rows has the database
// write the quarter's states whole while it links, from the children as they stood, then brings
// them up to date with the children it wrote and those whose flags moved with the new day. The
// states must be those a whole write from the run's final children gives.
describe('a new period written early by an incremental run', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const STATE = `SELECT child_id, area_code, flag_names, category, verification, sources, leaving, present
                 FROM child_period_state WHERE county_code = '500109' AND period = '2024Q2' ORDER BY child_id`;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  /** Rows of each export drawn every `step` lines, each changed: a re-typed name (one in four) or a new last column. */
  function changedRows(dir: string, out: string, step: number): Record<string, string> {
    fs.mkdirSync(out, { recursive: true });
    return Object.fromEntries(
      SOURCES.map((source) => {
        const [header, ...lines] = fs.readFileSync(path.join(dir, `${source}.csv`), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '');
        const width = header.split(',').length;
        const picked = lines
          .filter((line, i) => i % step === 0 && !line.includes('"') && line.split(',').length === width)
          .map((line, k) => {
            const cells = line.split(',');
            if (k % 4 === 0) cells[1] = `${cells[1]}子`;
            else cells[width - 1] = `${cells[width - 1]}x`;
            return cells.join(',');
          });
        const file = path.join(out, `${source}.csv`);
        fs.writeFileSync(file, [header, ...picked].join('\n') + '\n');
        return [source, file];
      }),
    );
  }

  it('keeps the states a whole write at the end would keep, and says it wrote them while linking', async () => {
    const q1 = path.join(tmp.dir, 'q1');
    const { files } = await generatedCounty(q1, 1000, 'early-states', 'realistic');
    await importCounty(db.pool, files, undefined, '2024Q1');
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();

    await importCounty(db.pool, changedRows(q1, path.join(tmp.dir, 'q2'), 20), undefined, '2024Q2');
    const log: string[] = [];
    const run = await new ReconcileService(new IdentityStore(db.pool), undefined, (m) => log.push(m)).reconcile();
    expect(run.mode).toBe('incremental');
    expect(log.some((line) => line.includes("new periods' states (500109 2024Q2), written while linking"))).toBe(true);

    // What the run touched: children it wrote, and children it did not write whose flags moved
    // with the county's new day (a 16th or 18th birthday in the quarter).
    const { rows: touched } = await db.pool.query(
      `SELECT count(*) FILTER (WHERE c.updated_run_id = $1)::int AS written,
              count(*) FILTER (WHERE c.updated_run_id <> $1 AND s.flag_names IS DISTINCT FROM c.flag_names)::int AS "flagsMoved"
       FROM child c JOIN child_period_state s ON s.child_id = c.id AND s.county_code = '500109' AND s.period = '2024Q1'`,
      [run.runId],
    );
    expect(touched[0].written).toBeGreaterThan(50);
    expect(touched[0].flagsMoved).toBeGreaterThan(0);

    const kept = (await db.pool.query(STATE)).rows;
    // The same period written whole from the children as the run left them (rolled back).
    const client = await db.pool.connect();
    let whole: unknown[];
    try {
      await client.query('BEGIN');
      await client.query(`DELETE FROM child_period_state WHERE county_code = '500109' AND period = '2024Q2'`);
      await client.query(`DELETE FROM period_snapshot WHERE county_code = '500109' AND period = '2024Q2'`);
      await (await startNewPeriodStates(client)).written;
      whole = (await client.query(STATE)).rows;
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(kept.length).toBeGreaterThan(500);
    expect(kept).toEqual(whole);
  }, 300_000);
});
