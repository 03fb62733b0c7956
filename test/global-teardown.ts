import { Client } from 'pg';
import { removeCluster, type EmbeddedPostgres } from '../src/db/embedded-postgres';
import { EXTERNAL_TEST_ROLES } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__hubTestDb as { embedded: EmbeddedPostgres; dataDir: string } | undefined;
  if (state) {
    await state.embedded.stop();
    removeCluster(state.dataDir);
    return;
  }
  // An external DATABASE_URL: drop what the run created there.
  const admin = new Client({ connectionString: process.env.HUB_TEST_ADMIN_URL });
  await admin.connect();
  const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'hub_test_%'");
  for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(row.datname)} WITH (FORCE)`);
  for (const role of Object.values(EXTERNAL_TEST_ROLES)) {
    // Left in place when another run's databases still use it.
    await admin.query(`DROP ROLE IF EXISTS ${admin.escapeIdentifier(role)}`).catch(() => undefined);
  }
  await admin.end();
}
