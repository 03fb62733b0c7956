import type { Pool } from 'pg';
import { Source } from '../ingest/ingest.type';
import type { HubStatus } from './status.type';

export class StatusService {
  constructor(private readonly pool: Pool) {}

  async status(): Promise<HubStatus> {
    const { rows } = await this.pool.query<{ source: string; records: number; latest_period: string | null; imports: number; rejected: number }>(
      `SELECT s.source,
              (SELECT count(*)::int FROM source_record r WHERE r.source = s.source) AS records,
              (SELECT max(period) FROM import_run i WHERE i.source = s.source AND i.status = 'done') AS latest_period,
              (SELECT count(*)::int FROM import_run i WHERE i.source = s.source AND i.status = 'done') AS imports,
              (SELECT coalesce(sum(rejected_count), 0)::int FROM import_run i WHERE i.source = s.source) AS rejected
       FROM unnest($1::text[]) AS s(source)`,
      [Object.values(Source)],
    );
    const identity = await this.pool.query(
      `SELECT (SELECT count(*)::int FROM child) AS children,
              (SELECT count(*)::int FROM child WHERE verification = 'VERIFIED') AS verified,
              (SELECT count(*)::int FROM child WHERE verification = 'CORROBORATED') AS corroborated,
              (SELECT count(*)::int FROM child WHERE verification = 'SINGLE_SOURCE') AS "singleSource",
              (SELECT count(*)::int FROM child WHERE verification = 'CONFLICT') AS conflict,
              (SELECT count(*)::int FROM source_record r WHERE NOT EXISTS (SELECT 1 FROM child_record c WHERE c.source_record_id = r.id)) AS "unlinkedRecords",
              (SELECT count(*)::int FROM review_item WHERE status = 'OPEN') AS "openReviews",
              (SELECT max(finished_at) FROM reconcile_run WHERE status = 'done') AS "lastReconciledAt"`,
    );
    return {
      identity: identity.rows[0],
      sources: rows.map((row) => ({
        source: row.source as Source,
        records: row.records,
        latestPeriod: row.latest_period,
        imports: row.imports,
        rejectedRows: row.rejected,
      })),
    };
  }
}
