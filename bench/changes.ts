/**
 * `npm run bench:changes`: the figures of "what changed since last quarter" (docs/BENCHMARKS.md).
 * Generates a county (200k children by default) for 2024Q1 and its 2024Q2 (`hub generate --from`),
 * imports and reconciles both into a fresh embedded PostgreSQL (Q1 full, Q2 incremental), then:
 *   - what keeping the period states adds to a run: the whole-period write (a county's new
 *     period, every child) and an incremental write (the children of a 10k-row change), each
 *     timed alone inside a transaction that is rolled back;
 *   - `changes` between the two quarters for the county as civil affairs, and for one town as
 *     its supervisor (first page of 100, totals per kind), several times each.
 * Options: --children N (default 200000), --repeat R (default 5), --data-dir DIR (build the
 * database there and keep it; when DIR already holds one, reuse it: nothing is generated or imported).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChinaDivisionRegistry } from '../src/areas/china-division-registry';
import { Role } from '../src/auth/roles';
import { openDatabase } from '../src/db/database';
import { generateNextQuarter } from '../src/generate/next-quarter';
import { ChangesService } from '../src/modules/changes/changes.service';
import { recordPeriodStates } from '../src/modules/changes/period-states';
import { IdentityStore } from '../src/modules/identity/identity.store';
import { ReconcileService } from '../src/modules/identity/reconcile.service';
import { ImportService } from '../src/modules/ingest/import.service';
import { option } from './support/options';

const root = path.resolve(__dirname, '..');
const children = Number(option('--children', '200000'));
const repeat = Number(option('--repeat', '5'));
const keep = option('--data-dir', '');
const reuse = keep !== '' && fs.existsSync(path.join(keep, 'pg'));
const SOURCES = ['civil-affairs', 'education', 'police'] as const;

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);
const log = (message: string) => process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-changes-'));
  // As root, the embedded PostgreSQL runs as another user, who must reach its folder inside.
  fs.chmodSync(work, 0o755);
  const dataDir = keep !== '' ? path.resolve(keep) : path.join(work, 'data');
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  try {
    const rows: string[] = [];
    if (!reuse) {
      const q1 = path.join(work, 'q1');
      const q2 = path.join(work, 'q2');
      execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), 'generate', '--children', String(children), '--seed', 'bench', '--out', q1], { stdio: ['ignore', 'ignore', 'inherit'] });
      await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'bench' }, q2);
      const imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), path.join(dataDir, 'errors'));
      const reconcile = new ReconcileService(new IdentityStore(db.pool), undefined, log);
      for (const [period, dir, full] of [['2024Q1', q1, true], ['2024Q2', q2, false]] as const) {
        let started = performance.now();
        for (const source of SOURCES) await imports.importFile(path.join(dir, `${source}.csv`), { source, period });
        rows.push(`| import ${period} | ${seconds(started)} |`);
        started = performance.now();
        await reconcile.reconcile({ full });
        rows.push(`| ${full ? 'full' : 'incremental'} run ${period} (period states included) | ${seconds(started)} |`);
      }
    }
    if (reuse && (await new IdentityStore(db.pool).anyRecordChanged())) {
      // A database left with records imported after its last run (an interrupted bench): reconcile them.
      const started = performance.now();
      await new ReconcileService(new IdentityStore(db.pool), undefined, log).reconcile();
      rows.push(`| incremental run (period states included) | ${seconds(started)} |`);
    }
    const { rows: counted } = await db.pool.query(`SELECT count(*)::int AS n FROM child`);
    console.log(`\n### Changes between two quarters, ${counted[0].n.toLocaleString('en')} children\n`);
    console.log('| step | seconds |\n|---|---:|');
    for (const row of rows) console.log(row);

    // The period states alone, in transactions rolled back: the whole period, then a 10k-row change's children.
    const client = await db.pool.connect();
    try {
      const { rows: latest } = await client.query(`SELECT county_code, period FROM period_snapshot ORDER BY period DESC, county_code LIMIT 1`);
      for (const [label, sample] of [['whole period (a county\'s new quarter)', null], ['incremental (children of a 10k-row change)', 15_000]] as const) {
        await client.query('BEGIN');
        await client.query(`CREATE TEMP TABLE written (id varchar(20)) ON COMMIT DROP`);
        if (sample === null) {
          await client.query(`DELETE FROM child_period_state WHERE county_code = $1 AND period = $2`, [latest[0].county_code, latest[0].period]);
          await client.query(`DELETE FROM period_snapshot WHERE county_code = $1 AND period = $2`, [latest[0].county_code, latest[0].period]);
        } else {
          await client.query(`INSERT INTO written SELECT id FROM child ORDER BY md5(id) LIMIT $1`, [sample]);
        }
        const started = performance.now();
        await recordPeriodStates(client, { runId: 2_000_000_000, writtenTable: 'written', removed: [] });
        console.log(`| period states, ${label} | ${seconds(started)} |`);
        await client.query('ROLLBACK');
      }
    } finally {
      client.release();
    }

    const service = new ChangesService(db.pool);
    const { rows: towns } = await db.pool.query(`SELECT left(area_code, 9) AS town FROM child WHERE length(area_code) >= 9 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const { rows: county } = await db.pool.query(`SELECT county_code FROM period_snapshot WHERE period = '2024Q2' ORDER BY county_code LIMIT 1`);
    for (const [label, viewer] of [
      ['civil affairs, the county', { sub: 'bench', role: Role.CIVIL_AFFAIRS, area: county[0].county_code }],
      ['town supervisor, the largest town', { sub: 'bench', role: Role.TOWN_SUPERVISOR, area: towns[0].town }],
    ] as const) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < repeat; i++) {
        const started = performance.now();
        const page = await service.changes(viewer, { from: '2024Q1', to: '2024Q2', first: 100 });
        times.push((performance.now() - started) / 1000);
        total = page.totalCount;
      }
      times.sort((a, b) => a - b);
      console.log(`| \`changes\` 2024Q1 → 2024Q2, ${label} (${total.toLocaleString('en')} changes; first page of 100): median of ${repeat} / max | ${times[Math.floor(times.length / 2)].toFixed(2)} / ${times[times.length - 1].toFixed(2)} |`);
    }
  } finally {
    await db.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
