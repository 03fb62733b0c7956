/**
 * `npm run bench:api`: the API's figures of docs/BENCHMARKS.md. Generates a county (200k
 * children by default), imports and reconciles it into a fresh embedded PostgreSQL, serves it
 * with `hub serve` in a process of its own, then drives it with autocannon (10 connections,
 * 20 s each): `child(id)` as a village director, dropouts as education, the dashboard as civil
 * affairs, and `{ __typename }` as the floor of the same server in the same run. Then sends each
 * hostile query and times its rejection. Last, starts the server afresh several times and times
 * the first request after each start (a hostile query, a different one each time), then the
 * others: what is lazy in the server is paid by the first request after a start.
 * Options: --children N (default 200000), --duration S (default 20), --connections C (default 10),
 * --data-dir DIR (serve a database already there instead of building one; it is kept),
 * --only TEXT (drive only the queries whose name contains TEXT, besides the floor),
 * --starts N (fresh starts timed, default: one per hostile query; 0 for none),
 * --hostile-only (no load runs: only the hostile queries and the fresh starts).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Role } from '../src/auth/roles';
import { signDevelopmentToken } from '../src/auth/tokens';
import { openDatabase } from '../src/db/database';
import { BENCH_JWT_SECRET, serveHub } from './support/hub-process';
import { option, args } from './support/options';

const root = path.resolve(__dirname, '..');
const children = Number(option('--children', '200000'));
const duration = Number(option('--duration', '20'));
const connections = Number(option('--connections', '10'));
const reuse = option('--data-dir', '');
const only = option('--only', '');
const hostileOnly = args.includes('--hostile-only');

/** Hostile requests, each refused before anything is read (HTTP 400). */
const HOSTILE: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'introspection 60 levels deep', query: `{ __schema { types { fields { type { ${'ofType { '.repeat(55)}name${' }'.repeat(55)} } } } } }` },
  { name: 'depth 100', query: `{ ${'children { edges { node { '.repeat(34)}id${' } } }'.repeat(34)} }` },
  { name: 'depth 10 through fragments', query: '{ __schema { ...S } } fragment S on __Schema { types { ...T } } fragment T on __Type { fields { type { ...R } } } fragment R on __Type { ofType { ofType { ofType { ofType { ofType { name } } } } } }' },
  { name: 'fragments spread into 10^9 selections', query: `{ ...F0 } ${Array.from({ length: 10 }, (_, i) => (i === 9 ? 'fragment F9 on Query { __typename }' : `fragment F${i} on Query { ${`...F${i + 1} `.repeat(10)}}`)).join(' ')}` },
  { name: '10,000 aliases', query: `{ ${Array.from({ length: 10000 }, (_, i) => `a${i}: __typename`).join(' ')} }` },
  { name: 'a 1 MB query', query: `{ __typename ${'a: __typename '.repeat(75000)}}` },
  { name: '1,000 directives', query: `{ __typename ${'@include(if: true) '.repeat(1000)}}` },
  { name: 'nested-connection cost bomb', query: `{ ${Array.from({ length: 8 }, (_, i) => `c${i}: children(first: 100) { edges { node { sourceRecords { source recordKey period } family { fatherName motherName } guardianship { guardianName } welfare { assistance } schooling { schoolName } } } }`).join(' ')} }` },
  { name: 'pages sized by variables (3 × `first: $n`, n = 100)', query: `query P($n: Int) { ${['a', 'b', 'c'].map((a) => `${a}: children(first: $n) { edges { node { id name flags { flag evidence } sourceRecords { source recordKey } } } }`).join(' ')} }`, variables: { n: 100 } },
  { name: '`_entities`, 101 representations', query: 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id } } }', variables: { r: Array.from({ length: 101 }, (_, i) => ({ __typename: 'Child', id: `C${String(i).padStart(16, '0')}` })) } },
];
const starts = Number(option('--starts', String(HOSTILE.length)));

const work = reuse ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-api-'));
if (work) fs.chmodSync(work, 0o755);
const dataDir = reuse ? path.resolve(reuse) : path.join(work, 'data');
const step = (stepArgs: string[]) =>
  execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(root, 'bench/reconcile-run.ts'), ...stepArgs], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

/**
 * Sends one request on a connection of its own (as a new client would) and times it to the last
 * byte of the answer. Node's http client, not fetch: fetch's first use in a process costs the
 * client milliseconds that are not the server's.
 */
