import { Client, type PoolClient } from 'pg';
import { connect } from '../../../src/db/database';
import { urlOfDatabase } from '../../../src/db/roles';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * The hub serves and imports as the application role (as every test does): the database itself,
 * not only its triggers, keeps the audit append-only for that role.
 */
describe('the application role', () => {
  let db: TestDatabase;
  let client: PoolClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = await db.pool.connect();
  });
  afterAll(async () => {
    client.release();
    await db.close();
  });

  /** The error a statement fails with, as the application role (in a savepoint, so the next one runs). */
  async function refusal(sql: string): Promise<{ code?: string; message: string }> {
    await client.query('BEGIN');
    try {
      await client.query(sql);
      return { message: 'no error' };
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      return { code, message };
    } finally {
      await client.query('ROLLBACK');
    }
  }

  const INSUFFICIENT_PRIVILEGE = '42501';

  it('is neither a superuser nor the owner of any table', async () => {
    const { rows } = await client.query(
      `SELECT current_user AS role, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
              (SELECT count(*)::int FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user) AS owned`,
    );
    expect(rows[0]).toMatchObject({ superuser: false, owned: 0 });
    expect(rows[0].role).not.toBe(decodeURIComponent(new URL(db.ownerUrl).username));
  });

  it('may add audit entries and read them back', async () => {
    await client.query(`INSERT INTO audit_entry (at, subject, role, area, operation, child_id) VALUES (now(), 'role-test', 'AUDITOR', '500109', 'child', 'C-role-test')`);
    const { rows } = await client.query(`SELECT subject, child_id FROM audit_entry WHERE subject = 'role-test'`);
    expect(rows).toEqual([{ subject: 'role-test', child_id: 'C-role-test' }]);
  });

  it.each([
    ['UPDATE', `UPDATE audit_entry SET subject = 'someone else'`],
    ['DELETE', 'DELETE FROM audit_entry'],
    ['TRUNCATE', 'TRUNCATE audit_entry'],
    ['DISABLE TRIGGER ALL', 'ALTER TABLE audit_entry DISABLE TRIGGER ALL'],
    ['DROP TABLE', 'DROP TABLE audit_entry'],
    ['a new owner', 'ALTER TABLE audit_entry OWNER TO current_user'],
    ['a replaced trigger function', `CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`],
    ['DROP of the trigger function', 'DROP FUNCTION audit_entry_append_only() CASCADE'],
  ])('may not change the audit by %s', async (_what, sql) => {
    // Refused for want of privilege (42501), before any trigger would be asked.
    expect(await refusal(sql)).toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
  });

  it('may drop none of the audit’s triggers', async () => {
    const { rows } = await client.query<{ name: string }>(`SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass AND NOT tgisinternal ORDER BY 1`);
    expect(rows.map((r) => r.name)).toEqual(['audit_entry_no_truncate', 'audit_entry_no_update']);
    for (const { name } of rows) {
      expect(await refusal(`DROP TRIGGER ${name} ON audit_entry`)).toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
    }
  });

  it('may do what the hub does at run time: temp tables, nextval, advisory locks, ANALYZE (COPY: the import tests)', async () => {
    await client.query('BEGIN');
    try {
      await client.query('CREATE TEMP TABLE staged (id int) ON COMMIT DROP');
      const { rows } = await client.query(`SELECT nextval('source_record_id_seq')::int AS id, pg_try_advisory_xact_lock(hashtext('role-test')) AS locked`);
      expect(rows[0].locked).toBe(true);
      await client.query('UPDATE child SET id = id WHERE false');
      await client.query('DELETE FROM review_item WHERE false');
    } finally {
      await client.query('ROLLBACK');
    }
    // Without MAINTAIN (PostgreSQL 17+), ANALYZE of a table one does not own only warns and skips.
    const notices: string[] = [];
    const onNotice = (notice: { message?: string }) => notices.push(notice.message ?? '');
    client.on('notice', onNotice);
    try {
      await client.query('ANALYZE child, child_record, child_alias, review_item');
    } finally {
      client.off('notice', onNotice);
    }
    expect(notices).toEqual([]);
  });

  it('sees and may end its own role’s other sessions (crash recovery of an interrupted import)', async () => {
    const other = new Client({ connectionString: db.url });
    other.on('error', () => undefined); // its end is the point
    await other.connect();
    try {
      const pid = (await other.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const { rows } = await client.query(
        `SELECT (SELECT query FROM pg_stat_activity WHERE pid = $1) AS query, pg_terminate_backend($1, 5000) AS terminated`,
        [pid],
      );
      expect(rows[0]).toEqual({ query: 'SELECT pg_backend_pid() AS pid', terminated: true });
    } finally {
      await other.end().catch(() => undefined);
    }
  });

  it('cannot be a role that could rewrite the audit: the hub refuses to start on one', async () => {
    // The cluster's administrator (a superuser) as DATABASE_URL, with a separate owner.
    const superuser = urlOfDatabase(process.env.HUB_TEST_ADMIN_URL!, new URL(db.url).pathname.slice(1));
    await expect(connect({ appUrl: superuser, ownerUrl: db.ownerUrl, embedded: null })).rejects.toThrow(/is a superuser: it could rewrite the audit log/);
  });

  it('warns when one role migrates and serves, and that role owns the audit', async () => {
    const lines: string[] = [];
    const single = await connect({ appUrl: db.ownerUrl, ownerUrl: db.ownerUrl, embedded: null }, (line) => lines.push(line));
    await single.close();
    expect(lines).toEqual([expect.stringMatching(/^warning: .*owns audit_entry.*audit immutability rests on triggers alone/)]);

    // DATABASE_URL alone, already an application role (migrated and granted separately): nothing to warn about.
    const quiet: string[] = [];
    const appOnly = await connect({ appUrl: db.url, ownerUrl: db.url, embedded: null }, (line) => quiet.push(line));
    await appOnly.close();
    expect(quiet).toEqual([]);
  });

  it('keeps its privileges exactly as granted: a grant made by hand is taken back at the next start', async () => {
    const app = (await client.query('SELECT current_user AS role')).rows[0].role as string;
    await db.asOwner(`GRANT UPDATE, DELETE ON audit_entry TO ${app}`);
    const again = await connect({ appUrl: db.url, ownerUrl: db.ownerUrl, embedded: null });
    await again.close();
    expect(await refusal('DELETE FROM audit_entry')).toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
  });
});
