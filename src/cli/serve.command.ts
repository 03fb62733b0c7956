import type { Command } from 'commander';
import { startServer } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { logToStderr, portOption } from './context';

/** `hub serve`: the API on an existing database (no demo county). `npm start` = this + the demo. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the role-gated GraphQL API on the existing database')
    .option('--port <n>', 'HTTP port (default PORT or 4000)', portOption)
    .action(async (options: { port?: number }) => {
      const config = { ...loadConfig(), ...(options.port ? { port: options.port } : {}) };
      const db = await openDatabase(config, logToStderr);
      let server: Awaited<ReturnType<typeof startServer>> | undefined;
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return; // a second Ctrl-C while stopping: the first stop goes on
        stopping = true;
        logToStderr(`${signal}: stopping the server`);
        await server?.stop();
        await db.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      try {
        server = await startServer(config, db);
      } catch (error) {
        await db.close();
        throw error;
      }
      console.log(`The child-data hub is serving ${server.url.replace(/\/$/, '')}/graphql (a token is needed: npx hub token --role CIVIL_AFFAIRS --area 500109)`);
    });
}
