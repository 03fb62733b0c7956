import type { Pool } from 'pg';
import { ACCESS } from '../../auth/access';
import type { Viewer } from '../../auth/viewer';
import type { ReviewService } from '../identity/review.service';
import type { Source } from '../ingest/ingest.type';
import type { HubStatus } from './status.type';

/**
 * What the hub holds, as one viewer may count it: only the departments whose records its role
 * sees, and only inside its area. Records are counted by their own area; the imports of a source
 * are its county's (an export is one county's). No viewer learns how much another area holds.
 */
export class StatusService {
  constructor(
    private readonly pool: Pool,
    private readonly reviews: ReviewService,
  ) {}

  async status(viewer: Viewer): Promise<HubStatus> {
    const sources = ACCESS[viewer.role].sources;
    const area = viewer.area;
    const county = area.slice(0, 6);
    const [perSource, identity, openReviews] = await Promise.all([
      this.pool.query<{ source: string; records: number; latest_period: string | null; imports: number; rejected: number }>(
        `/* statusPerSource */ SELECT s.source,
           (SELECT count(*)::int FROM source_record r WHERE r.source = s.source AND r.area_code >= $2 AND r.area_code < $2 || ':') AS records,
           (SELECT max(period) FROM import_run i WHERE i.source = s.source AND i.county_code = $3 AND i.status = 'done') AS latest_period,
           (SELECT count(*)::int FROM import_run i WHERE i.source = s.source AND i.county_code = $3 AND i.status = 'done') AS imports,
           (SELECT coalesce(sum(rejected_count), 0)::int FROM import_run i WHERE i.source = s.source AND i.county_code = $3) AS rejected
         FROM unnest($1::text[]) AS s(source) ORDER BY s.source`,
        [sources, area, county],
      ),
      this.pool.query(
        `/* statusIdentity */ SELECT
           (SELECT coalesce(sum(count), 0)::int FROM area_tally WHERE area_code >= $1 AND area_code < $1 || ':' AND measure = 'children') AS children,
           (SELECT coalesce(sum(count) FILTER (WHERE key = 'VERIFIED'), 0)::int FROM area_tally WHERE area_code >= $1 AND area_code < $1 || ':' AND measure = 'verification') AS verified,
           (SELECT coalesce(sum(count) FILTER (WHERE key = 'CORROBORATED'), 0)::int FROM area_tally WHERE area_code >= $1 AND area_code < $1 || ':' AND measure = 'verification') AS corroborated,
           (SELECT coalesce(sum(count) FILTER (WHERE key = 'SINGLE_SOURCE'), 0)::int FROM area_tally WHERE area_code >= $1 AND area_code < $1 || ':' AND measure = 'verification') AS "singleSource",
           (SELECT coalesce(sum(count) FILTER (WHERE key = 'CONFLICT'), 0)::int FROM area_tally WHERE area_code >= $1 AND area_code < $1 || ':' AND measure = 'verification') AS conflict,
           (SELECT count(*)::int FROM source_record r WHERE r.source = ANY($2::text[]) AND r.area_code >= $1 AND r.area_code < $1 || ':'
              AND NOT EXISTS (SELECT 1 FROM child_record c WHERE c.source_record_id = r.id)) AS "unlinkedRecords",
           (SELECT max(finished_at) FROM reconcile_run WHERE status = 'done') AS "lastReconciledAt"`,
        [area, sources],
      ),
      this.reviews.openCount(area),
    ]);
    return {
      identity: { ...identity.rows[0], openReviews },
      sources: perSource.rows.map((row) => ({
        source: row.source as Source,
        records: row.records,
        latestPeriod: row.latest_period,
        imports: row.imports,
        rejectedRows: row.rejected,
      })),
    };
  }
}
