import DataLoader from 'dataloader';
import type { Pool, PoolClient } from 'pg';
import { ACCESS } from '../../auth/access';
import type { Viewer } from '../../auth/viewer';
import { auditReads } from '../audit/audit.store';
import type { ChildFilter } from './child.type';
import { childView, sourceRecordRef, type ChildRow } from './child.view';
import { prepared } from '../../db/prepared';
import { BadRequestError, checkPageSize, decodeCursor, encodeCursor, MAX_PAGE } from '../common/requests';

const COLUMNS = 'c.id, c.area_code, c.verification, c.golden, c.flags';
/** Child ids are 'C' and 16 hex digits (child-ids.ts); this admits more, never a NUL or a page of text. */
const PLAUSIBLE_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface FileRead {
  viewer: Viewer;
  id: string;
}

type FileRow = ChildRow & { source_records: { id: number; source: string; recordKey: string; period: string }[] };

/**
 * Reading children's files. Area scope is applied here, in SQL, never in resolvers: a viewer
 * sees children whose village code starts with its token's area, and a child outside it is
 * indistinguishable from no child at all. Every file read is audited in the same transaction.
 */
export class ChildService {
  constructor(private readonly pool: Pool) {}

  /**
   * Reads of single files, gathered across concurrent requests: the reads that arrive while the
   * event loop turns go to PostgreSQL as one statement (see readFiles), so that a burst of files
   * costs one round trip and one commit instead of one each.
   */
  private readonly files = new DataLoader<FileRead, FileRow | null>((reads) => this.readFiles(reads), {
    cache: false,
    maxBatchSize: MAX_PAGE,
    batchScheduleFn: (flush) => setImmediate(flush),
  });

  async child(viewer: Viewer, id: string) {
    // Not the shape of any child id or alias: no such child, and nothing sent to the database
    // (a character PostgreSQL refuses, such as NUL, would fail the other reads of the statement).
    if (!PLAUSIBLE_ID.test(id)) return null;
    const row = await this.files.load({ viewer, id });
    if (row === null) return null;
    return Object.assign(childView(row, viewer), { prefetchedSourceRecords: row.source_records.map((r) => sourceRecordRef(r, viewer)) });
  }

  /**
   * One statement for many reads: each read and its audit row commit together or not at all (a
   * statement is a transaction), so no file is answered without its audit row, and if the rows
   * cannot be written every read of the statement fails. Each read keeps its own viewer: its own
   * area scope (outside it nothing is found, exactly as for an id that does not exist, and
   * nothing is audited), its own audit subject and role, and the sources its role may see, whose
   * records come in the same statement.
   */
  private async readFiles(reads: readonly FileRead[]): Promise<(FileRow | null)[]> {
    const { rows } = await this.pool.query<FileRow & { n: string }>(prepared(
      `WITH wanted AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS w(id, area, sub, role, sources, n)
       ), found AS (
         SELECT w.n, w.area, w.sub, w.role, ${COLUMNS},
           (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'source', r.source, 'recordKey', r.record_key, 'period', r.period) ORDER BY r.source, r.record_key), '[]')
            FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id
            WHERE cr.child_id = c.id AND r.source = ANY(string_to_array(w.sources, ','))) AS source_records
         FROM wanted w JOIN child c
           ON c.id = coalesce((SELECT child_id FROM child_alias WHERE alias = w.id), w.id) AND c.area_code >= w.area AND c.area_code < w.area || ':'
       ), audited AS (
         INSERT INTO audit_entry (at, subject, role, area, operation, child_id)
         SELECT clock_timestamp(), sub, role, area, 'child', id FROM found
       )
       SELECT n, id, area_code, verification, golden, flags, source_records FROM found`,
      [
        reads.map((r) => r.id),
        reads.map((r) => r.viewer.area),
        reads.map((r) => r.viewer.sub),
        reads.map((r) => r.viewer.role),
        reads.map((r) => ACCESS[r.viewer.role].sources.join(',')),
      ],
    ));
    const byRead = new Map(rows.map((row) => [Number(row.n), row]));
    return reads.map((_, i) => byRead.get(i + 1) ?? null);
  }

