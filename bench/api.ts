/**
 * `npm run bench:api`: the API's figures of docs/BENCHMARKS.md. Generates a county (200k
 * children by default), imports and reconciles it into a fresh embedded PostgreSQL, serves it
 * with `hub serve` in a process of its own, then drives it with autocannon (10 connections,
 * 20 s each): `child(id)` as a village director, dropouts as education, the dashboard as civil
 * affairs, and `{ __typename }` as the floor of the same server in the same run. Then sends each
 * hostile query and times its rejection.
 * Options: --children N (default 200000), --duration S (default 20), --connections C (default 10),
 * --data-dir DIR (serve a database already there instead of building one; it is kept),
 * --only TEXT (drive only the queries whose name contains TEXT, besides the floor).
 */
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Role } from '../src/auth/roles';
import { signDevelopmentToken } from '../src/auth/tokens';
import { openDatabase } from '../src/db/database';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const children = Number(option('--children', '200000'));
const duration = Number(option('--duration', '20'));
const connections = Number(option('--connections', '10'));
const reuse = option('--data-dir', '');
const only = option('--only', '');
const SECRET = 'bench-secret-of-at-least-thirty-two-characters';
const PORT = 4917;

const work = reuse ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-api-'));
if (work) fs.chmodSync(work, 0o755);
const dataDir = reuse ? path.resolve(reuse) : path.join(work, 'data');
const step = (stepArgs: string[]) =>
  execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(root, 'bench/reconcile-run.ts'), ...stepArgs], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

async function main(): Promise<void> {
  if (!reuse) {
    const generated = path.join(work, 'county');
    execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), 'generate', '--children', String(children), '--seed', 'bench', '--out', generated], { stdio: ['ignore', 'ignore', 'inherit'] });
    step(['import', dataDir, generated]);
    step(['reconcile', dataDir, '--full']);
  }

  // A village with children, one of them, for the director's token.
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  const { rows } = await db.pool.query(`SELECT id, area_code AS area FROM child WHERE length(area_code) = 12 ORDER BY id LIMIT 1`);
  await db.close();
  const sample = rows[0] as { id: string; area: string };

  const server = spawn(process.execPath, [path.join(root, 'bin/hub.js'), 'serve', '--port', String(PORT)], {
    env: { ...process.env, HUB_DATA_DIR: dataDir, HUB_JWT_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('serving') && resolve());
    server.on('exit', (code) => reject(new Error(`hub serve exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${PORT}/graphql`;
  try {
    const token = (role: Role, area: string) => signDevelopmentToken(SECRET, { sub: `bench-${role.toLowerCase()}`, role, area }, '2h');
    const cases: { name: string; role: Role; area: string; query: string; variables?: Record<string, unknown> }[] = [
      { name: '`{ __typename }` (floor)', role: Role.CIVIL_AFFAIRS, area: sample.area.slice(0, 6), query: '{ __typename }' },
      { name: '`child(id)`, village director', role: Role.VILLAGE_DIRECTOR, area: sample.area, query: 'query C($id: ID!) { child(id: $id) { id name sex birthDate idNumber verification flags { flag rule evidence } sourceRecords { source recordKey } guardianship { guardianName guardianPhone } } }', variables: { id: sample.id } },
      { name: '`children(filter: {flags: [DROPOUT]}, first: 50)`, education', role: Role.EDUCATION, area: sample.area.slice(0, 6), query: '{ children(filter: { flags: [DROPOUT] }, first: 50) { totalCount edges { node { id name birthDate idNumber flags { flag evidence } schooling { schoolName enrolmentStatus } } } } }' },
      { name: '`dashboard`, civil affairs', role: Role.CIVIL_AFFAIRS, area: sample.area.slice(0, 6), query: '{ dashboard { children byFlag { key count } byCategory { key count } byVerification { key count } areas { areaCode children flags { key count } } dataQuality { source records invalidIdNumbers missingIdNumbers unmatched } reviewBacklog } }' },
    ];
    // Hostile queries first: a backlog of slow dashboard queries would otherwise time them.
    const hostile: [string, string][] = [
      ['depth 100', `{ ${'children { edges { node { '.repeat(34)}id${' } } }'.repeat(34)} }`],
      ['10,000 aliases', `{ ${Array.from({ length: 10000 }, (_, i) => `a${i}: __typename`).join(' ')} }`],
      ['a 1 MB query', `{ __typename ${'a: __typename '.repeat(75000)}}`],
      ['1,000 directives', `{ __typename ${'@include(if: true) '.repeat(1000)}}`],
      ['nested-connection cost bomb', `{ ${Array.from({ length: 8 }, (_, i) => `c${i}: children(first: 100) { edges { node { sourceRecords { source recordKey period } family { fatherName motherName } guardianship { guardianName } welfare { assistance } schooling { schoolName } } } }`).join(' ')} }`],
    ];
    const civil = `Bearer ${await token(Role.CIVIL_AFFAIRS, sample.area.slice(0, 6))}`;
    const rejections: { name: string; status: number; ms: number; bytes: number }[] = [];
    for (const [name, query] of hostile) {
      const body = JSON.stringify({ query });
      let best = Infinity;
      let status = 0;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: civil }, body });
        await response.text();
        best = Math.min(best, performance.now() - started);
        status = response.status;
      }
      rejections.push({ name, status, ms: best, bytes: body.length });
    }

    const results: { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }[] = [];
    for (const c of cases.filter((c, i) => i === 0 || c.name.includes(only))) {
      const body = JSON.stringify({ query: c.query, variables: c.variables });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(c.role, c.area)}` };
      const check = await fetch(url, { method: 'POST', headers, body });
      const checked = (await check.json()) as { errors?: unknown[] };
      if (check.status !== 200 || checked.errors) throw new Error(`${c.name} does not answer cleanly: ${JSON.stringify(checked).slice(0, 300)}`);
      const r = await autocannon({ url, method: 'POST', headers, body, connections, duration });
      results.push({ name: c.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx });
      console.error(`${c.name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    }

    const floor = results[0].rps;
    console.log(`| query (${connections} connections, ${duration} s) | req/s | p50 ms | p99 ms | ÷ floor | errors / non-2xx |`);
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(`| ${r.name} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${(r.rps / floor).toFixed(2)} | ${r.errors} / ${r.non2xx} |`);
    }
    console.log('\n| hostile query | request bytes | HTTP status | rejected in ms (best of 5) |');
    console.log('|---|---:|---:|---:|');
    for (const r of rejections) console.log(`| ${r.name} | ${r.bytes.toLocaleString('en-US')} | ${r.status} | ${r.ms.toFixed(1)} |`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('exit', resolve));
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
