import path from 'node:path';
import type { Command } from 'commander';
import { startServer } from '../app';
import { loadConfig, type HubConfig } from '../config';
import { openDatabase, type Database } from '../db/database';
import { logToStderr, portOption } from './context';
import { loadDemoCounty } from './demo-county';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start the hub: database, migrations, a generated demo county when empty, GraphQL server')
    .option('--port <n>', 'HTTP port (default: PORT or 4000)', portOption)
    .option('--no-demo', 'do not load the demo county into an empty database')
    .action(async (options: { port?: number; demo: boolean }) => {
      const base = loadConfig();
      const config: HubConfig = Object.freeze({ ...base, port: options.port ?? base.port });
      const db = await openDatabase(config, logToStderr);
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logToStderr(`${signal}: stopping the server and the database`);
        await server?.stop().catch(() => undefined);
        await db.close();
        process.exit(0);
      };
      let server: Awaited<ReturnType<typeof startServer>> | undefined;
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      try {
        if (options.demo && (await isEmpty(db))) await loadDemoCounty({ dataDir: config.dataDir, children: config.demoChildren }, db.pool, logToStderr);
        server = await startServer(config, db);
      } catch (error) {
        await db.close();
        throw error;
      }
      console.log(welcome(server.url, config));
    });
}

async function isEmpty(db: Database): Promise<boolean> {
  const { rows } = await db.pool.query('SELECT NOT EXISTS (SELECT 1 FROM source_record) AS empty');
  return rows[0].empty;
}

function welcome(url: string, config: HubConfig): string {
  const endpoint = `${url.replace(/\/$/, '')}/graphql`.replace('127.0.0.1', 'localhost');
  // The data folder as the user would type it: relative inside the working directory, else absolute.
  const relative = path.relative(process.cwd(), config.dataDir);
  const data = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? config.dataDir : relative;
  return [
    '',
    `The child-data hub is running: ${endpoint}`,
    `Console (pages for people): ${url.replace('127.0.0.1', 'localhost')}${config.production || config.jwksUrl !== null ? '' : ' (development sign-in: pick a role and an area)'}`,
    '',
    'Try next:',
    `  TOKEN=$(npx hub token --role CIVIL_AFFAIRS --area 500109)          # a development token (8 hours)`,
    `  curl -s ${endpoint} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
    `    -d '{"query":"{ hubStatus { identity { children verified conflict openReviews } } children(filter: {flags: [DROPOUT]}, first: 3) { totalCount edges { node { id name idNumber flags { flag evidence } } } } }"}'`,
    `  npx hub review list                                            # pairs the engine would not decide alone`,
    // Files with children's data go into the data folder, which only this user may read.
    `  npx hub export links --out ${data}/links.csv               # every record with its child id`,
    // The demo is the county's 2024Q1; its next quarter, generated from it, gives `changes` something to tell.
    `  npx hub generate --from ${data}/demo --period 2024Q2 --out ${data}/demo-2024Q2   # the demo county's next quarter`,
    `  for s in civil-affairs education police; do npx hub import $s ${data}/demo-2024Q2/$s.csv --period 2024Q2; done && npx hub reconcile`,
    `  npx hub changes --from 2024Q1 --to 2024Q2                      # what changed between the two quarters`,
    // A second county of its own code: its ID numbers carry its own region code, and its roster's
    // record numbers are its own (record-identity.ts), so none of the demo's records is touched.
    `  npx hub generate --children 500 --seed 7 --county 500106 --out ${data}/county-500106   # a neighbouring county: three messy exports + truth`,
    `  for s in civil-affairs education police; do npx hub import $s ${data}/county-500106/$s.csv --period 2024Q1 --county 500106; done && npx hub reconcile`,
    '',
    `Data: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`}. Ctrl-C stops the hub.`,
  ].join('\n');
}
