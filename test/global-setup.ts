import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { execFileSync } from 'node:child_process';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';

/** Starts the test PostgreSQL and migrates the template every test database is cloned from. */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-test-'));
    fs.chmodSync(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir, port: null, database: 'postgres', unsafeFastStorage: true });
    adminUrl = embedded.url;
    (globalThis as Record<string, unknown>).__hubTestDb = { embedded, dataDir };
  }
  const template = `hub_test_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  // Migrate through the real `hub migrate` in a process of its own: MikroORM keeps its metadata on
  // globalThis, and loading it here would leak that into in-band test files.
  execFileSync(process.execPath, [path.join(__dirname, '../bin/hub.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: withDatabase(adminUrl, template) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.HUB_TEST_ADMIN_URL = adminUrl;
  process.env.HUB_TEST_TEMPLATE = template;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
