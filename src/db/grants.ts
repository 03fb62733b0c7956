import type { ClientBase } from 'pg';

/**
 * What the application role may do, granted by the owner after every migration run.
 *
 * A step at every start rather than a migration: role names differ between deployments (the
 * embedded database's `hub_app`, an administrator's own), so a migration cannot name them, and a
 * migration runs once while the application role may change (a new role, a rotated one). The
 * step is idempotent and puts the privileges back into exactly this state each time, so a grant
 * made by hand in between does not survive a restart.
 *
 * What the application does at run time, and so needs:
 * - SELECT, INSERT, UPDATE, DELETE on every table, and USAGE, SELECT, UPDATE on sequences
 *   (the import reserves ids with nextval); COPY … FROM STDIN needs INSERT only;
 * - on the append-only tables only SELECT and INSERT (their triggers refuse the rest; without
 *   ownership the application can neither disable nor drop those triggers);
 * - TEMPORARY on the database (reconciliation stages its writes in temp tables);
 * - MAINTAIN (PostgreSQL 17+) for the VACUUM (ANALYZE) after a full reconciliation: without it it
 *   only warns and skips, and the planner keeps stale statistics. Not on append-only tables:
 *   MAINTAIN includes LOCK TABLE, and nobody needs to lock the audit.
 * Advisory locks, reading pg_stat_activity and terminating backends of its own role need no grant.
 */
export const APPEND_ONLY_TABLES = ['audit_entry', 'case_event', 'concern_report', 'event'] as const;

/** graphile-worker's schema (jobs/queue.ts): the application role adds, takes and completes jobs. */
const JOB_SCHEMA = 'graphile_worker';

const TABLE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';
const SEQUENCE_PRIVILEGES = 'USAGE, SELECT, UPDATE';
/** PostgreSQL 17 added the MAINTAIN privilege (VACUUM, ANALYZE, … without owning the table). */
const MAINTAIN_SINCE = 170000;

/** Grants `appRole` what it needs, in one transaction. Run as the owner of the schema. */
export async function grantApplicationRole(owner: ClientBase, appRole: string): Promise<void> {
  const app = owner.escapeIdentifier(appRole);
  await owner.query('BEGIN');
  try {
    // Two hubs starting together would otherwise collide ("tuple concurrently updated").
    await owner.query(`/* grantsLock */ SELECT pg_advisory_xact_lock(hashtext('hub:grants'))`);
    const { rows } = await owner.query<{ database: string; schema: string; version: number }>(
      `/* grantsTarget */ SELECT current_database() AS database, current_schema() AS schema, current_setting('server_version_num')::int AS version`,
    );
    const { database, version } = rows[0];
    const schema = owner.escapeIdentifier(rows[0].schema);
    const maintain = version >= MAINTAIN_SINCE;
    const appendOnly = APPEND_ONLY_TABLES.map((t) => `${schema}.${owner.escapeIdentifier(t)}`).join(', ');
    const statements = [
      `GRANT CONNECT, TEMPORARY ON DATABASE ${owner.escapeIdentifier(database)} TO ${app}`,
      `GRANT USAGE ON SCHEMA ${schema} TO ${app}`,
      // From nothing to exactly what is needed: whatever was granted before is taken back.
      `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${app}`,
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${app}`,
      `GRANT ${TABLE_PRIVILEGES}${maintain ? ', MAINTAIN' : ''} ON ALL TABLES IN SCHEMA ${schema} TO ${app}`,
      `GRANT ${SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app}`,
      `REVOKE UPDATE, DELETE, TRUNCATE${maintain ? ', MAINTAIN' : ''} ON ${appendOnly} FROM ${app}`,
      // Tables and sequences that later migrations add (created by this owner) are covered from
      // the start; an append-only one among them loses UPDATE and DELETE by the REVOKE above,
      // in the same start, before anything is served.
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${TABLE_PRIVILEGES}${maintain ? ', MAINTAIN' : ''} ON TABLES TO ${app}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${SEQUENCE_PRIVILEGES} ON SEQUENCES TO ${app}`,
      // The job queue: its tables through its functions and the worker's own queries; no DDL.
      `GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${app}`,
      `GRANT ${TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${app}`,
      `GRANT ${SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${app}`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_SCHEMA} TO ${app}`,
    ];
    // graphile-worker turns row-level security on for its private tables (only their owner may
    // touch them by default): one policy each lets the application role through, rewritten at
    // every start for the application role of that start.
    const { rows: secured } = await owner.query<{ name: string }>(
      `/* jobTablesWithRowSecurity */ SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1`,
      [JOB_SCHEMA],
    );
    for (const { name } of secured) {
      const table = `${JOB_SCHEMA}.${owner.escapeIdentifier(name)}`;
      statements.push(`DROP POLICY IF EXISTS hub_application ON ${table}`, `CREATE POLICY hub_application ON ${table} TO ${app} USING (true) WITH CHECK (true)`);
    }
    for (const statement of statements) await owner.query(`/* grantApplicationRole */ ${statement}`);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK');
    throw error;
  }
}

/**
 * Why `role` could still change or remove audit rows despite the grants: it is a superuser,
 * owns `audit_entry` (or may act as its owner), or holds UPDATE, DELETE or TRUNCATE there (for
 * instance through pg_write_all_data). Empty when the database itself keeps the audit
 * append-only for this role, triggers or not.
 */
export async function auditExposure(client: ClientBase, role: string): Promise<string[]> {
  const { rows } = await client.query<Record<'superuser' | 'owner' | 'update' | 'delete' | 'truncate', boolean>>(
    `/* auditExposure */ SELECT r.rolsuper AS superuser,
            pg_has_role(r.oid, c.relowner, 'MEMBER') AS owner,
            has_table_privilege(r.oid, c.oid, 'UPDATE') AS update,
            has_table_privilege(r.oid, c.oid, 'DELETE') AS delete,
            has_table_privilege(r.oid, c.oid, 'TRUNCATE') AS truncate
       FROM pg_roles r, pg_class c
      WHERE r.rolname = $1 AND c.oid = 'audit_entry'::regclass`,
    [role],
  );
  const found = rows[0];
  if (found === undefined) throw new Error(`no database role named ${role}`);
  const reasons: string[] = [];
  if (found.superuser) reasons.push('is a superuser');
  else if (found.owner) reasons.push('owns audit_entry (or is a member of its owner)');
  else {
    const held = (['update', 'delete', 'truncate'] as const).filter((p) => found[p]).map((p) => p.toUpperCase());
    if (held.length > 0) reasons.push(`holds ${held.join(', ')} on audit_entry`);
  }
  return reasons;
}
