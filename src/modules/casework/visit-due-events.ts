import type { ClientBase } from 'pg';
import { EventKind } from '../events/event-kinds';
import { emitEvents, lockEventWriters } from '../events/outbox';
import { chinaDay } from '../ingest/periods';
import { DUE_SQL, VISITED_FLAGS } from './visits-due.service';

/**
 * Visits falling due, told (VISIT_DUE) by the deadline job (jobs/deadlines.ts): the API's rule
 * (visits-due.service.ts, 002 §二(二)6) gives each child looked after a clear moment, the China day
 * after its last contact plus a month, or after its last home visit plus three months; a child
 * never visited is owed one from the day it is looked after. Each look tells the children the
 * rule lists today that were not told since their last recorded visit (or ever, if never visited):
 * once per child and per visit, not at every look. What was told is read from the outbox itself
 * (a partial index of VISIT_DUE events by child), so nothing else keeps state per child.
 *
 * The child's id and area only, as for a flag: the dates stay in visitsDue, where a read is audited.
 */
export async function tellVisitsDue(client: ClientBase, now: Date): Promise<number> {
  // The rule read first, without the event writers' lock (most looks find no one new): the lock,
  // which holds every other writer of events until this transaction commits, is taken only to
  // write what was found.
  const { rows } = await client.query<{ child_id: string; area_code: string }>(
    `/* visitsDueUntold */
     WITH due AS (${DUE_SQL})
     SELECT d.child_id, d.area_code FROM due d
     WHERE NOT EXISTS (
       SELECT 1 FROM event e WHERE e.kind = '${EventKind.VISIT_DUE}' AND e.child_id = d.child_id
         AND e.occurred_at >= coalesce((SELECT max(v.recorded_at) FROM visit v WHERE v.child_id = d.child_id), '-infinity'))
     ORDER BY d.child_id`,
    ['', chinaDay(now), VISITED_FLAGS],
  );
  if (rows.length === 0) return 0;
  await lockEventWriters(client);
  await emitEvents(client, rows.map((r) => ({ kind: EventKind.VISIT_DUE, childId: r.child_id, areaCode: r.area_code })));
  return rows.length;
}
