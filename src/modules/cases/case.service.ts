import type { Pool, PoolClient } from 'pg';
import { CASE_ACCESS } from '../../auth/access';
import type { Role } from '../../auth/roles';
import { inArea, type Viewer } from '../../auth/viewer';
import { isRealDate } from '../../../reconciliation/normalise/calendar';
import { auditCaseReads } from '../audit/audit.store';
import { lockEventWriters } from '../events/outbox';
import { BadRequestError, checkPageSize, decodeCursor, encodeCursor } from '../common/requests';
import { chinaDay, systemClock, type Clock } from '../ingest/periods';
import { ACTIVE_STATUSES, CASE_KIND_RULES, isCaseKind, type CaseKind, type CaseStatus } from './case-kinds';
import { appendEvents, changeStatus, openCases, type Actor } from './case-transitions';
import { MANDATORY_REPORT_STEPS } from './mandatory-report.service';
import { caseView } from './case.view';
import type { CaseConnection, CaseEventNode, CaseFilter, CaseNode, MissingParent, UpdateCaseInput } from './case.type';

/** The hub refuses an action on a case the viewer may see but not do (the wrong role): FORBIDDEN. */
export class CaseForbiddenError extends Error {}

/** Case ids are positive integers; anything else is no case and never reaches SQL. */
const PLAUSIBLE_CASE_ID = /^[1-9]\d{0,17}$/;
const PLAUSIBLE_CHILD_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A note: what was done or found, a few paragraphs at most (as a visit's notes). */
const MAX_NOTE = 4000;

interface CaseRow {
  id: string;
  kind: CaseKind;
  status: CaseStatus;
  owner_role: Role;
  child_id: string | null;
  county_code: string | null;
  area_code: string | null;
  opened_at: Date;
  due: Date;
  outcome: string | null;
  opened_by: string;
  refers_to: string | null;
  details: Record<string, unknown>;
}

const CASE_COLUMNS = `k.id::text, k.kind, k.status, k.owner_role, k.child_id, k.county_code, k.area_code, k.opened_at, k.due, k.outcome, k.opened_by, k.refers_to::text, k.details`;

/**
 * Cases as each role may see and work them (auth/access.ts CASE_ACCESS; the owners in
 * case-kinds.ts). Area scope is applied in SQL, as for files: a case outside the viewer's area, or
 * of a kind the role neither owns nor reads, is indistinguishable from no case. Every case read is
 * audited in the same transaction as the read, under its child's id.
 */
export class CaseService {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock = systemClock,
  ) {}

  async cases(viewer: Viewer, filter: CaseFilter = {}, first = 20, after?: string | null): Promise<CaseConnection> {
    checkPageSize(first);
    const now = this.clock();
    const prefix = scopePrefix(viewer, filter.areaCode);
    // A child id that cannot be one is no child: no case, and it never reaches SQL.
    if (prefix === null || (filter.childId != null && !PLAUSIBLE_CHILD_ID.test(filter.childId))) return { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const params: unknown[] = [];
    const where = visibleTo(viewer, prefix, params);
    if (filter.kind) where.push(`k.kind = $${params.push(filter.kind)}`);
    if (filter.status) where.push(`k.status = $${params.push(filter.status)}`);
    if (filter.owner) where.push(`k.owner_role = $${params.push(filter.owner)}`);
    if (filter.childId != null) where.push(`k.child_id = $${params.push(filter.childId)}`);
    if (filter.overdue === true) where.push(`k.status IN ('OPEN', 'IN_PROGRESS') AND k.due < $${params.push(now)}`);
    if (filter.overdue === false) where.push(`NOT (k.status IN ('OPEN', 'IN_PROGRESS') AND k.due < $${params.push(now)})`);
    const condition = where.join(' AND ');
    const [afterDue, afterId] = after ? decodeCursor('case', after, /^\d{4}-\d\d-\d\dT[\d:.]+Z\|\d+$/).split('|') : [null, null];
    // One statement: the count, the page with its events, and the audit rows of the cases shown,
    // which commit together or not at all (no audit row, no answer), in one round trip.
    const n = params.length;
    const { rows } = await this.pool.query<CaseRow & { total: number; events: (Omit<CaseEventNode, 'at'> & { at: string })[] | null }>(
      `/* listCases */
       WITH page AS (
         SELECT ${CASE_COLUMNS} FROM "case" k
         WHERE ${condition} AND ($${n + 1}::timestamptz IS NULL OR (k.due, k.id) > ($${n + 1}::timestamptz, $${n + 2}::bigint))
         ORDER BY k.due, k.id LIMIT $${n + 3}
       ), shown AS (
         SELECT id, child_id FROM page ORDER BY due, id::bigint LIMIT $${n + 3} - 1
       ), audited AS (
         INSERT INTO audit_entry (at, subject, role, area, operation, child_id)
         SELECT clock_timestamp(), $${n + 4}, $${n + 5}, $${n + 6}, 'case:' || id, child_id FROM shown WHERE child_id IS NOT NULL
       )
       SELECT t.total, p.*,
         (SELECT json_agg(json_build_object('id', e.id::text, 'at', e.at, 'action', e.action, 'actorSub', e.actor_sub, 'actorRole', e.actor_role,
                                            'note', e.note, 'outcome', e.outcome, 'details', e.details) ORDER BY e.id)
          FROM case_event e WHERE e.case_id = p.id::bigint) AS events
       FROM (SELECT count(*)::int AS total FROM "case" k WHERE ${condition}) t LEFT JOIN page p ON true
       ORDER BY p.due, p.id::bigint`,
      [...params, afterDue, afterId, first + 1, viewer.sub, viewer.role, viewer.area],
    );
    const found = rows.filter((r) => r.id !== null);
    const edges = found.slice(0, first).map((row) => {
      const events = (row.events ?? []).map((e) => ({ ...e, at: new Date(e.at) }));
      const node = caseView(caseNode(row, events, now), viewer);
      return { cursor: encodeCursor('case', `${node.due.toISOString()}|${node.id}`), node };
    });
    return { totalCount: rows[0]?.total ?? 0, edges, pageInfo: { hasNextPage: found.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async case(viewer: Viewer, id: string): Promise<CaseNode | null> {
    if (!PLAUSIBLE_CASE_ID.test(id)) return null;
    return this.audited(viewer, async (client) => {
      const row = await this.visibleCase(client, viewer, id, false);
      const nodes = row === null ? [] : await this.withEvents(client, viewer, [row], this.clock());
      return { rows: row === null ? [] : [row], result: nodes[0] ?? null };
    });
  }

  /**
   * START, RESOLVE, CLOSE and REOPEN: the kind's owner role inside its area (and, for a kind
   * shared once overdue, the roles it is shared with). NOTE: also the roles that may note
   * (CASE_ACCESS). A case the viewer cannot see is answered as no case; one it sees but may not
   * act on is refused (FORBIDDEN).
   */
  async update(viewer: Viewer, input: UpdateCaseInput): Promise<CaseNode> {
    const now = this.clock();
    if (!PLAUSIBLE_CASE_ID.test(input.id)) throw new BadRequestError(`no case ${input.id}`);
    const note = input.note?.trim() || null;
    if (note !== null && note.length > MAX_NOTE) throw new BadRequestError(`a note is limited to ${MAX_NOTE} characters`);
    const actor: Actor = { sub: viewer.sub, role: viewer.role };
    const node = await this.audited(viewer, async (client) => {
      // A status change is told (case-transitions.ts): the event writers' lock comes before the
      // case's row lock, in the order every writer of events takes them.
      if (input.action !== 'NOTE') await lockEventWriters(client);
      const row = await this.visibleCase(client, viewer, input.id, true);
      if (row === null) throw new BadRequestError(`no case ${input.id}`);
      const rule = CASE_KIND_RULES[row.kind];
      const active = ACTIVE_STATUSES.includes(row.status);
      if (input.action === 'NOTE') {
        if (!CASE_ACCESS[viewer.role].notes) throw new CaseForbiddenError(`${viewer.role} may read cases, not add notes`);
        if (note === null) throw new BadRequestError('NOTE needs a note');
        await appendEvents(client, [{ caseId: row.id, action: 'NOTE', note, details: {}, actor, flagHeld: null }], now);
      } else {
        if (!actsOn(viewer, row, now)) throw new CaseForbiddenError(`only ${rule.owner} of the case's area may ${input.action.toLowerCase()} a ${row.kind} case`);
        // The mandatory report moves on through its own steps, each by its role (mandatory-report.service.ts).
        if (row.kind === 'MANDATORY_REPORT' && input.action !== 'REOPEN') throw new BadRequestError(`a MANDATORY_REPORT case moves on through its steps: ${MANDATORY_REPORT_STEPS}`);
        if (input.action === 'START') {
          if (row.status !== 'OPEN') throw new BadRequestError(`case ${row.id} is ${row.status}: only an OPEN case can be started`);
          await changeStatus(client, [{ caseId: row.id, status: 'IN_PROGRESS', action: 'STARTED', outcome: null, note, details: {}, actor, releaseFlag: false }], now);
        } else if (input.action === 'RESOLVE' || input.action === 'CLOSE') {
          if (!active) throw new BadRequestError(`case ${row.id} is already ${row.status}`);
          if (input.outcome == null || !rule.outcomes.includes(input.outcome)) throw new BadRequestError(`${input.action} needs an outcome of ${row.kind}: ${rule.outcomes.join(', ')}`);
          if (note === null) throw new BadRequestError(`${input.action} needs a note: what was done`);
          const status: CaseStatus = input.action === 'RESOLVE' ? 'RESOLVED' : 'CLOSED';
          await changeStatus(client, [{ caseId: row.id, status, action: status, outcome: input.outcome, note, details: {}, actor, releaseFlag: false }], now);
        } else {
          if (active) throw new BadRequestError(`case ${row.id} is ${row.status}: only a RESOLVED or CLOSED case can be reopened`);
          if (note === null) throw new BadRequestError('REOPEN needs a note: why');
          const open = await client.query(`/* activeCaseOfKind */ SELECT id::text FROM "case" WHERE child_id = $1 AND kind = $2 AND status IN ('OPEN', 'IN_PROGRESS')`, [row.child_id, row.kind]);
          if (open.rows.length > 0) throw new BadRequestError(`the child already has ${row.kind} case ${open.rows[0].id} open: note there instead`);
          await changeStatus(client, [{ caseId: row.id, status: 'IN_PROGRESS', action: 'REOPENED', outcome: null, note, details: {}, actor, releaseFlag: false }], now);
        }
      }
      const updated = (await this.visibleCase(client, viewer, row.id, false))!;
      return { rows: [updated], result: (await this.withEvents(client, viewer, [updated], now))[0] };
    });
    return node;
  }

  /**
   * Police record a parent missing (失联): a MISSING_PARENT case, due six months (configurable)
   * after the day it was reported, then shared with civil affairs (000 §五(三)).
   */
  async recordMissingParent(viewer: Viewer, childId: string, parent: MissingParent, reportedOn: string): Promise<CaseNode> {
    const now = this.clock();
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reportedOn);
    if (date === null || !isRealDate(Number(date[1]), Number(date[2]), Number(date[3]))) throw new BadRequestError(`reportedOn must be a real date, YYYY-MM-DD (got "${reportedOn}")`);
    if (reportedOn > chinaDay(now)) throw new BadRequestError('reportedOn cannot be in the future');
    return this.audited(viewer, async (client) => {
      await lockEventWriters(client);
      const { rows: found } = PLAUSIBLE_CHILD_ID.test(childId)
        ? await client.query(
            `/* missingParentChild */ SELECT id, county_code, area_code, golden->'birthDate'->>'value' AS birth_date FROM child
             WHERE id = coalesce((SELECT child_id FROM child_alias WHERE alias = $1), $1)`,
            [childId],
          )
        : { rows: [] };
      if (found.length === 0 || !inArea(viewer, found[0].area_code)) throw new BadRequestError(`no child ${childId}`);
      const child = found[0];
      if (child.birth_date !== null && reportedOn < child.birth_date) throw new BadRequestError(`reportedOn ${reportedOn} is before the child was born`);
      const opened = await openCases(
        client,
        [{
          childId: child.id, kind: 'MISSING_PARENT', countyCode: child.county_code, areaCode: child.area_code, openedBy: 'PERSON', actor: { sub: viewer.sub, role: viewer.role },
          refersTo: null, flagHeld: false, details: { parent, reportedOn }, note: `${parent.toLowerCase()} reported missing on ${reportedOn}`, openedAt: new Date(`${reportedOn}T00:00:00+08:00`),
        }],
        now,
      );
      if (opened.length === 0) {
        const { rows } = await client.query(`/* activeMissingParent */ SELECT id::text FROM "case" WHERE child_id = $1 AND kind = 'MISSING_PARENT' AND status IN ('OPEN', 'IN_PROGRESS')`, [child.id]);
        throw new BadRequestError(`the child already has MISSING_PARENT case ${rows[0]?.id ?? ''} open: add a note there`);
      }
      const row = (await this.visibleCase(client, viewer, opened[0].id, false))!;
      return { rows: [row], result: (await this.withEvents(client, viewer, [row], now))[0] };
    });
  }

  /**
   * Overdue cases per kind and area one level down (`down`: 9 for a county's towns, 12 for a
   * town's villages): counts only, for the dashboard, which civil affairs and supervisors read.
   */
  async overdueCounts(area: string, down: number): Promise<{ kind: string; areaCode: string; count: number }[]> {
    // A county needs no range on the area (see visibleTo).
    const inArea = area.length === 6 ? '' : `AND coalesce(area_code, county_code) >= $1 AND coalesce(area_code, county_code) < $1 || ':'`;
    const { rows } = await this.pool.query(
      `/* overdueCaseCounts */
       SELECT kind, left(coalesce(area_code, county_code), $3) AS "areaCode", count(*)::int AS count
       FROM "case" WHERE county_code = left($1, 6) ${inArea} AND status IN ('OPEN', 'IN_PROGRESS') AND due < $2
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [area, this.clock(), down],
    );
    return rows;
  }

  /** One case if the viewer may see it (locked for the update when `lock`). */
  private async visibleCase(client: PoolClient, viewer: Viewer, id: string, lock: boolean): Promise<CaseRow | null> {
    const params: unknown[] = [];
    const where = visibleTo(viewer, viewer.area, params);
    const { rows } = await client.query<CaseRow>(
      `/* oneCase */ SELECT ${CASE_COLUMNS} FROM "case" k WHERE k.id = $${params.push(id)}::bigint AND ${where.join(' AND ')}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** The cases with their events, as the viewer may see them (case.view.ts). */
  private async withEvents(client: PoolClient, viewer: Viewer, rows: readonly CaseRow[], now: Date): Promise<CaseNode[]> {
    if (rows.length === 0) return [];
    const { rows: events } = await client.query<CaseEventNode & { caseId: string }>(
      `/* caseEvents */ SELECT case_id::text AS "caseId", id::text, at, action, actor_sub AS "actorSub", actor_role AS "actorRole", note, outcome, details
       FROM case_event WHERE case_id = ANY($1::bigint[]) ORDER BY case_id, id`,
      [rows.map((r) => r.id)],
    );
    const byCase = new Map<string, CaseEventNode[]>();
    for (const { caseId, ...event } of events) (byCase.get(caseId) ?? byCase.set(caseId, []).get(caseId)!).push(event);
    return rows.map((row) => caseView(caseNode(row, byCase.get(row.id) ?? [], now), viewer));
  }

  /** Runs a read and audits the cases it returns in one transaction: no audit row, no answer. */
  private async audited<T>(viewer: Viewer, read: (client: PoolClient) => Promise<{ rows: readonly CaseRow[]; result: T }>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows, result } = await read(client);
      await auditCaseReads(client, viewer, rows.map((r) => ({ id: r.id, childId: r.child_id })));
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

/** The conditions (on alias `k`) under which the viewer sees a case, inside `prefix`. */
function visibleTo(viewer: Viewer, prefix: string, params: unknown[]): string[] {
  // The county column first: the (county, due) index serves a county's lists and overdue counts,
  // and a county-wide viewer needs no other condition on the area (a text range costs a
  // collation comparison per case). A child known only to its county (no village or town code)
  // is in its county's area.
  const where = [`k.county_code = $${params.push(prefix.slice(0, 6))}`];
  if (prefix.length > 6) {
    const area = 'coalesce(k.area_code, k.county_code)';
    where.push(`${area} >= $${params.push(prefix)}`, `${area} < $${params.length} || ':'`);
  }
  // The police keep reading a mandatory report once they hand it to the town and civil affairs:
  // they help with its assessment (001 §三(一)4: 配合做好…安全处境、监护情况等调查评估工作).
  const alsoReads = viewer.role === 'POLICE' ? ` OR k.kind = 'MANDATORY_REPORT'` : '';
  if (CASE_ACCESS[viewer.role].reads === 'owned') where.push(`(k.owner_role = $${params.push(viewer.role)}${alsoReads})`);
  return where;
}

/** Whether the viewer may move the case on: its owner role in its area, or a role it is shared with once overdue. */
function actsOn(viewer: Viewer, row: CaseRow, now: Date): boolean {
  if (!inArea(viewer, row.area_code ?? row.county_code)) return false;
  return viewer.role === row.owner_role || sharedWith(row, now).includes(viewer.role);
}

function sharedWith(row: CaseRow, now: Date): Role[] {
  return ACTIVE_STATUSES.includes(row.status) && row.due < now ? [...CASE_KIND_RULES[row.kind].sharedWhenOverdue] : [];
}

function caseNode(row: CaseRow, events: CaseEventNode[], now: Date): CaseNode {
  if (!isCaseKind(row.kind)) throw new Error(`case ${row.id} has an unknown kind ${row.kind}`);
  return {
    id: row.id,
    kind: row.kind as never,
    status: row.status as never,
    ownerRole: row.owner_role,
    sharedWith: sharedWith(row, now),
    childId: row.child_id,
    areaCode: row.area_code ?? row.county_code,
    openedAt: row.opened_at,
    due: row.due,
    overdue: ACTIVE_STATUSES.includes(row.status) && row.due < now,
    outcome: row.outcome,
    outcomes: [...CASE_KIND_RULES[row.kind].outcomes],
    openedBy: row.opened_by,
    refersTo: row.refers_to,
    details: row.details,
    events,
  };
}

/** The area to list: the filter's when it lies inside the viewer's, the viewer's when the filter is wider; null when they are apart. */
export function scopePrefix(viewer: Viewer, areaCode: string | undefined | null): string | null {
  if (areaCode === undefined || areaCode === null || areaCode === '') return viewer.area;
  if (!/^\d+$/.test(areaCode)) throw new BadRequestError('areaCode must be digits (a GB/T 2260 code prefix)');
  if (areaCode.startsWith(viewer.area)) return areaCode;
  if (viewer.area.startsWith(areaCode)) return viewer.area;
  return null;
}
