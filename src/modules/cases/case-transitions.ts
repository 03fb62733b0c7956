import type { ClientBase, PoolClient } from 'pg';
import { CASE_KINDS, CASE_KIND_RULES, type CaseKind, type CaseStatus } from './case-kinds';
import { caseDue, kindTable } from './case-due';
import { EventKind } from '../events/event-kinds';
import { lockEventWriters } from '../events/outbox';

/**
 * Every change of a case's state happens here, and each writes its event in the same statement:
 * a case opens (openCases), changes status (changeStatus: started, resolved, closed, reopened),
 * gains an event without changing (appendEvents: a note, a flag raised again on an open case),
 * or is first seen overdue (noteOverdue). Whoever needs to know of a transition (notifications,
 * issue 15) has one place per transition to listen at.
 *
 * The transitions that departments are told of write their outbox event (events/outbox.ts) in that
 * same statement: a case opened (CASE_OPENED), resolved or closed (CASE_RESOLVED, CASE_CLOSED), first
 * seen overdue (CASE_OVERDUE). Ids and codes only: the case, its kind, its child, its area, and the
 * quarter whose data moved it when the hub did. Each first takes the event writers' lock; a caller
 * that locks case rows takes it before them (lockEventWriters), as a reconciliation does when it
 * writes children, so that two writers never wait on each other in opposite orders.
 */

/** The quarter of the child's flags, for a case the data moved (the hub), as flag events tell it. */
const DATA_QUARTER = (child: string, actorRole: string) => `CASE WHEN ${actorRole} IS NULL THEN to_char(${child}.flags_as_of, 'YYYY"Q"Q') END`;

/** Who acts: a token's subject and role, or the hub itself (rules at reconciliation). */
export interface Actor {
  sub: string;
  role: string | null;
}
export const HUB_ACTOR: Actor = Object.freeze({ sub: 'hub', role: null });

export interface OpenRequest {
  childId: string | null;
  kind: CaseKind;
  countyCode: string | null;
  areaCode: string | null;
  openedBy: 'RULE' | 'PERSON';
  actor: Actor;
  refersTo: string | null;
  flagHeld: boolean;
  details: Record<string, unknown>;
  note: string | null;
  /** When the work began, if not now (a parent missing since the day it was reported); the deadline counts from it. */
  openedAt?: Date;
}

const OWNERS = Object.fromEntries(CASE_KINDS.map((k) => [k, CASE_KIND_RULES[k].owner])) as Record<CaseKind, string>;

/**
 * Opens cases, due after their kind's period (case-due.ts). A request for a child and kind that
 * already has a case still owed opens nothing (the partial unique index decides, so two runs or
 * two people at once cannot open two); the answer lists what was opened.
 */
