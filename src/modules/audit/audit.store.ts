import type { PoolClient } from 'pg';
import type { Viewer } from '../../auth/viewer';
import { prepared } from '../../db/prepared';

/** Appends reads of children's files, inside the caller's transaction: no audit row, no answer. */
export async function auditReads(client: PoolClient, viewer: Viewer, operation: string, childIds: readonly string[]): Promise<void> {
  if (childIds.length === 0) return;
  await client.query(prepared(
    `INSERT INTO audit_entry (at, subject, role, area, operation, child_id)
     SELECT clock_timestamp(), $1, $2, $3, $4, unnest($5::text[])`,
    [viewer.sub, viewer.role, viewer.area, operation, childIds],
  ));
}

/**
 * Appends reads of cases, inside the caller's transaction, like reads of files: one row per case
 * read, under its child's id, the operation naming the case (`case:<id>`; `<step>:case:<id>` for
 * the step of a mandatory report that read it). A case about a child
 * not identified yet has no child id and no row (it holds no child's data).
 */
export async function auditCaseReads(client: PoolClient, viewer: Viewer, cases: readonly { id: string; childId: string | null }[], step = ''): Promise<void> {
  const read = cases.filter((c) => c.childId !== null);
  if (read.length === 0) return;
  await client.query(prepared(
    `/* auditCaseReads */
     INSERT INTO audit_entry (at, subject, role, area, operation, child_id)
     SELECT clock_timestamp(), $1, $2, $3, $6 || 'case:' || r.case_id, r.child_id FROM unnest($4::text[], $5::text[]) AS r(case_id, child_id)`,
    [viewer.sub, viewer.role, viewer.area, read.map((c) => c.id), read.map((c) => c.childId), step === '' ? '' : `${step}:`],
  ));
}
