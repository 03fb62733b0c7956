/**
 * `npm run migration:create`: diffs the entities against a database migrated to the latest
 * migration and writes the difference as a new file in migrations/. Runs on the embedded
 * PostgreSQL in HUB_DATA_DIR unless DATABASE_URL is set; connects as the owner role.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { locateDatabase, withOwnerOrm } from './database';

async function main(): Promise<void> {
  const target = await locateDatabase(loadConfig(), (message) => console.error(message));
  try {
    const result = await withOwnerOrm(target.ownerUrl, async (orm) => {
      await orm.getMigrator().up();
      return orm.getMigrator().createMigration(undefined, false, process.argv.includes('--initial'));
    });
    console.log(result.fileName ? `created migrations/${result.fileName}` : 'no changes: entities and migrations agree');
  } finally {
    await target.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
