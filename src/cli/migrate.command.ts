import type { Command } from 'commander';
import { withDatabase } from './context';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (every command does this first)')
    .action(async () => {
      await withDatabase(async (db) => {
        const done = await db.orm.getMigrator().getExecutedMigrations();
        console.log(`schema up to date: ${done.length} migration(s) applied`);
      });
    });
}
