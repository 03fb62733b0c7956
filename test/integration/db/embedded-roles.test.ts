import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../../src/db/database';
import { APP_ROLE, OWNER_ROLE, startEmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { urlOfDatabase } from '../../../src/db/roles';
import { tempDir } from '../../support/files';
import { expectedDataDir, modeOf, withOpenUmask } from '../../support/modes';

/** The hub's own embedded PostgreSQL: it makes the two roles itself, and upgrades an older data folder. */
describe('the embedded PostgreSQL’s roles', () => {
  const tmp = tempDir();
  const dataDir = path.join(tmp.dir, 'data');
  const config = { databaseUrl: null, dataDir, embeddedDbPort: null };
  beforeAll(() => fs.chmodSync(tmp.dir, 0o755)); // the server runs as the postgres OS user when we are root
  afterAll(() => tmp.cleanup());

  async function facts(db: Database) {
    const { rows } = await db.pool.query(
      `SELECT current_user AS role,
              (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS database_owner,
              ARRAY(SELECT DISTINCT pg_get_userbyid(relowner)::text FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS relation_owners,
              ARRAY(SELECT DISTINCT pg_get_userbyid(proowner)::text FROM pg_proc WHERE pronamespace = 'public'::regnamespace) AS function_owners`,
    );
    let refused: string | undefined;
    await db.pool.query('DELETE FROM audit_entry').catch((error: { code?: string }) => (refused = error.code));
    return { ...rows[0], auditDeleteRefused: refused };
  }

  const SPLIT = { role: APP_ROLE, database_owner: OWNER_ROLE, relation_owners: [OWNER_ROLE], function_owners: [OWNER_ROLE], auditDeleteRefused: '42501' };

  it('serves as the application role, over a schema the owner role owns, with private password files', async () => {
    const db = await withOpenUmask(() => openDatabase(config));
    try {
      expect(await facts(db)).toEqual(SPLIT);
    } finally {
      await db.close();
    }
    const expected = expectedDataDir();
    expect(modeOf(dataDir)).toBe(expected.mode);
    if (expected.gid !== null) expect(fs.statSync(dataDir).gid).toBe(expected.gid);
    for (const file of ['postgres.password', 'postgres-owner.password', 'postgres-app.password']) {
      expect([file, modeOf(path.join(dataDir, file))]).toEqual([file, 0o600]);
    }
  });

  it('hands a database made by an older hub (the superuser owned everything) over to the owner role', async () => {
    // Put the cluster back as the hub before the two roles left it: everything owned by the
    // superuser `hub`, no other role, an open data folder, and an audit entry to keep.
    const server = await startEmbeddedPostgres({ dataDir, port: null, database: 'hub' });
    const admin = new Client({ connectionString: server.superuserUrl });
    await admin.connect();
    try {
      await admin.query(`INSERT INTO audit_entry (at, subject, role, area, operation, child_id) VALUES (now(), 'before-upgrade', 'AUDITOR', '500109', 'child', 'C1')`);
      // That hub had no job queue either: the owner installs it at this start.
      await admin.query(`DROP SCHEMA graphile_worker CASCADE`);
      await admin.query(`REASSIGN OWNED BY ${OWNER_ROLE} TO hub`);
      // One at a time: dropping both at once trips over the default privileges they share.
      await admin.query(`DROP OWNED BY ${APP_ROLE}`);
      await admin.query(`DROP OWNED BY ${OWNER_ROLE}`);
    } finally {
      await admin.end();
    }
    const cluster = new Client({ connectionString: urlOfDatabase(server.superuserUrl, 'postgres') });
    await cluster.connect();
    await cluster.query(`DROP ROLE ${APP_ROLE}, ${OWNER_ROLE}`);
    await cluster.end();
    await server.stop();
    fs.rmSync(path.join(dataDir, 'postgres-owner.password'));
    fs.rmSync(path.join(dataDir, 'postgres-app.password'));
    fs.chmodSync(dataDir, 0o755);

    const logs: string[] = [];
    const db = await openDatabase(config, (line) => logs.push(line));
    try {
      expect(await facts(db)).toEqual(SPLIT);
      const { rows } = await db.pool.query(`SELECT subject FROM audit_entry WHERE subject = 'before-upgrade'`);
      expect(rows).toHaveLength(1);
    } finally {
      await db.close();
    }
    expect(logs).toEqual(expect.arrayContaining([expect.stringMatching(/^handed \d+ database objects over from hub to hub_owner$/)]));
    expect(modeOf(dataDir)).toBe(expectedDataDir().mode);
  });
});
