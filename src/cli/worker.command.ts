import type { Command } from 'commander';
import { webhookSettings } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { startHubWorkers } from '../jobs/tasks';
import { logToStderr } from './context';

/**
 * `hub worker`: the job workers without the API, so that a deployment can run them apart from
 * the API nodes (the server runs them too). Several may run: jobs are taken by one worker each.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the job workers (reconciliation after imports, webhook deliveries) without serving the API')
    .action(async () => {
      const config = loadConfig();
      const db = await openDatabase(config, logToStderr);
      const runner = await startHubWorkers(db, logToStderr, webhookSettings(config)).catch(async (error: unknown) => {
        await db.close();
        throw error;
      });
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logToStderr(`${signal}: stopping the workers (a job under way finishes first)`);
        await runner.stop().catch(() => undefined);
        await db.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      logToStderr('the hub workers are running (Ctrl-C stops them)');
    });
}
