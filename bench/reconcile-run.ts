/**
 * One measured step of the reconciliation benchmark, in a process of its own so its peak memory
 * is its own. The database lives in <data-dir> (an embedded PostgreSQL) across steps.
 *   import <data-dir> <generated-dir> [period]   import the three exports
 *   reconcile <data-dir> [--full] [--no-cases]    hub reconcile, timed (--no-cases: without following cases, bench/cases.ts)
 *   change <data-dir> <generated-dir> <rows>      write and import <rows> changed rows as the next period
 * Prints one JSON line.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { ChinaDivisionRegistry } from '../src/areas/china-division-registry';
import { openDatabase } from '../src/db/database';
import { IdentityStore } from '../src/modules/identity/identity.store';
import { ReconcileService } from '../src/modules/identity/reconcile.service';
import { ImportService } from '../src/modules/ingest/import.service';
import { seededRandom } from '../reconciliation/random';

const SOURCES = ['civil-affairs', 'education', 'police'] as const;

async function main(): Promise<void> {
  const [step, dataDir, ...rest] = process.argv.slice(2);
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  try {
    const started = performance.now();
    let result: unknown;
    if (step === 'import') {
      const service = new ImportService(db.pool, ChinaDivisionRegistry.load(), path.join(dataDir, 'errors'));
      let rows = 0;
      for (const source of SOURCES) rows += (await service.importFile(path.join(rest[0], `${source}.csv`), { source, period: rest[1] ?? '2024Q1' })).read;
      result = { rows };
    } else if (step === 'reconcile') {
      result = await new ReconcileService(new IdentityStore(db.pool, { followCases: !rest.includes('--no-cases') }), undefined, (m) => console.error(m)).reconcile({ full: rest.includes('--full') });
    } else if (step === 'change') {
      result = await importChanges(db.pool, dataDir, rest[0], Number(rest[1]));
    } else {
      throw new Error(`unknown step ${step}`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ step, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, result }));
  } finally {
    await db.close();
  }
}

/**
 * The next quarter's changes: `rows` readable rows drawn at random from the three exports, each
 * changed the way a quarter changes a record — most get a new status or phone (matching does
 * not read those), one in five a corrected or re-typed name (matching must look again).
 */
async function importChanges(pool: import('pg').Pool, dataDir: string, generated: string, rows: number) {
  // Seeded by the number of imports so far: each change step changes other rows.
  const { rows: runs } = await pool.query('SELECT count(*)::int AS n FROM import_run');
  const random = seededRandom(2024 + runs[0].n);
  const service = new ImportService(pool, ChinaDivisionRegistry.load(), path.join(dataDir, 'errors'));
  const perSource = Math.ceil(rows / SOURCES.length);
  let imported = 0;
  for (const source of SOURCES) {
    const lines = fs.readFileSync(path.join(generated, `${source}.csv`), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = lines[0];
    const width = header.split(',').length;
    const nameAt = 1;
    const picked: string[] = [];
    const seen = new Set<string>();
    for (let guard = 0; picked.length < perSource && guard < perSource * 20; guard++) {
      const line = lines[1 + Math.floor(random() * (lines.length - 1))];
      const cells = line.split(',');
      if (line.includes('"') || cells.length !== width || seen.has(cells[0])) continue;
      seen.add(cells[0]);
      if (random() < 0.2) cells[nameAt] = cells[nameAt] + '子';
      else cells[width - 1] = cells[width - 1] === '' ? 'x' : cells[width - 1] + ' ';
      picked.push(cells.join(','));
    }
    const file = path.join(dataDir, `${source}-changes.csv`);
    fs.writeFileSync(file, [header, ...picked].join('\n') + '\n');
    imported += (await service.importFile(file, { source, period: '2024Q2' })).read;
  }
  return { rows: imported };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