export async function openCases(client: PoolClient, requests: readonly OpenRequest[], now: Date): Promise<{ id: string; childId: string | null; kind: CaseKind }[]> {
  if (requests.length === 0) return [];
  await lockEventWriters(client);
  // Opened cases are matched back to their requests by (child, kind) with coalesce, not IS NOT
  // DISTINCT FROM, so that the join can hash: the latter compared every pair of one kind's
  // requests (a first run of a million-record county opens 20,000 cases).
  const { rows } = await client.query(
    `/* openCases */
     WITH wanted AS (
       SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::boolean[], $12::jsonb[], $13::text[], $14::timestamptz[])
         WITH ORDINALITY AS w(child_id, kind, county_code, area_code, opened_by, actor_sub, actor_role, refers_to, flag_held, details, note, opened_at, n)
     ), opened AS (
       INSERT INTO "case" (kind, status, owner_role, child_id, county_code, area_code, opened_at, due, opened_by, opened_by_sub, refers_to, flag_held, details, updated_at)
       SELECT w.kind, 'OPEN', k.value->>'owner', w.child_id, w.county_code, w.area_code, coalesce(w.opened_at, $1), coalesce(w.opened_at, $1) + (k.value->>'due')::interval, w.opened_by,
              CASE WHEN w.opened_by = 'PERSON' THEN w.actor_sub END, w.refers_to, w.flag_held, w.details, $1
       FROM wanted w JOIN jsonb_each($2::jsonb) k ON k.key = w.kind
       ORDER BY w.n
       ON CONFLICT DO NOTHING
       RETURNING id, child_id, kind, area_code, county_code
     ), events AS (
       INSERT INTO case_event (case_id, at, action, actor_sub, actor_role, note, details)
       SELECT o.id, $1, 'OPENED', w.actor_sub, w.actor_role, w.note, w.details FROM opened o JOIN wanted w ON coalesce(w.child_id, '') = coalesce(o.child_id, '') AND w.kind = o.kind
     ), told AS (
       INSERT INTO event (kind, child_id, case_id, case_kind, area_code, county_code, period)
       SELECT '${EventKind.CASE_OPENED}', o.child_id, o.id::text, o.kind, o.area_code, o.county_code, ${DATA_QUARTER('c', 'w.actor_role')}
       FROM opened o JOIN wanted w ON coalesce(w.child_id, '') = coalesce(o.child_id, '') AND w.kind = o.kind LEFT JOIN child c ON c.id = o.child_id
       ORDER BY o.id
     )
     SELECT id::text, child_id AS "childId", kind FROM opened`,
    [
      now,
      kindTable(caseDue(), OWNERS),
      requests.map((r) => r.childId),
      requests.map((r) => r.kind),
      requests.map((r) => r.countyCode),
      requests.map((r) => r.areaCode),
      requests.map((r) => r.openedBy),
      requests.map((r) => r.actor.sub),
      requests.map((r) => r.actor.role),
      requests.map((r) => r.refersTo),
      requests.map((r) => r.flagHeld),
      requests.map((r) => JSON.stringify(r.details)),
      requests.map((r) => r.note),
      requests.map((r) => r.openedAt ?? null),
    ],
  );
  return rows;
}

export interface StatusChange {
  caseId: string;
  status: CaseStatus;
  /** STARTED, RESOLVED, CLOSED, REOPENED, MERGED… */
  action: string;
  outcome: string | null;
  note: string | null;
  details: Record<string, unknown>;
  actor: Actor;
  /** The case no longer stands for the flag being present (the flag cleared, or the case merged away). */
  releaseFlag: boolean;
}

/**
 * Moves cases to a new status with their events. An outcome is kept only on a settled case
 * (RESOLVED, CLOSED); reopening clears it. Settling ends an overdue spell: a case reopened past
 * its date is overdue anew, and told so again. Reopening a case whose child has another case of
 * the kind still owed fails on the unique index (the caller says why).
 */
