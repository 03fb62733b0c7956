import type { Pool } from 'pg';
import type { Viewer } from '../../auth/viewer';
import { auditReads } from '../audit/audit.store';
import { BadRequestError, checkPageSize, decodeCursor, encodeCursor } from '../common/requests';
import { chinaDay, systemClock, type Clock } from '../ingest/periods';
import type { VisitDueConnection } from './visits-due.type';

/**
 * The children a village child director looks after: left-behind children and children in
 * difficulty (002 §二(二)6), and those 004 annex 3 item 4 asks to visit regularly (a child alone,
 * a dropout, a child without household registration). The database tallies them per area with
 * the same list (migration 20261206110201): a change here needs a migration there.
 */
export const VISITED_FLAGS = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'ALONE_UNDER_16', 'DROPOUT', 'UNREGISTERED'] as const;

/** The oldest possible day: a child never contacted sorts first. */
const NEVER = '0001-01-01';

/**
 * Visits owed (002 §二(二)6: 儿童主任至少每个月联系一次、每三个月入户走访一次): each child looked after
 * whose last contact (a contact or a home visit) is over a month old, or whose last home visit is
 * over three months old, as of today in China; the longest-waiting first. Listing a child with its
 * visit dates reads part of its file: each child listed is audited, in the same transaction.
 */
export class VisitsDueService {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock = systemClock,
  ) {}

  async visitsDue(viewer: Viewer, areaCode: string | null | undefined, first = 20, after?: string | null): Promise<VisitDueConnection> {
    checkPageSize(first);
    const area = areaCode ?? viewer.area;
    if (!/^\d+$/.test(area) || ![6, 9, 12].includes(area.length)) throw new BadRequestError('areaCode must be a 6, 9 or 12-digit GB/T 2260 code');
    if (!area.startsWith(viewer.area)) throw new BadRequestError(`areaCode ${area} is outside your area`);
    const [afterKey, afterId] = after ? decodeCursor('visitsDue', after, /^\d{4}-\d\d-\d\d\|[A-Za-z0-9_-]+$/).split('|') : [null, null];
    const today = chinaDay(this.clock());
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        `/* visitsDue */
         WITH due AS (${DUE_SQL})
         SELECT *, count(*) OVER ()::int AS total FROM due
         WHERE $4::text IS NULL OR (waiting_since, child_id) > ($4::text, $5::text)
         ORDER BY waiting_since, child_id LIMIT $6`,
        [area, today, VISITED_FLAGS, afterKey, afterId, first + 1],
      );
      const page = rows.slice(0, first);
      await auditReads(client, viewer, 'visitsDue', page.map((r) => r.child_id));
      // The total counts the whole list, not what remains after the cursor.
      const total = after ? (await client.query(`/* visitsDueCount */ WITH due AS (${DUE_SQL}) SELECT count(*)::int AS n FROM due`, [area, today, VISITED_FLAGS])).rows[0].n : (rows[0]?.total ?? 0);
      await client.query('COMMIT');
      const edges = page.map((r) => ({
        cursor: encodeCursor('visitsDue', `${r.waiting_since}|${r.child_id}`),
        node: { childId: r.child_id, areaCode: r.area_code, lastContact: r.last_contact, lastHomeVisit: r.last_home_visit, contactDue: r.contact_due, homeVisitDue: r.home_visit_due },
      }));
      return { totalCount: total, edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * How many children of the area are owed a visit (the dashboard): the children looked after,
   * as tallied per area while children are written (area_tally, measure `lookedAfter`), less those
   * whose last contact and last home visit are both recent enough: the visits of the last three
   * months, not every child. Counts only, no file read.
   */
  async count(area: string): Promise<number> {
    const today = chinaDay(this.clock());
    const { rows } = await this.pool.query(
      `/* visitsDueCount */
       SELECT (SELECT coalesce(sum(count), 0) FROM area_tally WHERE area_code >= $1 AND area_code < $1 || ':' AND measure = 'lookedAfter')
            - (SELECT count(*) FROM child c JOIN (
                 SELECT child_id FROM visit WHERE visited_on >= $2::date - interval '3 months' GROUP BY child_id
                 HAVING max(visited_on) >= $2::date - interval '1 month' AND max(visited_on) FILTER (WHERE kind = 'HOME_VISIT') >= $2::date - interval '3 months'
               ) seen ON seen.child_id = c.id
               WHERE c.area_code >= $1 AND c.area_code < $1 || ':' AND c.flag_names && $3::text[]) AS n`,
      [area, today, VISITED_FLAGS],
    );
    return Number(rows[0].n);
  }
}

/** $1 area prefix, $2 today (YYYY-MM-DD), $3 the flags of the children looked after. Also the deadline job's (casework/visit-due-events.ts). */
export const DUE_SQL = `
  SELECT child_id, area_code, last_contact, last_home_visit, contact_due, home_visit_due,
         least(CASE WHEN contact_due THEN coalesce(last_contact, '${NEVER}') END, CASE WHEN home_visit_due THEN coalesce(last_home_visit, '${NEVER}') END) AS waiting_since
  FROM (
    SELECT c.id AS child_id, c.area_code, to_char(v.last_contact, 'YYYY-MM-DD') AS last_contact, to_char(v.last_home_visit, 'YYYY-MM-DD') AS last_home_visit,
           v.last_contact IS NULL OR v.last_contact < $2::date - interval '1 month' AS contact_due,
           v.last_home_visit IS NULL OR v.last_home_visit < $2::date - interval '3 months' AS home_visit_due
    FROM child c
      LEFT JOIN LATERAL (SELECT max(visited_on) AS last_contact, max(visited_on) FILTER (WHERE kind = 'HOME_VISIT') AS last_home_visit
                         FROM visit WHERE child_id = c.id) v ON true
    WHERE c.area_code >= $1 AND c.area_code < $1 || ':' AND c.flag_names && $3::text[]
  ) looked_after
  WHERE contact_due OR home_visit_due`;
