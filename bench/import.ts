/**
 * `npm run bench:import`: generates counties of 20k and 200k children (~37k and ~370k rows),
 * imports each into a fresh embedded PostgreSQL in a process of its own, and prints rows/second,
 * peak memory and the rate of a plain COPY of the same rows on the same database.
 * Options: --children N (default "20000,200000"), --seed S, --phases (also time the import's two
 * halves apart, bench/import-phases.ts, and print the ceiling they set).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { option, args } from './support/options';

const root = path.resolve(__dirname, '..');
const sizes = option('--children', '20000,200000').split(',').map(Number);
const seed = option('--seed', 'bench');
const phases = args.includes('--phases');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
fs.chmodSync(work, 0o755);
const results: { children: number; result: Record<string, number> }[] = [];
const phaseResults: { children: number; phases: Record<string, number> }[] = [];
try {
  for (const children of sizes) {
    const generated = path.join(work, `county-${children}`);
    execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), 'generate', '--children', String(children), '--seed', seed, '--out', generated], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const output = execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(root, 'bench/import-run.ts'), generated, path.join(work, `data-${children}`)], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const result = JSON.parse(output.trim().split('\n').pop()!);
    results.push({ children, result });
    console.error(`${children} children: ${JSON.stringify(result)}`);
    if (phases) {
      // Every prepared batch is held in memory before the write phase: room for a million rows.
      const phaseOutput = execFileSync(
        process.execPath,
        ['--max-old-space-size=8192', '-r', '@swc-node/register', path.join(root, 'bench/import-phases.ts'), generated, path.join(work, `phases-${children}`)],
        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      phaseResults.push({ children, phases: JSON.parse(phaseOutput.trim().split('\n').pop()!) });
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const r = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`| children | rows read | rejected | import s | rows/s | peak RSS MB | COPY rows/s (same rows) | import ÷ COPY |`);
console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|`);
for (const { children, result } of results) {
  console.log(
    `| ${r(children)} | ${r(result.rows)} | ${r(result.rejected)} | ${result.importSeconds.toFixed(1)} | ${r(result.rowsPerSecond)} | ${r(result.peakRssMb)} | ${r(result.copyRowsPerSecond)} | ${(result.rowsPerSecond / result.copyRowsPerSecond).toFixed(2)} |`,
  );
}

if (phases) {
  // The two halves overlap at best: the import can be no faster than either of them alone, nor
  // than their CPU seconds spread over every core.
  const cores = os.availableParallelism();
  console.log('');
  console.log(`| children | rows | prepare s (one thread, no database) | prepare CPU s | write s (batches prepared beforehand) | write CPU s (Node + PostgreSQL) | ceiling rows/s on ${cores} cores |`);
  console.log(`|---:|---:|---:|---:|---:|---:|---:|`);
  for (const { children, phases: p } of phaseResults) {
    const writeCpu = p.writeNodeCpu + p.writePostgresCpu;
    const floorSeconds = Math.max(p.prepareSeconds, p.writeSeconds, (p.prepareCpu + writeCpu) / cores);
    console.log(
      `| ${r(children)} | ${r(p.rows)} | ${p.prepareSeconds.toFixed(1)} | ${p.prepareCpu.toFixed(1)} | ${p.writeSeconds.toFixed(1)} | ${writeCpu.toFixed(1)} (${p.writeNodeCpu.toFixed(1)} + ${p.writePostgresCpu.toFixed(1)}) | ${r(p.rows / floorSeconds)} |`,
    );
  }
}
