import type { Pool } from 'pg';
import { audienceCondition, type EventAudience, type EventKind } from './event-kinds';

export interface EventRow {
  id: string;
  kind: EventKind;
  childId: string | null;
  otherChildId: string | null;
  caseId: string | null;
  caseKind: string | null;
  reviewItemId: number | null;
  importId: number | null;
  runId: number | null;
  flag: string | null;
  strength: string | null;
  source: string | null;
  areaCode: string | null;
  countyCode: string | null;
  period: string | null;
  occurredAt: Date;
}

export const EVENT_COLUMNS = `e.id::text AS id, e.kind, e.child_id AS "childId", e.other_child_id AS "otherChildId", e.case_id AS "caseId", e.case_kind AS "caseKind",
  e.review_item_id AS "reviewItemId", e.import_id AS "importId", e.run_id AS "runId", e.flag, e.strength, e.source, e.area_code AS "areaCode",
  e.county_code AS "countyCode", e.period, e.occurred_at AS "occurredAt"`;

/** Reads the outbox, only ever through an audience's condition (event-kinds.ts). */
export class EventStore {
  constructor(private readonly pool: Pool) {}

  /** Up to `limit` events after `after`, oldest first, that `audience` may be told (and of `kinds`, when given). */
  async page(audience: EventAudience, after: string, limit: number): Promise<EventRow[]> {
    const visible = audienceCondition(audience, 3);
    const { rows } = await this.pool.query<EventRow>(
      `/* eventsPage */ SELECT ${EVENT_COLUMNS} FROM event e WHERE e.id > $1::bigint AND ${visible.sql} ORDER BY e.id LIMIT $2`,
      [after, limit, ...visible.values],
    );
    return rows;
  }
}
