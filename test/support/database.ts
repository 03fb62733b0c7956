import { randomBytes } from 'node:crypto';
import { Client, type QueryResult } from 'pg';
import { connect, type Database } from '../../src/db/database';
import { urlOfDatabase } from '../../src/db/roles';

export interface TestDatabase extends Database {
  /** The same database as its owner role: for tests of migrations and of the roles themselves. */
  readonly ownerUrl: string;
  /** The environment of a `hub` command on this database, with the hub's two roles. */
  readonly env: { DATABASE_URL: string; DATABASE_OWNER_URL: string };
  /**
   * One statement as the owner role: what the hub itself never does at run time (test clean-up
   * with TRUNCATE, triggers that inject a failure).
   */
  asOwner(text: string, values?: unknown[]): Promise<QueryResult>;
}

/**
 * A fresh, migrated database of its own for one test file, cloned from the run's template and
 * owned by the owner role. Its pool (and `url`) is the application role's, as in the hub.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { HUB_TEST_ADMIN_URL: adminUrl, HUB_TEST_OWNER_URL: ownerUrl, HUB_TEST_APP_URL: appUrl, HUB_TEST_TEMPLATE: template } = process.env;
  if (!adminUrl || !ownerUrl || !appUrl || !template) throw new Error('the test database was not set up (jest globalSetup)');
  const name = `hub_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const owner = decodeURIComponent(new URL(ownerUrl).username);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} OWNER ${admin.escapeIdentifier(owner)}`);
  await admin.end();
  const target = { appUrl: urlOfDatabase(appUrl, name), ownerUrl: urlOfDatabase(ownerUrl, name), embedded: null };
  const db = await connect(target);
  return {
    ...db,
    ownerUrl: target.ownerUrl,
    env: { DATABASE_URL: target.appUrl, DATABASE_OWNER_URL: target.ownerUrl },
    async asOwner(text, values) {
      const owner = new Client({ connectionString: target.ownerUrl });
      await owner.connect();
      try {
        return await owner.query(text, values);
      } finally {
        await owner.end();
      }
    },
    async close() {
      await db.close();
      // Dropping a database is the cluster administrator's job, not the hub's roles'.
      const dropper = new Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
