/**
 * `npm run bench:match`: the reconciliation figures of docs/BENCHMARKS.md.
 *  1. quality: pairwise precision / recall / F1 against the generator's truth, 20k children at
 *     low / realistic / hard noise (the engine on the normalised exports, no database);
 *  2. Febrl 4: `hub link` with reconciliation/settings/febrl4.json, F1 against the rec_id numbers;
 *  3. scale: `hub reconcile --full` on a county of ~370k rows (200k children) and of ~1M rows,
 *     then an incremental run after 10k changed rows — each step in its own process, with its
 *     time and peak memory.
 * Options: --only quality,febrl,scale   --scale 200000,545000 (children)   --seed S
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ListsQuality } from './match-lists';
import { option } from './support/options';

const root = path.resolve(__dirname, '..');
const only = new Set(option('--only', 'quality,febrl,scale').split(','));
const scaleSizes = option('--scale', '200000,545000').split(',').map(Number);
const seed = option('--seed', 'bench');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-match-'));
fs.chmodSync(work, 0o755);

// Node's default heap limit, as `hub` runs: peak memory is then what a user's process would use.
const node = (script: string, scriptArgs: string[]): string =>
  execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(root, script), ...scriptArgs], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
const hub = (hubArgs: string[]): string =>
  execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), ...hubArgs], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const lastJson = (text: string) => JSON.parse(text.trim().split('\n').pop()!);
const generate = (children: number, noise: string): string => {
  const dir = path.join(work, `county-${children}-${noise}`);
  hub(['generate', '--children', String(children), '--seed', seed, '--noise', noise, '--out', dir]);
  return dir;
};
const f = (x: number, digits = 4) => x.toFixed(digits);
const n = (x: number) => Math.round(x).toLocaleString('en-US');

try {
  if (only.has('quality')) {
    console.log('\n### Quality: 20,000 children (engine on the normalised exports)\n');
    console.log('| noise | records | precision | recall | F1 | false merges (clusters) | missed (people split) | review items | review ÷ children | same valid ID and birth date in review | candidate pairs |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const coverage: Record<string, { rules: { rule: string; candidatePairs: number; trueShare: number }[]; recallCeiling: number }> = {};
    const lists: Record<string, ListsQuality> = {};
    for (const noise of ['low', 'realistic', 'hard']) {
      const q = lastJson(node('bench/match-quality.ts', [generate(20000, noise)]));
      coverage[noise] = q.blocking;
      lists[noise] = q.lists;
      console.log(`| ${noise} | ${n(q.records)} | ${f(q.precision)} | ${f(q.recall)} | ${f(q.f1)} | ${q.falseMergeClusters} | ${q.splitPeople} | ${q.reviews} | ${(100 * q.reviewShare).toFixed(2)}% | ${q.sameIdReviews} | ${n(q.candidatePairs)} |`);
    }

    console.log('\n### The lists departments act on, 20,000 children, against the truth (every child on a list counts: a split child or a phantom listed twice is wrong once)\n');
    console.log('| noise | UNREGISTERED listed | precision | recall | (before: every child without a police record: listed, precision) | DROPOUT listed (confirmed + to verify) | precision | recall | no police record found |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [noise, l] of Object.entries(lists)) {
      const u = l.unregistered;
      const d = l.dropout;
      const old = l.withoutPoliceRecord;
      console.log(
        `| ${noise} | ${u.listed} (truth ${u.truth}) | ${f(u.precision)} | ${f(u.recall)} | ${old.listed}, ${f(old.precision)} | ${d.listed} (${d.confirmed} + ${d.toVerify}; truth ${d.truth}) | ${f(d.precision)} | ${f(d.recall)} | ${l.noPoliceRecordFound} |`,
      );
    }

    console.log('\n### Blocking rules, 20,000 children: candidate pairs each adds, and the share of true pairs whose records agree on its key\n');
    console.log('| rule | pairs (realistic) | true pairs found: low | realistic | hard |');
    console.log('|---|---:|---:|---:|---:|');
    coverage.realistic.rules.forEach((rule, i) => {
      const share = (noise: string) => `${(100 * coverage[noise].rules[i].trueShare).toFixed(1)}%`;
      console.log(`| ${rule.rule} | ${n(rule.candidatePairs)} | ${share('low')} | ${share('realistic')} | ${share('hard')} |`);
    });
    const ceiling = (noise: string) => `${(100 * coverage[noise].recallCeiling).toFixed(2)}%`;
    console.log(`| any rule (blocking's ceiling on recall) | | ${ceiling('low')} | ${ceiling('realistic')} | ${ceiling('hard')} |`);
  }

  // Febrl 4 is not ours to ship: FEBRL4_DIR names the folder holding its dataset4a.csv and dataset4b.csv.
  const febrl = process.env.FEBRL4_DIR ? path.resolve(process.env.FEBRL4_DIR) : null;
  if (only.has('febrl') && febrl === null) console.log('\nFebrl 4: skipped (set FEBRL4_DIR to the folder holding dataset4a.csv and dataset4b.csv)');
  if (only.has('febrl') && febrl !== null) {
    const out = path.join(work, 'febrl4-pairs.csv');
    const started = performance.now();
    hub(['link', '--settings', 'reconciliation/settings/febrl4.json', '--left', path.join(febrl, 'dataset4a.csv'), '--right', path.join(febrl, 'dataset4b.csv'), '--out', out]);
    const seconds = (performance.now() - started) / 1000;
    const pairs = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const number = (id: string) => id.split('-')[1];
    const correct = pairs.filter(([l, r]) => number(l) === number(r)).length;
    const precision = correct / pairs.length;
    const recall = correct / 5000;
    console.log('\n### Febrl 4 (`hub link`, unsupervised)\n');
    console.log('| links | correct | precision | recall | F1 | seconds (whole command) |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    console.log(`| ${pairs.length} | ${correct} | ${f(precision)} | ${f(recall)} | ${f((2 * precision * recall) / (precision + recall))} | ${seconds.toFixed(1)} |`);
  }

  if (only.has('scale')) {
    console.log('\n### Scale: `hub reconcile` on the embedded PostgreSQL, each step in its own process\n');
    console.log('| children | source rows | step | seconds | peak RSS MB | candidate pairs | children touched | re-clustered |');
    console.log('|---:|---:|---|---:|---:|---:|---:|---:|');
    for (const children of scaleSizes) {
      const generated = generate(children, 'realistic');
      const dataDir = path.join(work, `db-${children}`);
      const step = (stepArgs: string[]) => lastJson(node('bench/reconcile-run.ts', stepArgs));
      const imported = step(['import', dataDir, generated]);
      const rows = imported.result.rows;
      for (const [label, stepArgs] of [
        ['full run', ['reconcile', dataDir, '--full']],
        ['import 10k changed rows', ['change', dataDir, generated, '10000']],
        ['incremental run', ['reconcile', dataDir]],
      ] as const) {
        const r = step([...stepArgs]);
        const s = r.result;
        console.log(`| ${n(children)} | ${n(rows)} | ${label} | ${r.seconds.toFixed(1)} | ${n(r.peakRssMb)} | ${s.candidatePairs !== undefined ? n(s.candidatePairs) : ''} | ${s.children !== undefined ? n(s.children) : ''} | ${s.reclustered !== undefined ? n(s.reclustered) : ''} |`);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
