import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { connect, type Database } from '../../src/db/database';
import { withDatabase } from '../global-setup';

/** A fresh, migrated database of its own for one test file, cloned from the run's template. */
export async function createTestDatabase(): Promise<Database & { dropUrl: string }> {
  const adminUrl = process.env.HUB_TEST_ADMIN_URL;
  const template = process.env.HUB_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('the test database was not set up (jest globalSetup)');
  const name = `hub_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = await connect(url);
  return {
    ...db,
    dropUrl: url,
    async close() {
      await db.close();
      const dropper = new Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
