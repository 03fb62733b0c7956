/**
 * `npm run bench:push`: how soon pushed rows show through the API on their own (issue: pushes
 * reconcile themselves, "within seconds on a 20k-children county"; docs/BENCHMARKS.md). Generates
 * a county (20k children by default), imports and reconciles it into a fresh embedded PostgreSQL,
 * starts the real server with its job workers, then pushes rows of new left-behind children
 * (`importRecords`, as civil affairs) several times. For each push the clock runs from the push's
 * answer until the API (`child`) shows every pushed child with its LEFT_BEHIND flag: the import's
 * end queued a reconciliation job, a worker ran it.
 * Options: --children N (default 20000), --rows R per push (default 20), --pushes P (default 3).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChinaDivisionRegistry } from '../src/areas/china-division-registry';
import { startServer } from '../src/app';
import { Role } from '../src/auth/roles';
import { signDevelopmentToken } from '../src/auth/tokens';
import { DEFAULT_MAX_BODY_BYTES, DEVELOPMENT_JWT_AUDIENCE, DEVELOPMENT_JWT_ISSUER } from '../src/config';
import { openDatabase } from '../src/db/database';
import { IdentityStore } from '../src/modules/identity/identity.store';
import { ReconcileService } from '../src/modules/identity/reconcile.service';
import { ImportService } from '../src/modules/ingest/import.service';
import { leftBehindRow } from '../test/support/push-rows';
import { option } from './support/options';

const root = path.resolve(__dirname, '..');
const children = Number(option('--children', '20000'));
const rowsPerPush = Number(option('--rows', '20'));
const pushes = Number(option('--pushes', '3'));
const SECRET = 'a-bench-secret-of-at-least-32-characters!';
const log = (message: string) => process.stderr.write(`${message}\n`);

const PUSH = `mutation Push($rows: [JSONObject!]!) { importRecords(source: CIVIL_AFFAIRS, period: "2024Q1", rows: $rows) { new rejected } }`;

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-push-'));
  // As root, the embedded PostgreSQL runs as another user, who must reach its folder inside.
  fs.chmodSync(work, 0o755);
  const dataDir = path.join(work, 'data');
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  const county = path.join(work, 'county');
  execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), 'generate', '--children', String(children), '--seed', 'bench-push', '--out', county], { stdio: ['ignore', 'ignore', 'inherit'] });
  const imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), path.join(dataDir, 'errors'));
  for (const source of ['civil-affairs', 'education', 'police'] as const) await imports.importFile(path.join(county, `${source}.csv`), { source, period: '2024Q1' });
  await new ReconcileService(new IdentityStore(db.pool)).reconcile();
  // The imports above queued their own reconciliation: it has nothing left to do.
  const config = {
    dataDir, port: 0, host: '127.0.0.1', production: false, jwtSecret: SECRET, jwksUrl: null,
    jwtIssuer: DEVELOPMENT_JWT_ISSUER, jwtAudience: DEVELOPMENT_JWT_AUDIENCE, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, webhookHosts: [],
  };
  const server = await startServer(config, db, { log: () => undefined });
  const endpoint = `${server.url.replace(/\/$/, '')}/graphql`;
  const token = await signDevelopmentToken(SECRET, { sub: 'bench', role: Role.CIVIL_AFFAIRS, area: '500109' });
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  };
  const { rows: villages } = await db.pool.query<{ area: string }>(`SELECT area_code AS area FROM child WHERE length(area_code) = 12 GROUP BY 1 ORDER BY count(*) DESC LIMIT 5`);
  try {
    const seconds: number[] = [];
    for (let p = 0; p < pushes; p += 1) {
      const rows = Array.from({ length: rowsPerPush }, (_, i) => leftBehindRow(p * rowsPerPush + i, villages[(p + i) % villages.length].area));
      const answer = await graphql(PUSH, { rows });
      if (answer.errors || answer.data!.importRecords.new !== rowsPerPush) throw new Error(`push refused: ${JSON.stringify(answer)}`);
      const pushedAt = performance.now();
      const keys = rows.map((r) => r.记录编号);
      for (;;) {
        // Which children the pushed records belong to (once linked), then what the API shows of them.
        const { rows: linked } = await db.pool.query<{ child: string }>(
          `SELECT cr.child_id AS child FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id WHERE r.source = 'civil-affairs' AND r.record_key = ANY($1::text[])`,
          [keys],
        );
        if (linked.length === keys.length) {
          const shown = await Promise.all(linked.map(async ({ child }) => (await graphql(`query C($id: ID!) { child(id: $id) { flags { flag } } }`, { id: child })).data?.child));
          if (shown.every((c) => c?.flags.some((f: { flag: string }) => f.flag === 'LEFT_BEHIND'))) break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      seconds.push((performance.now() - pushedAt) / 1000);
      log(`push ${p + 1}: ${rowsPerPush} new children shown with their flags ${seconds.at(-1)!.toFixed(2)} s after the push's answer`);
    }
    console.log(`| children | rows per push | push → shown through the API, each push (s) |`);
    console.log(`|---:|---:|---|`);
    console.log(`| ${children.toLocaleString('en')} | ${rowsPerPush} | ${seconds.map((s) => s.toFixed(2)).join(', ')} |`);
  } finally {
    await server.stop();
    await db.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
