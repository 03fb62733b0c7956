import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { execFileSync } from 'node:child_process';
import { ensureConsoleBuilt } from '../src/console/build';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { ensureGraphiqlAssets } from '../src/web/graphiql-assets';
import { ensureDatabaseOwnedBy, ensureLoginRole, generatePassword, urlAs, urlOfDatabase } from '../src/db/roles';

/**
 * Starts the test PostgreSQL and migrates the template every test database is cloned from.
 * Tests connect as the hub does: the template is migrated and granted by the owner role, and
 * the clones (which inherit both) are used as the application role, so the whole suite shows
 * that the application role can do everything the hub needs. Roles are cluster-wide: made once
 * here. The cluster administrator's URL is kept for what only it may do (create and drop
 * databases), and the owner's for the tests of migrations.
 */
export default async function globalSetup(): Promise<void> {
  // The console's bundle, built once before any test server starts (servers then find it current).
  ensureConsoleBuilt();
  const template = `hub_test_template_${process.pid}`;
  let urls: TestUrls;
  const external = process.env.DATABASE_URL;
  if (!external) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-test-'));
    const embedded = await startEmbeddedPostgres({ dataDir, port: null, database: template, unsafeFastStorage: true });
    urls = { admin: urlOfDatabase(embedded.superuserUrl, 'postgres'), owner: embedded.ownerUrl, app: embedded.appUrl };
    (globalThis as Record<string, unknown>).__hubTestDb = { embedded, dataDir };
  } else {
    urls = await provisionRoles(external, template);
  }
  // Migrate through the real `hub migrate` in a process of its own: MikroORM keeps its metadata on
  // globalThis, and loading it here would leak that into in-band test files.
  execFileSync(process.execPath, [path.join(__dirname, '../bin/hub.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: urls.app, DATABASE_OWNER_URL: urls.owner },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // GraphiQL's bundle, built once here (when missing or stale) rather than by parallel workers.
  await ensureGraphiqlAssets();
  process.env.HUB_TEST_ADMIN_URL = urls.admin;
  process.env.HUB_TEST_OWNER_URL = urls.owner;
  process.env.HUB_TEST_APP_URL = urls.app;
  process.env.HUB_TEST_TEMPLATE = template;
}

interface TestUrls {
  /** The cluster administrator, on its maintenance database. */
  admin: string;
  /** The owner and application roles, on the template. */
  owner: string;
  app: string;
}

/** Roles of the test run on an external cluster (DATABASE_URL: a role that may create roles and databases). */
export const EXTERNAL_TEST_ROLES = { owner: 'hub_test_owner', app: 'hub_test_app' } as const;

async function provisionRoles(adminUrl: string, template: string): Promise<TestUrls> {
  const owner = { name: EXTERNAL_TEST_ROLES.owner, password: generatePassword() };
  const app = { name: EXTERNAL_TEST_ROLES.app, password: generatePassword() };
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const role of [owner, app]) await ensureLoginRole(admin, role, { setPassword: true });
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(template)}`);
    await ensureDatabaseOwnedBy(admin, template, owner.name);
  } finally {
    await admin.end();
  }
  const templateUrl = urlOfDatabase(adminUrl, template);
  return { admin: adminUrl, owner: urlAs(templateUrl, owner), app: urlAs(templateUrl, app) };
}
