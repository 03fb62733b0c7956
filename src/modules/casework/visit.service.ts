import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import { inArea, type Viewer } from '../../auth/viewer';
import { BadRequestError } from '../common/requests';
import type { RecordVisitInput, VisitRecord } from './visit.type';
import { chinaToday } from '../ingest/periods';
import { prepared } from '../../db/prepared';
import { isRealDate } from '../../../reconciliation/normalise/calendar';

/** Child ids are 'C' and hex digits; anything else (a NUL, a page of text) is no child and never reaches SQL. */
const PLAUSIBLE_CHILD_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A visit's notes: what was found, a few paragraphs at most. */
const MAX_NOTES = 4000;

const COLUMNS = `id::text, kind, to_char(visited_on, 'YYYY-MM-DD') AS "visitedOn", notes, recorded_by AS "recordedBy"`;

/** Visits: village directors record them for the children of their village (004 annex 3). */
export class VisitService {
  constructor(private readonly pool: Pool) {}

  async record(viewer: Viewer, input: RecordVisitInput, today = chinaToday(new Date())): Promise<VisitRecord> {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.visitedOn);
    // A real calendar day (not 2026-02-30, which Date.parse would quietly turn into 2 March).
    if (date === null || !isRealDate(Number(date[1]), Number(date[2]), Number(date[3]))) throw new BadRequestError(`visitedOn must be a real date, YYYY-MM-DD (got "${input.visitedOn}")`);
    if (input.visitedOn > today) throw new BadRequestError('visitedOn cannot be in the future');
    const notes = input.notes.trim();
    if (notes === '') throw new BadRequestError('a visit needs notes: what was found');
    if (notes.length > MAX_NOTES) throw new BadRequestError(`notes are limited to ${MAX_NOTES} characters`);
    const { rows: found } = PLAUSIBLE_CHILD_ID.test(input.childId)
      ? await this.pool.query(
          `/* visitedChild */ SELECT id, area_code, golden->'birthDate'->>'value' AS birth_date FROM child
           WHERE id = coalesce((SELECT child_id FROM child_alias WHERE alias = $1), $1)`,
          [input.childId],
        )
      : { rows: [] };
    // Outside the village: answered as no such child.
    if (found.length === 0 || !inArea(viewer, found[0].area_code)) throw new BadRequestError(`no child ${input.childId}`);
    if (found[0].birth_date !== null && input.visitedOn < found[0].birth_date) throw new BadRequestError(`visitedOn ${input.visitedOn} is before the child was born`);
    const { rows } = await this.pool.query(
      `INSERT INTO visit (child_id, kind, visited_on, notes, recorded_by, area_code, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING ${COLUMNS}`,
      [found[0].id, input.kind, input.visitedOn, notes, viewer.sub, found[0].area_code],
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