  async children(viewer: Viewer, filter: ChildFilter = {}, first = 20, after?: string | null) {
    checkPageSize(first);
    const access = ACCESS[viewer.role];
    // A flag the role may not see cannot be asked about either: the answer's count would tell it.
    const hidden = (filter.flags ?? []).filter((f) => !access.flags.includes(f as never));
    if (hidden.length > 0) throw new BadRequestError(`your role may not see or filter by ${hidden.join(', ')}`);
    // Searching by a whole ID number would let a masked role test guesses of the hidden digits.
    if (!access.fullIdNumbers && /[0-9\uFF10-\uFF19]/.test(filter.search ?? '')) throw new BadRequestError('your role searches by name only (ID numbers are masked for it)');
    const prefix = scopePrefix(viewer, filter.areaCode);
    if (prefix === null) return { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const where: string[] = ['c.area_code >= $1', "c.area_code < $1 || ':'"]; // ':' follows '9': a prefix range the index serves
    const params: unknown[] = [prefix];
    if (filter.flags?.length) {
      params.push(filter.flags);
      where.push(`c.flag_names @> $${params.length}::text[]`);
    }
    if (filter.verification) {
      params.push(filter.verification);
      where.push(`c.verification = $${params.length}`);
    }
    if (filter.search?.trim()) {
      params.push(filter.search.trim());
      where.push(`(c.golden->'name'->>'value' LIKE $${params.length} || '%' OR c.golden->'idNumber'->>'value' = upper($${params.length}))`);
    }
    const cursor = after ? decodeCursor('child', after) : null;
    const condition = where.join(' AND ');
    const { rows, totalCount, hasNextPage } = await this.audited(viewer, 'children', async (client) => {
      // The common filters (one flag, or a verification status, or none) are counted by the
      // dashboard's tally, kept in step with the children (area-tally.entity.ts); the others
      // count the children. Planned per call, not prepared: a generic plan cannot see how wide
      // the area and the flags are, and chose plans five times slower.
      const tallied = tallyMeasure(filter);
      const total = tallied
        ? await client.query(prepared(`SELECT coalesce(sum(count), 0)::int AS n FROM area_tally WHERE area_code >= $1 AND area_code < $1 || ':' AND measure = $2 AND key = $3`, [prefix, ...tallied]))
        : await client.query(`SELECT count(*)::int AS n FROM child c WHERE ${condition}`, params);
      const pageParams = [...params, cursor ?? '', first + 1];
      const page = await client.query<ChildRow>(
        `SELECT ${COLUMNS} FROM child c WHERE ${condition} AND c.id > $${pageParams.length - 1} ORDER BY c.id LIMIT $${pageParams.length}`,
        pageParams,
      );
      return { rows: page.rows.slice(0, first), totalCount: total.rows[0].n as number, hasNextPage: page.rows.length > first };
    });
    const edges = rows.map((row) => ({ cursor: encodeCursor('child', row.id), node: childView(row, viewer) }));
    return { totalCount, edges, pageInfo: { hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null } };
  }

  /**
   * Runs a read and audits the children it returns in one transaction: if the audit row cannot
   * be written, the read fails and nothing is returned.
   */
  private async audited<T extends { rows: ChildRow[] }>(viewer: Viewer, operation: string, read: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await read(client);
      await auditReads(client, viewer, operation, result.rows.map((r) => r.id));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}

/** The area to list: the filter's when it lies inside the viewer's, the viewer's when the filter is wider; null when they are apart. */
export function scopePrefix(viewer: Viewer, areaCode: string | undefined): string | null {
  if (areaCode === undefined || areaCode === '') return viewer.area;
  if (!/^\d+$/.test(areaCode)) throw new BadRequestError('areaCode must be digits (a GB/T 2260 code prefix)');
  if (areaCode.startsWith(viewer.area)) return areaCode;
  if (viewer.area.startsWith(areaCode)) return viewer.area;
  return null;
}

/** The tally (measure, key) that counts the children a filter selects, if one does. */
function tallyMeasure(filter: ChildFilter): [string, string] | null {
  if (filter.search?.trim()) return null;
  const flags = [...new Set(filter.flags ?? [])];
  if (flags.length > 1 || (flags.length === 1 && filter.verification)) return null;
  if (flags.length === 1) return ['flag', flags[0]];
  if (filter.verification) return ['verification', filter.verification];
  return ['children', ''];
}
