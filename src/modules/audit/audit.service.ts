import type { Pool } from 'pg';
import type { Viewer } from '../../auth/viewer';
import { checkPageSize, decodeCursor, encodeCursor } from '../common/requests';
import type { AuditConnection, AuditFilter } from './audit.type';

/** The audit log, newest first, for auditors of the county their token names. */
export class AuditService {
  constructor(private readonly pool: Pool) {}

  async log(viewer: Viewer, filter: AuditFilter = {}, first = 20, after?: string | null): Promise<AuditConnection> {
    checkPageSize(first);
    const params: unknown[] = [viewer.area];
    // Reads made by viewers of the auditor's county (their token areas lie in it).
    const where = ["e.area LIKE $1 || '%'"];
    if (filter.childId) {
      // Reads stay recorded against the id that was read: a child's log also holds the reads of
      // the ids a merge absorbed into it (and an absorbed id stands for its surviving child).
      params.push(filter.childId);
      const n = params.length;
      where.push(
        `e.child_id = ANY(ARRAY(
           WITH target AS (SELECT coalesce((SELECT child_id FROM child_alias WHERE alias = $${n}), $${n}) AS id)
           SELECT id FROM target UNION SELECT a.alias FROM child_alias a, target WHERE a.child_id = target.id))`,
      );
    }
    if (filter.subject) {
      params.push(filter.subject);
      where.push(`e.subject = $${params.length}`);
    }
    const condition = where.join(' AND ');
    const total = await this.pool.query(`SELECT count(*)::int AS n FROM audit_entry e WHERE ${condition}`, params);
    let before = Number.MAX_SAFE_INTEGER.toString();
    if (after) before = decodeCursor('audit', after, /^\d+$/);
    const pageParams = [...params, before, first + 1];
    const { rows } = await this.pool.query(
      `SELECT e.id::text, e.at, e.subject, e.role, e.area, e.operation, e.child_id AS "childId", e.detail FROM audit_entry e
       WHERE ${condition} AND e.id < $${pageParams.length - 1}::bigint ORDER BY e.id DESC LIMIT $${pageParams.length}`,
      pageParams,
    );
    const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor('audit', node.id), node }));
    return { totalCount: total.rows[0].n, edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
