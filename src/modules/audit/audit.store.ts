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