function timed(url: string, authorization: string, body: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * CPU time the server's JavaScript thread has used, and time it waited for a core, in ms
 * (Linux's /proc/PID/schedstat; null elsewhere). On a shared machine a request's wall time
 * includes waiting for a core; its CPU time is the server's own work.
 */
function serverThreadTimes(pid: number): { cpu: number; wait: number } | null {
  try {
    const [cpu, wait] = fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { cpu: cpu / 1e6, wait: wait / 1e6 };
  } catch {
    return null;
  }
}

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

  // One port for every start of the run (the first one free), so that each start is the same server.
  let server = await serveHub(dataDir);
  const port = new URL(server.origin).port;
  const url = server.graphql;
  try {
    const token = (role: Role, area: string) => signDevelopmentToken(BENCH_JWT_SECRET, { sub: `bench-${role.toLowerCase()}`, role, area }, '2h');
    const cases: { name: string; role: Role; area: string; query: string; variables?: Record<string, unknown> }[] = [
      { name: '`{ __typename }` (floor)', role: Role.CIVIL_AFFAIRS, area: sample.area.slice(0, 6), query: '{ __typename }' },
      { name: '`child(id)`, village director', role: Role.VILLAGE_DIRECTOR, area: sample.area, query: 'query C($id: ID!) { child(id: $id) { id name sex birthDate idNumber verification flags { flag rule evidence } sourceRecords { source recordKey } guardianship { guardianName guardianPhone } } }', variables: { id: sample.id } },
      { name: '`children(filter: {flags: [DROPOUT]}, first: 50)`, education', role: Role.EDUCATION, area: sample.area.slice(0, 6), query: '{ children(filter: { flags: [DROPOUT] }, first: 50) { totalCount edges { node { id name birthDate idNumber flags { flag evidence } schooling { schoolName enrolmentStatus } } } } }' },
      { name: '`dashboard`, civil affairs', role: Role.CIVIL_AFFAIRS, area: sample.area.slice(0, 6), query: '{ dashboard { children byFlag { key count } byCategory { key count } byVerification { key count } areas { areaCode children flags { key count } } dataQuality { source records invalidIdNumbers missingIdNumbers unmatched } reviewBacklog } }' },
    ];
    // Hostile queries first: a backlog of slow dashboard queries would otherwise time them.
    const civil = `Bearer ${await token(Role.CIVIL_AFFAIRS, sample.area.slice(0, 6))}`;
    const rejections: { name: string; status: number; ms: number; bytes: number }[] = [];
    for (const { name, query, variables } of HOSTILE) {
      const body = JSON.stringify({ query, variables });
      let best = Infinity;
      let status = 0;
      for (let i = 0; i < 5; i++) {
        const answer = await timed(url, civil, body);
        best = Math.min(best, answer.ms);
        status = answer.status;
      }
      rejections.push({ name, status, ms: best, bytes: body.length });
    }

    const results: { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }[] = [];
    for (const c of cases.filter((c, i) => !hostileOnly && (i === 0 || c.name.includes(only)))) {
      const body = JSON.stringify({ query: c.query, variables: c.variables });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(c.role, c.area)}` };
      const check = await fetch(url, { method: 'POST', headers, body });
      const checked = (await check.json()) as { errors?: unknown[] };
      if (check.status !== 200 || checked.errors) throw new Error(`${c.name} does not answer cleanly: ${JSON.stringify(checked).slice(0, 300)}`);
      const r = await autocannon({ url, method: 'POST', headers, body, connections, duration });
      results.push({ name: c.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx });
      console.error(`${c.name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    }

    // Fresh starts: start i sends hostile query i (mod their number) first, then every other once.
    await server.stop();
    type Timing = { name: string; status: number; ms: number; cpu: number | null; wait: number | null };
    const firsts: Timing[] = [];
    const later = new Map<string, Timing[]>();
    for (let i = 0; i < starts; i++) {
      server = await serveHub(dataDir, { port: Number(port) });
      const order = HOSTILE.map((_, j) => HOSTILE[(i + j) % HOSTILE.length]);
      for (const [j, { name, query, variables }] of order.entries()) {
        const before = serverThreadTimes(server.pid);
        const answer = await timed(url, civil, JSON.stringify({ query, variables }));
        const after = serverThreadTimes(server.pid);
        const timing = { name, ...answer, cpu: before && after && after.cpu - before.cpu, wait: before && after && after.wait - before.wait };
        if (j === 0) firsts.push(timing);
        else later.set(name, [...(later.get(name) ?? []), timing]);
      }
      await server.stop();
    }

    if (results.length > 0) {
      const floor = results[0].rps;
      console.log(`| query (${connections} connections, ${duration} s) | req/s | p50 ms | p99 ms | ÷ floor | errors / non-2xx |`);
      console.log('|---|---:|---:|---:|---:|---:|');
      for (const r of results) {
        console.log(`| ${r.name} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${(r.rps / floor).toFixed(2)} | ${r.errors} / ${r.non2xx} |`);
      }
      console.log('');
    }
    console.log('| hostile query | request bytes | HTTP status | rejected in ms (best of 5) |');
    console.log('|---|---:|---:|---:|');
    for (const r of rejections) console.log(`| ${r.name} | ${r.bytes.toLocaleString('en-US')} | ${r.status} | ${r.ms.toFixed(1)} |`);
    if (firsts.length > 0) {
      const ms = (t: Timing) => `${t.ms.toFixed(1)}${t.cpu === null ? '' : ` (${t.cpu.toFixed(1)} CPU, ${t.wait!.toFixed(1)} waiting)`}`;
      const slowest = (ts: Timing[]) => ts.reduce((a, b) => (b.ms > a.ms ? b : a));
      console.log(`\n${starts} fresh starts of \`hub serve\`; ms to the answer's last byte (of it, the server thread's CPU ms and ms waiting for a core)`);
      console.log('\n| hostile query | HTTP status | first request after a fresh start, ms | later requests in those starts: slowest, ms |');
      console.log('|---|---:|---:|---:|');
      for (const { name } of HOSTILE) {
        const first = firsts.filter((f) => f.name === name);
        const rest = later.get(name) ?? [];
        const status = [...new Set([...first, ...rest].map((t) => t.status))].join(', ');
        console.log(`| ${name} | ${status} | ${first.length === 0 ? '–' : first.map(ms).join('; ')} | ${rest.length === 0 ? '–' : ms(slowest(rest))} |`);
      }
      const all = firsts.map((f) => f.ms);
      console.log(`\nfirst request after a start: ${Math.min(...all).toFixed(1)}–${Math.max(...all).toFixed(1)} ms over ${firsts.length} starts`);
    }
  } finally {
    await server.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
