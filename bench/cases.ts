/**
 * `npm run bench:cases`: the cases' figures of docs/BENCHMARKS.md.
 *  1. What following cases costs reconciliation: a generated county (200k children by default)
 *     imported for 2024Q1 and reconciled in full without cases, then in full with them (every
 *     case opens); then, alternately, 10k changed rows imported for the next quarter and an
 *     incremental run without cases, and the same with cases (`--rounds` times each). Each step in
 *     its own process (bench/reconcile-run.ts), timed.
 *  2. The cases step alone, as an incremental run meets it: in a transaction that is rolled back,
 *     the children an incremental run writes (11k, at random) staged as the run stages them, and
 *     `followReconciliation` timed (3 times): the noise of a shared machine hides it in part 1.
 *  3. `cases(filter: {overdue: true})` for the county as civil affairs (and education's own
 *     overdue cases, and the dashboard with its new counts), driven by autocannon against
 *     `hub serve` (10 connections, 20 s each). The cases' deadlines are first moved 100 days
 *     back (what the clock would do), so that the rule-opened cases are overdue.
 * Options: --children N (200000), --rounds R (2), --duration S (20), --connections C (10),
 *          --parts reconcile,step,api (default: all three),
 *          --data-dir DIR (kept: a database built there by an earlier run is reused and part 1
 *          skipped; an empty DIR gets the county built, cases and all, without the comparison).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Role } from '../src/auth/roles';
import { signDevelopmentToken } from '../src/auth/tokens';
import { openDatabase } from '../src/db/database';
import { followReconciliation } from '../src/modules/cases/case-flags';
import { BENCH_JWT_SECRET, serveHub } from './support/hub-process';
import { option } from './support/options';

const root = path.resolve(__dirname, '..');
const children = Number(option('--children', '200000'));
const rounds = Number(option('--rounds', '2'));
const duration = Number(option('--duration', '20'));
const connections = Number(option('--connections', '10'));
const reuse = option('--data-dir', '');
const parts = new Set(option('--parts', 'reconcile,step,api').split(','));

const built = reuse !== '' && fs.existsSync(path.join(reuse, 'pg'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-cases-'));
fs.chmodSync(work, 0o755);
const dataDir = reuse ? path.resolve(reuse) : path.join(work, 'data');
const lastJson = (text: string) => JSON.parse(text.trim().split('\n').pop()!);
const step = (stepArgs: string[]): { seconds: number; result: Record<string, number> } =>
  lastJson(
    execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(root, 'bench/reconcile-run.ts'), ...stepArgs], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26,
    }),
  );
const s1 = (x: number) => x.toFixed(1);
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[Math.floor(mid)];
};

/** The county imported and reconciled in full, cases and all, without the comparison runs. */
async function build(): Promise<void> {
  const generated = path.join(work, 'county');
  execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), 'generate', '--children', String(children), '--seed', 'bench', '--out', generated], { stdio: ['ignore', 'ignore', 'inherit'] });
  step(['import', dataDir, generated]);
  step(['reconcile', dataDir, '--full']);
}

async function reconciliation(): Promise<void> {
  const generated = path.join(work, 'county');
  execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), 'generate', '--children', String(children), '--seed', 'bench', '--out', generated], { stdio: ['ignore', 'ignore', 'inherit'] });
  const imported = step(['import', dataDir, generated]);
  const fullWithout = step(['reconcile', dataDir, '--full', '--no-cases']);
  const fullWith = step(['reconcile', dataDir, '--full']);
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  const opened = (await db.pool.query(`SELECT kind, count(*)::int AS n FROM "case" GROUP BY kind ORDER BY kind`)).rows;
  await db.close();
  const without: number[] = [];
  const withCases: number[] = [];
  const lines: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const cases of [false, true]) {
      const change = step(['change', dataDir, generated, '10000']);
      const run = step(['reconcile', dataDir, ...(cases ? [] : ['--no-cases'])]);
      const total = change.seconds + run.seconds;
      (cases ? withCases : without).push(total);
      lines.push(`| ${round} | ${cases ? 'with cases' : 'without'} | ${s1(change.seconds)} | ${s1(run.seconds)} | ${s1(total)} |`);
    }
  }
  console.log(`\n### Cases in reconciliation: ${children.toLocaleString('en-US')} children, ${imported.result.rows.toLocaleString('en-US')} rows\n`);
  console.log(`full run without cases ${s1(fullWithout.seconds)} s; with cases (every case opens) ${s1(fullWith.seconds)} s (${(fullWith.seconds / fullWithout.seconds).toFixed(2)}×)`);
  console.log(`cases opened: ${opened.map((o) => `${o.kind} ${o.n.toLocaleString('en-US')}`).join(', ')}\n`);
  console.log('| round | run | import 10k changed rows s | incremental run s | together s |');
  console.log('|---:|---|---:|---:|---:|');
  for (const line of lines) console.log(line);
  console.log(`\nimport + incremental run, median: without cases ${s1(median(without))} s, with cases ${s1(median(withCases))} s: ${(median(withCases) / median(without)).toFixed(2)}×`);
}

