import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import { inArea, type Viewer } from '../../auth/viewer';
import { BadRequestError } from '../sharing/child.service';
import type { RecordVisitInput, VisitRecord } from './visit.type';
import { prepared } from '../../db/prepared';

const COLUMNS = `id::text, kind, to_char(visited_on, 'YYYY-MM-DD') AS "visitedOn", notes, recorded_by AS "recordedBy"`;

/** Visits: village directors record them for the children of their village (004 annex 3). */
export class VisitService {
  constructor(private readonly pool: Pool) {}

  async record(viewer: Viewer, input: RecordVisitInput, today = new Date().toISOString().slice(0, 10)): Promise<VisitRecord> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.visitedOn) || Number.isNaN(Date.parse(input.visitedOn))) throw new BadRequestError('visitedOn must be a date, YYYY-MM-DD');
    if (input.visitedOn > today) throw new BadRequestError('visitedOn cannot be in the future');
    if (input.notes.trim() === '') throw new BadRequestError('a visit needs notes: what was found');
    const { rows: found } = await this.pool.query(
      `SELECT id, area_code FROM child WHERE id = coalesce((SELECT child_id FROM child_alias WHERE alias = $1), $1)`,
      [input.childId],
    );
    // Outside the village: answered as no such child.
    if (found.length === 0 || !inArea(viewer, found[0].area_code)) throw new BadRequestError(`no child ${input.childId}`);
    const { rows } = await this.pool.query(
      `INSERT INTO visit (child_id, kind, visited_on, notes, recorded_by, area_code, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING ${COLUMNS}`,
      [found[0].id, input.kind, input.visitedOn, input.notes.trim(), viewer.sub, found[0].area_code],
    );
    return rows[0];
  }

  /** Per request: the visits of many children in one query. */
  loader(): DataLoader<string, VisitRecord[]> {
    return new DataLoader(async (childIds) => {
      const { rows } = await this.pool.query(prepared(`SELECT child_id, ${COLUMNS} FROM visit WHERE child_id = ANY($1::text[]) ORDER BY visited_on DESC, id DESC`, [childIds]));
      const byChild = new Map<string, VisitRecord[]>();
      for (const { child_id, ...visit } of rows) (byChild.get(child_id) ?? byChild.set(child_id, []).get(child_id)!).push(visit);
      return childIds.map((id) => byChild.get(id) ?? []);
    });
  }
}
