import type { ClientBase } from 'pg';
import { EventKind } from './event-kinds';

/**
 * The transactional outbox: events are rows of `event`, written by the caller's client inside the
 * caller's transaction, so that an event exists if and only if its change committed. Ids and codes
 * only (event.entity.ts).
 *
 * Flags raised and cleared are written by statement-level triggers on `child` (migration
 * 20261206110600), whatever writes a child's flags: the reconciliation's upsert, its re-evaluation
 * of a county's flags when a new quarter arrives, and any later writer.
 */
export interface NewEvent {
  kind: EventKind;
  childId?: string | null;
  otherChildId?: string | null;
  caseId?: string | null;
  /** The case's kind, for a case event (who may hear of it: event-kinds.ts). */
  caseKind?: string | null;
  reviewItemId?: number | null;
  importId?: number | null;
  runId?: number | null;
  flag?: string | null;
  source?: string | null;
  areaCode?: string | null;
  countyCode?: string | null;
  period?: string | null;
}

/**
 * Taken by every writer of events before it writes one, until its commit: ids are handed out in
 * commit order, so a reader that resumes after the last id it saw (events(after:), the webhook
 * fan-out) never misses an event committed later with a smaller id. Writers of events are few
 * (a reconciliation, an import's end, casework); the flag triggers take the same lock.
 */
export async function lockEventWriters(client: ClientBase): Promise<void> {
  await client.query(`/* lockEventWriters */ SELECT pg_advisory_xact_lock(hashtext('hub:events'))`);
}

const COLUMNS = ['kind', 'child_id', 'other_child_id', 'case_id', 'case_kind', 'review_item_id', 'import_id', 'run_id', 'flag', 'source', 'area_code', 'county_code', 'period'] as const;
const TYPES = ['text', 'text', 'text', 'text', 'text', 'int', 'int', 'int', 'text', 'text', 'text', 'text', 'text'] as const;

function columnsOf(e: NewEvent): unknown[] {
  return [e.kind, e.childId ?? null, e.otherChildId ?? null, e.caseId ?? null, e.caseKind ?? null, e.reviewItemId ?? null, e.importId ?? null, e.runId ?? null, e.flag ?? null, e.source ?? null,
    e.areaCode ?? null, e.countyCode ?? (e.areaCode ? e.areaCode.slice(0, 6) : null), e.period ?? null];
}

/** Writes one event with `client`, inside whatever transaction `client` is in. */
export async function emitEvent(client: ClientBase, event: NewEvent): Promise<void> {
  await emitEvents(client, [event]);
}

/** Writes events in one statement (arrays unnested), in the given order: ids follow it. */
export async function emitEvents(client: ClientBase, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await lockEventWriters(client);
  const rows = events.map(columnsOf);
  const arrays = COLUMNS.map((_, c) => rows.map((r) => r[c]));
  await client.query(
    `/* emitEvents */ INSERT INTO event (${COLUMNS.join(', ')})
     SELECT ${COLUMNS.join(', ')} FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) WITH ORDINALITY AS u(${COLUMNS.join(', ')}, n) ORDER BY n`,
    arrays,
  );
}

/** What a reconciliation run wrote, as far as its events need. */
export interface RunEventsInput {
  runId: number;
  merged: readonly { absorbed: string; into: string }[];
  /** The run's link changes (read once more here: they are produced on demand). */
  links: Iterable<{ kind: string; childId: string; previousChildId: string | null }>;
  /** The counties the run evaluated flags for: each hears that the run finished. */
  counties: readonly string[];
}

/**
 * A reconciliation's events, in its transaction, once its children, links and review items are
 * written (IdentityStore.saveRun), set-based:
 * - children merged: the surviving child, and the absorbed one;
 * - children split: records of an existing child moved by this run to a child this run created
 *   (from the run's link changes, in memory: link_event has no index by run);
 * - review items this run opened (created in this transaction: `created_at = now()`, which is the
 *   transaction's start, while an item kept open from an earlier run keeps its own time);
 * - one "reconciliation finished" per county the run evaluated.
 */
export async function recordRunEvents(client: ClientBase, run: RunEventsInput): Promise<void> {
  await lockEventWriters(client);
  if (run.merged.length > 0) {
    await client.query(
      `/* childrenMergedEvents */ INSERT INTO event (kind, child_id, other_child_id, run_id, area_code, county_code)
       SELECT '${EventKind.CHILDREN_MERGED}', m.to_child, m.absorbed, $3, c.area_code, c.county_code
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS m(absorbed, to_child, n) LEFT JOIN child c ON c.id = m.to_child ORDER BY m.to_child, m.n`,
      [run.merged.map((m) => m.absorbed), run.merged.map((m) => m.into), run.runId],
    );
  }
  const moves = new Map<string, { into: string; from: string }>();
  for (const l of run.links) if (l.kind === 'moved' && l.previousChildId !== null) moves.set(`${l.childId} ${l.previousChildId}`, { into: l.childId, from: l.previousChildId });
  if (moves.size > 0) {
    const pairs = [...moves.values()].sort((a, b) => (a.into === b.into ? (a.from < b.from ? -1 : 1) : a.into < b.into ? -1 : 1));
    await client.query(
      `/* childSplitEvents */ INSERT INTO event (kind, child_id, other_child_id, run_id, area_code, county_code)
       SELECT '${EventKind.CHILD_SPLIT}', s.to_child, s.from_child, $3, c.area_code, c.county_code
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(to_child, from_child, n) JOIN child c ON c.id = s.to_child AND c.created_run_id = $3
       ORDER BY s.n`,
      [pairs.map((p) => p.into), pairs.map((p) => p.from), run.runId],
    );
  }
  await client.query(
    `/* reviewItemCreatedEvents */ INSERT INTO event (kind, child_id, other_child_id, review_item_id, run_id, area_code, county_code)
     SELECT '${EventKind.REVIEW_ITEM_CREATED}', i.left_child_id, i.right_child_id, i.id, $1, coalesce(c.area_code, i.county_code), i.county_code
     FROM review_item i LEFT JOIN child c ON c.id = i.left_child_id
     WHERE i.run_id = $1 AND i.status = 'OPEN' AND i.created_at = now() ORDER BY i.id`,
    [run.runId],
  );
  await emitEvents(client, [...run.counties].sort().map((county) => ({ kind: EventKind.RECONCILIATION_FINISHED, runId: run.runId, countyCode: county })));
}

/** An import's end, in the transaction that marks it done. */
export async function recordImportFinished(client: ClientBase, importId: number): Promise<void> {
  await lockEventWriters(client);
  await client.query(
    `/* importFinishedEvent */ INSERT INTO event (kind, import_id, source, county_code, period)
     SELECT '${EventKind.IMPORT_FINISHED}', id, source, county_code, period FROM import_run WHERE id = $1`,
    [importId],
  );
}
