/**
 * `node -r @swc-node/register bench/deadlines.ts`: what one look of the deadline job costs
 * (jobs/deadlines.ts: cases gone overdue, visits fallen due), on a generated county (20k children
 * by default) imported and reconciled in full, cases and all. With the clock 100 days on (every
 * rule-opened case past its date, every child looked after owed a visit): the first look, which
 * tells them all, then looks that find nothing new (what the job does every minute), timed.
 * Options: --children N (20000), --looks L (5), --data-dir DIR (kept and reused).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database';
import { lookAtDeadlines } from '../src/jobs/deadlines';
import { option } from './support/options';

const root = path.resolve(__dirname, '..');
const children = Number(option('--children', '20000'));
const looks = Number(option('--looks', '5'));
const reuse = option('--data-dir', '');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-deadlines-'));
fs.chmodSync(work, 0o755);
const dataDir = reuse ? path.resolve(reuse) : path.join(work, 'data');
const step = (stepArgs: string[]) =>
  execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(root, 'bench/reconcile-run.ts'), ...stepArgs], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(dataDir, 'pg'))) {
    const generated = path.join(work, 'county');
    execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), 'generate', '--children', String(children), '--seed', 'bench', '--out', generated], { stdio: ['ignore', 'ignore', 'inherit'] });
    step(['import', dataDir, generated]);
    step(['reconcile', dataDir, '--full']);
  }
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  try {
    const clock = () => new Date(Date.now() + 100 * 24 * 3600 * 1000);
    const { rows } = await db.pool.query(`SELECT (SELECT count(*) FROM child)::int AS children, (SELECT count(*) FROM "case")::int AS cases`);
    const timed = async () => {
      const started = process.hrtime.bigint();
      const told = await lookAtDeadlines(db.pool, clock);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, ...told };
    };
    const first = await timed();
    const later: number[] = [];
    for (let i = 0; i < looks; i++) later.push((await timed()).ms);
    later.sort((a, b) => a - b);
    console.log(JSON.stringify({ ...rows[0], first, steadyMedianMs: later[Math.floor(later.length / 2)], steadyMs: later }));
  } finally {
    await db.close();
    if (!reuse) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