async function caseStep(): Promise<void> {
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  try {
    const client = await db.pool.connect();
    const times: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        await client.query('BEGIN');
        await client.query(`CREATE TEMP TABLE incoming_child ON COMMIT DROP AS SELECT id, county_code, area_code FROM child ORDER BY random() LIMIT 11000`);
        const started = performance.now();
        await followReconciliation(client, []);
        times.push((performance.now() - started) / 1000);
        await client.query('ROLLBACK');
      }
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM "case" WHERE flag_held`);
    console.log(`\ncases step of an incremental run (11k children written, ${rows[0].n.toLocaleString('en-US')} flags held by cases): ${times.map(s1).join(', ')} s`);
  } finally {
    await db.close();
  }
}

async function api(): Promise<void> {
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  // What 100 days of the clock would do: the rule-opened cases (30 and 90 days, 24 h) are overdue.
  await db.pool.query(`UPDATE "case" SET due = due - interval '100 days', opened_at = opened_at - interval '100 days' WHERE opened_by = 'RULE'`);
  await db.pool.query('ANALYZE "case"');
  const { rows } = await db.pool.query(`SELECT county_code AS county, count(*)::int AS n FROM "case" WHERE status IN ('OPEN', 'IN_PROGRESS') AND due < now() GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  await db.close();
  const county = rows[0].county as string;
  console.log(`\n### Cases API: county ${county}, ${rows[0].n.toLocaleString('en-US')} overdue cases (${connections} connections, ${duration} s each)\n`);
  const server = await serveHub(dataDir);
  const url = server.graphql;
  try {
    const token = (role: Role) => signDevelopmentToken(BENCH_JWT_SECRET, { sub: `bench-${role.toLowerCase()}`, role, area: county }, '2h');
    const queries = [
      { name: '`{ __typename }` (floor)', role: Role.CIVIL_AFFAIRS, query: '{ __typename }' },
      { name: '`cases(filter: {overdue: true}, first: 20)`, civil affairs', role: Role.CIVIL_AFFAIRS, query: '{ cases(filter: { overdue: true }, first: 20) { totalCount edges { node { id kind status childId areaCode due overdue events { action at note } } } } }' },
      { name: '`cases(filter: {overdue: true, kind: DROPOUT_FOLLOW_UP}, first: 50)`, education', role: Role.EDUCATION, query: '{ cases(filter: { overdue: true, kind: DROPOUT_FOLLOW_UP }, first: 50) { totalCount edges { node { id childId areaCode due events { action at } } } } }' },
      { name: '`dashboard` with visits due and overdue cases, civil affairs', role: Role.CIVIL_AFFAIRS, query: '{ dashboard { children byFlag { key count } areas { areaCode children } reviewBacklog visitsDue overdueCases { kind areaCode count } } }' },
    ];
    console.log('| query | req/s | p50 ms | p99 ms | errors / non-2xx |');
    console.log('|---|---:|---:|---:|---:|');
    for (const q of queries) {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(q.role)}` };
      const body = JSON.stringify({ query: q.query });
      const check = await fetch(url, { method: 'POST', headers, body });
      const checked = (await check.json()) as { errors?: unknown[] };
      if (check.status !== 200 || checked.errors) throw new Error(`${q.name} does not answer cleanly: ${JSON.stringify(checked).slice(0, 300)}`);
      const r = await autocannon({ url, method: 'POST', headers, body, connections, duration });
      console.log(`| ${q.name} | ${Math.round(r.requests.average).toLocaleString('en-US')} | ${r.latency.p50} | ${r.latency.p99} | ${r.errors} / ${r.non2xx} |`);
    }
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  try {
    if (!reuse && parts.has('reconcile')) await reconciliation();
    else if (!built) await build();
    if (parts.has('step')) await caseStep();
    if (parts.has('api')) await api();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
