import { Client } from 'pg';
import { removeCluster, type EmbeddedPostgres } from '../src/db/embedded-postgres';

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
  for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  await admin.end();
}