export async function changeStatus(client: PoolClient, changes: readonly StatusChange[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  await lockEventWriters(client);
  await client.query(
    `/* changeCaseStatus */
     WITH wanted AS (
       SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::text[], $10::boolean[])
         WITH ORDINALITY AS w(case_id, status, action, outcome, note, details, actor_sub, actor_role, release_flag, n)
     ), changed AS (
       UPDATE "case" c SET status = w.status, outcome = CASE WHEN w.status IN ('RESOLVED', 'CLOSED') THEN w.outcome END, updated_at = $1,
         flag_held = c.flag_held AND NOT w.release_flag,
         overdue_noted_at = CASE WHEN w.status IN ('RESOLVED', 'CLOSED') THEN NULL ELSE c.overdue_noted_at END
       FROM wanted w WHERE c.id = w.case_id
       RETURNING c.id, c.kind, c.child_id, c.area_code, c.county_code
     ), told AS (
       INSERT INTO event (kind, child_id, case_id, case_kind, area_code, county_code, period)
       SELECT CASE w.status WHEN 'RESOLVED' THEN '${EventKind.CASE_RESOLVED}' ELSE '${EventKind.CASE_CLOSED}' END,
              c.child_id, c.id::text, c.kind, c.area_code, c.county_code, ${DATA_QUARTER('child', 'w.actor_role')}
       FROM changed c JOIN wanted w ON w.case_id = c.id LEFT JOIN child ON child.id = c.child_id
       WHERE w.status IN ('RESOLVED', 'CLOSED') ORDER BY w.n
     )
     INSERT INTO case_event (case_id, at, action, actor_sub, actor_role, note, outcome, details)
     SELECT w.case_id, $1, w.action, w.actor_sub, w.actor_role, w.note, w.outcome, w.details FROM wanted w JOIN changed c ON c.id = w.case_id`,
    [
      now,
      changes.map((c) => c.caseId),
      changes.map((c) => c.status),
      changes.map((c) => c.action),
      changes.map((c) => c.outcome),
      changes.map((c) => c.note),
      changes.map((c) => JSON.stringify(c.details)),
      changes.map((c) => c.actor.sub),
      changes.map((c) => c.actor.role),
      changes.map((c) => c.releaseFlag),
    ],
  );
}

export interface CaseNote {
  caseId: string;
  action: string;
  note: string | null;
  details: Record<string, unknown>;
  actor: Actor;
  /** Set or release the case's hold on its flag along with the event (null: leave it). */
  flagHeld: boolean | null;
}

/** Events that leave the status as it is: a note, a flag raised again on a case still owed or cleared on a settled one. */
export async function appendEvents(client: PoolClient, notes: readonly CaseNote[], now: Date): Promise<void> {
  if (notes.length === 0) return;
  await client.query(
    `/* appendCaseEvents */
     WITH wanted AS (
       SELECT * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::boolean[])
         AS w(case_id, action, note, details, actor_sub, actor_role, flag_held)
     ), touched AS (
       UPDATE "case" c SET updated_at = $1, flag_held = coalesce(w.flag_held, c.flag_held) FROM wanted w WHERE c.id = w.case_id RETURNING c.id
     )
     INSERT INTO case_event (case_id, at, action, actor_sub, actor_role, note, details)
     SELECT w.case_id, $1, w.action, w.actor_sub, w.actor_role, w.note, w.details FROM wanted w JOIN touched t ON t.id = w.case_id`,
    [
      now,
      notes.map((n) => n.caseId),
      notes.map((n) => n.action),
      notes.map((n) => n.note),
      notes.map((n) => JSON.stringify(n.details)),
      notes.map((n) => n.actor.sub),
      notes.map((n) => n.actor.role),
      notes.map((n) => n.flagHeld),
    ],
  );
}

/**
 * Cases still owed whose deadline has passed get one OVERDUE case event and one CASE_OVERDUE
 * outbox event per overdue spell, the first time the hub sees them so: the scheduled deadline job
 * (jobs/deadlines.ts) looks every minute, a reconciliation run at its end. Overdue itself is read
 * from `due` at every query: this only records when it was first noticed, and tells it. A spell
 * ends when the case is settled (changeStatus) or its deadline moves (the report's hand-over).
 */
export async function noteOverdue(client: ClientBase, now: Date): Promise<number> {
  await lockEventWriters(client);
  const { rowCount } = await client.query(
    `/* noteOverdueCases */
     WITH overdue AS (
       UPDATE "case" SET overdue_noted_at = $1 WHERE status IN ('OPEN', 'IN_PROGRESS') AND due < $1 AND overdue_noted_at IS NULL
       RETURNING id, due, kind, child_id, area_code, county_code
     ), told AS (
       INSERT INTO event (kind, child_id, case_id, case_kind, area_code, county_code)
       SELECT '${EventKind.CASE_OVERDUE}', child_id, id::text, kind, area_code, county_code FROM overdue ORDER BY due, id
     )
     INSERT INTO case_event (case_id, at, action, actor_sub, actor_role, note, details)
     SELECT id, $1, 'OVERDUE', 'hub', NULL, 'past its due date', jsonb_build_object('due', due) FROM overdue`,
    [now],
  );
  return rowCount ?? 0;
}
