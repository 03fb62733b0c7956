import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import { ACCESS } from '../../auth/access';
import type { Viewer } from '../../auth/viewer';
import type { SourceRecordRef } from './child.type';
import { sourceRecordRef } from './child.view';
import { prepared } from '../../db/prepared';

/** Per-request loaders: one query per page of children, whatever the page size (no N+1). */
export function childLoaders(pool: Pool, viewer: Viewer | null) {
  return {
    sourceRecords: new DataLoader<string, SourceRecordRef[]>(async (childIds) => {
      const sources = viewer === null ? [] : ACCESS[viewer.role].sources;
      const { rows } = await pool.query(prepared(
        `SELECT cr.child_id, r.id, r.source, r.record_key AS "recordKey", r.period
         FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id
         WHERE cr.child_id = ANY($1::text[]) AND r.source = ANY($2::text[])
         ORDER BY r.source, r.record_key`,
        [childIds, sources],
      ));
      const byChild = new Map<string, SourceRecordRef[]>();
      for (const row of rows) (byChild.get(row.child_id) ?? byChild.set(row.child_id, []).get(row.child_id)!).push(sourceRecordRef(row, viewer!));
      return childIds.map((id) => byChild.get(id) ?? []);
    }),
  };
}

export type ChildLoaders = ReturnType<typeof childLoaders>;
