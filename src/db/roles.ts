import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { ClientBase } from 'pg';

/**
 * The hub's two database roles, provisioned by a cluster administrator (the embedded
 * PostgreSQL's superuser, or the test harness's):
 * - the owner owns the schema (its tables, sequences, functions and triggers), runs the
 *   migrations and grants the application what it needs;
 * - the application serves and imports. It owns nothing, so it can neither drop nor disable
 *   the triggers that keep `audit_entry` append-only, and it is never granted UPDATE, DELETE
 *   or TRUNCATE there (see grants.ts).
 */
export interface LoginRole {
  readonly name: string;
  readonly password: string;
}

/** Nothing beyond logging in: no superuser, no role or database creation, no RLS bypass. */
const PLAIN_LOGIN = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';

/**
 * Creates `role` when it does not exist; otherwise re-asserts its attributes, and its password
 * when `setPassword` (the password was just generated). Returns whether it was created.
 */
export async function ensureLoginRole(admin: ClientBase, role: LoginRole, options: { setPassword: boolean }): Promise<boolean> {
  const { rowCount } = await admin.query('/* roleExists */ SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  const name = admin.escapeIdentifier(role.name);
  // The server receives a SCRAM verifier, never the password itself: nothing to leak into its log.
  const password = admin.escapeLiteral(scramVerifier(role.password));
  if (!rowCount) {
    await admin.query(`/* createRole */ CREATE ROLE ${name} ${PLAIN_LOGIN} PASSWORD ${password}`);
    return true;
  }
  await admin.query(`/* alterRole */ ALTER ROLE ${name} ${PLAIN_LOGIN}${options.setPassword ? ` PASSWORD ${password}` : ''}`);
  return false;
}

/** A new password for a generated role (URL-safe: it goes into connection URLs). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The URL of `url`'s server and database, logged in as `role`. */
export function urlAs(url: string, role: LoginRole): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role.name);
  parsed.password = encodeURIComponent(role.password);
  return parsed.toString();
}

/** The same server, another database. */
export function urlOfDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Makes `owner` the owner of `database` (and so of its `public` schema, owned by pg_database_owner). */
export async function ensureDatabaseOwnedBy(admin: ClientBase, database: string, owner: string): Promise<void> {
  const { rows } = await admin.query(
    '/* databaseOwner */ SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
    [database],
  );
  const [db, role] = [admin.escapeIdentifier(database), admin.escapeIdentifier(owner)];
  if (rows.length === 0) await admin.query(`/* createDatabase */ CREATE DATABASE ${db} OWNER ${role}`);
  else if (rows[0].owner !== owner) await admin.query(`/* alterDatabaseOwner */ ALTER DATABASE ${db} OWNER TO ${role}`);
}

/**
 * Hands every object of the current schema that `from` owns over to `to`: a database made when
 * the hub connected as the cluster superuser has all its tables owned by that superuser.
 * REASSIGN OWNED cannot do it (it refuses the bootstrap superuser, who owns system objects).
 * Run by a superuser, connected to the database in question.
 */
export async function transferOwnership(admin: ClientBase, from: string, to: string): Promise<number> {
  const target = admin.escapeIdentifier(to);
  // Tables first: ALTER TABLE carries their indexes and the sequences of their serial columns.
  const { rows: relations } = await admin.query<{ name: string; kind: string }>(
    `/* ownedRelations */ SELECT c.oid::regclass::text AS name, c.relkind AS kind
       FROM pg_class c
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)
        AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
      ORDER BY c.relkind, c.oid`,
    [from],
  );
  const relationKind: Record<string, string> = { r: 'TABLE', p: 'TABLE', f: 'FOREIGN TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW' };
  for (const r of relations) await admin.query(`ALTER ${relationKind[r.kind]} ${r.name} OWNER TO ${target}`);

  // Sequences no table column owns (an owned one moved with its table above).
  const { rows: sequences } = await admin.query<{ name: string }>(
    `/* ownedSequences */ SELECT c.oid::regclass::text AS name FROM pg_class c
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = $1) AND c.relkind = 'S'`,
    [from],
  );
  for (const s of sequences) await admin.query(`ALTER SEQUENCE ${s.name} OWNER TO ${target}`);

  const { rows: routines } = await admin.query<{ name: string; kind: string }>(
    `/* ownedRoutines */ SELECT p.oid::regprocedure::text AS name, p.prokind AS kind FROM pg_proc p
      WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
    [from],
  );
  const routineKind: Record<string, string> = { f: 'FUNCTION', p: 'PROCEDURE', a: 'AGGREGATE', w: 'FUNCTION' };
  for (const r of routines) await admin.query(`ALTER ${routineKind[r.kind]} ${r.name} OWNER TO ${target}`);

  // Enums, domains and ranges (a table's row type and array types follow their owner).
  const { rows: types } = await admin.query<{ name: string; kind: string }>(
    `/* ownedTypes */ SELECT t.oid::regtype::text AS name, t.typtype AS kind FROM pg_type t
      WHERE t.typnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND t.typowner = (SELECT oid FROM pg_roles WHERE rolname = $1) AND t.typtype IN ('e', 'd', 'r')`,
    [from],
  );
  for (const t of types) await admin.query(`ALTER ${t.kind === 'd' ? 'DOMAIN' : 'TYPE'} ${t.name} OWNER TO ${target}`);

  return relations.length + sequences.length + routines.length + types.length;
}

/**
 * PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677), as `CREATE ROLE …
 * PASSWORD` accepts it. Our generated passwords are ASCII, so SASLprep leaves them unchanged.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
