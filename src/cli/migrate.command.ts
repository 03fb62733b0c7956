import type { Command } from 'commander';
import { withDatabase } from './context';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (every command does this first)')
    .action(async () => {
      await withDatabase(async (db) => {
        console.log(`schema up to date (${db.migrations.length} migrations in all)`);
      });
    });
}
