import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../db/transaction';
import { CASE_ACCESS } from '../../auth/access';
import { Role } from '../../auth/roles';
import { inArea, type Viewer } from '../../auth/viewer';
import { isRealDate } from '../../../reconciliation/normalise/calendar';
import { normaliseName } from '../../../reconciliation/normalise';
import { BadRequestError, checkPageSize, decodeCursor, encodeCursor } from '../common/requests';
import { chinaDay, systemClock, type Clock } from '../ingest/periods';
import { auditCaseReads, auditReads } from '../audit/audit.store';
import { EventKind } from '../events/event-kinds';
import { emitEvents, lockEventWriters } from '../events/outbox';
import { caseDue } from './case-due';
import { ACTIVE_STATUSES, CASE_KIND_RULES, caseKindsReadBy, type CaseStatus } from './case-kinds';
import { appendEvents, changeStatus, openCases, type Actor } from './case-transitions';
import type { CaseStatusValue } from './case.type';
import { proposeChildren, type ReportCandidate } from './mandatory-report.matching';
import {
  ConcernKind, ReportStage,
  type AttachReportChildInput, type CloseReportInput, type ConcernReportConnection, type ConcernReportDetail, type ConcernReportStatus,
  type RecordReportAssessmentInput, type RecordReportResponseInput, type RecordReportSupportInput, type ReportCaseStatus, type ReportConcernInput,
} from './mandatory-report.type';

/** A step of the chain asked of a role that does not take it (the right role is named): FORBIDDEN. */
export class ReportForbiddenError extends Error {}

/**
 * Who takes each step of the mandatory report's chain (001 §二(三)(五)(六)): anyone but the
 * auditor reports; the police respond (出警), take emergency measures and notify the town; the town
 * supervisor and civil affairs assess, arrange support and close; the police or civil affairs
 * attach the child a report without an id is about. Always inside the role's own area.
 */
export const REPORT_STEP_ROLES = {
  report: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR],
  attach: [Role.POLICE, Role.CIVIL_AFFAIRS],
  respond: [Role.POLICE],
  assess: [Role.TOWN_SUPERVISOR, Role.CIVIL_AFFAIRS],
  support: [Role.TOWN_SUPERVISOR, Role.CIVIL_AFFAIRS],
  close: [Role.TOWN_SUPERVISOR, Role.CIVIL_AFFAIRS],
  /** Who reads a report's own words (the reporter, the description, the proposed children). */
  read: [Role.POLICE, Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR],
} as const satisfies Record<string, readonly Role[]>;
type Step = keyof typeof REPORT_STEP_ROLES;

/** The steps that move a report on, for a refusal that sends a client to them. */
export const MANDATORY_REPORT_STEPS = 'recordReportResponse (POLICE), then recordReportAssessment, recordReportSupport and closeReport (TOWN_SUPERVISOR, CIVIL_AFFAIRS)';

const PLAUSIBLE_CASE_ID = /^[1-9]\d{0,17}$/;
const PLAUSIBLE_CHILD_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_TEXT = 4000;
const MAX_NAME = 50;

/** The steps as case events, in the order the chain takes them; the latest one recorded is the stage. */
const STAGE_EVENTS = ['RESPONDED', 'ASSESSED', 'SUPPORT_ARRANGED'] as const;

interface ReportCaseRow {
  id: string;
  status: CaseStatus;
  owner_role: Role;
  child_id: string | null;
  county_code: string | null;
  area_code: string | null;
  opened_at: Date;
  due: Date;
  outcome: string | null;
  stage: string;
  continued_in: string | null;
}

const CASE_COLUMNS = `k.id::text, k.status, k.owner_role, k.child_id, k.county_code, k.area_code, k.opened_at, k.due, k.outcome, k.details->>'continuedIn' AS continued_in,
  coalesce((SELECT e.action FROM case_event e WHERE e.case_id = k.id AND e.action IN ('RESPONDED', 'ASSESSED', 'SUPPORT_ARRANGED') ORDER BY e.id DESC LIMIT 1), 'REPORTED') AS stage`;

/**
 * The mandatory report (强制报告) from the report to its closure, on the case model: a report opens
 * a MANDATORY_REPORT case owned by the police (response due in 24 h) or joins the one the child
 * already has; the response hands the case to civil affairs and the town (assessment due in 15
 * days); assessment, support and closure follow. Each step is a case event, append-only; the
 * report's own words are a concern_report row, append-only too, read only by the police, civil
 * affairs and the town supervisor of the area, and by the reporter (its status only).
 */
export class MandatoryReportService {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock = systemClock,
  ) {}

  async report(viewer: Viewer, input: ReportConcernInput): Promise<ConcernReportStatus> {
    this.mayTake(viewer, 'report');
    const now = this.clock();
    const today = chinaDay(now);
    const observedOn = realDay(input.observedOn, 'observedOn');
    if (observedOn > today) throw new BadRequestError('observedOn cannot be in the future');
    if (!(Object.values(ConcernKind) as string[]).includes(input.concern)) throw new BadRequestError(`concern must be one of ${Object.values(ConcernKind).join(', ')}`);
    const description = text(input.description, 'description', true)!;
    const byName = input.name != null || input.birthDate != null || input.areaCode != null;
    if (input.childId != null && byName) throw new BadRequestError('give the child id, or its name, birth date and area: not both');
    if (input.childId == null && !(input.name != null && input.birthDate != null && input.areaCode != null)) {
      throw new BadRequestError('a report names the child: its id, or its name, birth date and area');
    }
    const actor: Actor = { sub: viewer.sub, role: viewer.role };

    return inTransaction(this.pool, async (client) => {
      // The report is told (and a case opened with it): the event writers' lock comes first.
      await lockEventWriters(client);
      let child: { id: string; county_code: string; area_code: string } | null = null;
      let reported: { name: string; birthDate: string; areaCode: string } | null = null;
      if (input.childId != null) {
        child = await findChild(client, input.childId);
        // Outside the reporter's area: answered as no such child (the reporter gives a name instead).
        if (child === null || !inArea(viewer, child.area_code)) throw new BadRequestError(`no child ${input.childId}`);
      } else {
        const name = normaliseName(input.name).value;
        if (name === null || name.length > MAX_NAME) throw new BadRequestError(`name must be a child's name (at most ${MAX_NAME} characters)`);
        const birthDate = realDay(input.birthDate!, 'birthDate');
        if (birthDate > today) throw new BadRequestError('birthDate cannot be in the future');
        const areaCode = input.areaCode!;
        // A reporter sees a child anywhere in its county (a teacher, a neighbouring village's director).
        if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(areaCode) || !areaCode.startsWith(viewer.area.slice(0, 6))) {
          throw new BadRequestError('areaCode must be a county, town or village code (6, 9 or 12 digits) in your county');
        }
        reported = { name, birthDate, areaCode };
      }
      const areaCode = child?.area_code ?? reported!.areaCode;
      const countyCode = child?.county_code ?? areaCode.slice(0, 6);
      const opened = await openCases(client, [{
        childId: child?.id ?? null, kind: 'MANDATORY_REPORT', countyCode, areaCode, openedBy: 'PERSON', actor, refersTo: null, flagHeld: false,
        details: { concern: input.concern, observedOn }, note: `reported: ${input.concern}, observed on ${observedOn}`,
      }], now);
      let caseId: string;
      let joined = false;
      if (opened.length > 0) {
        caseId = opened[0].id;
      } else {
        // One case per child and kind: a second report (or one on a child the rule already flagged) joins it.
        const { rows } = await client.query(
          `/* activeMandatoryReport */ SELECT id::text FROM "case" WHERE child_id = $1 AND kind = 'MANDATORY_REPORT' AND status IN ('OPEN', 'IN_PROGRESS')`,
          [child!.id],
        );
        caseId = rows[0].id;
        joined = true;
        await appendEvents(client, [{ caseId, action: 'REPORTED', note: `reported again: ${input.concern}, observed on ${observedOn}`, details: { concern: input.concern, observedOn }, actor, flagHeld: null }], now);
      }
      const { rows } = await client.query(
        `/* insertConcernReport */
         INSERT INTO concern_report (case_id, reported_at, reporter_sub, reporter_role, reporter_area, concern, observed_on, description, child_id, reported_name, reported_birth_date, area_code, joined)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id::text`,
        [caseId, now, viewer.sub, viewer.role, viewer.area, input.concern, observedOn, description, child?.id ?? null, reported?.name ?? null, reported?.birthDate ?? null, areaCode, joined],
      );
      // Told with the report, whether it opened the case (CASE_OPENED came with it) or joined one:
      // the case, the child if known, the area. Never the reporter, the name given or the words.
      await emitEvents(client, [{ kind: EventKind.MANDATORY_REPORT_RECEIVED, caseId, caseKind: 'MANDATORY_REPORT', childId: child?.id ?? null, areaCode, countyCode }]);
      const [{ caseRead, ...status }] = await this.reportStatuses(client, `r.id = $1::bigint`, [rows[0].id], now, viewer.role);
      await auditCaseReads(client, viewer, [caseRead], 'reportConcern');
      return status;
    });
  }

  /** The viewer's own reports, newest first: the status of each, nothing of the child's file. */
  async myReports(viewer: Viewer, first = 20, after?: string | null): Promise<ConcernReportConnection> {
    checkPageSize(first);
    const before = after ? decodeCursor('reports', after, /^\d{1,18}$/) : null;
    const now = this.clock();
    return inTransaction(this.pool, async (client) => {
      const total = await client.query(`/* countMyReports */ SELECT count(*)::int AS n FROM concern_report WHERE reporter_sub = $1 AND reporter_role = $2`, [viewer.sub, viewer.role]);
      const nodes = await this.reportStatuses(
        client,
        `r.reporter_sub = $1 AND r.reporter_role = $2 AND ($3::bigint IS NULL OR r.id < $3::bigint) ORDER BY r.id DESC LIMIT $4`,
        [viewer.sub, viewer.role, before, first + 1],
        now,
        viewer.role,
      );
      const page = nodes.slice(0, first);
      await auditCaseReads(client, viewer, page.map((n) => n.caseRead), 'myReports');
      const edges = page.map(({ caseRead: _read, ...node }) => ({ cursor: encodeCursor('reports', node.id), node }));
      return { totalCount: total.rows[0].n, edges, pageInfo: { hasNextPage: nodes.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
    });
  }

  /**
   * The reports behind a case, for the police, civil affairs and the town supervisor of its area:
   * who reported what, and, while the case has no child, the children it may be about (police and
   * civil affairs, who attach the child). Audited: the case under its child, each proposed child.
   */
  async concernReports(viewer: Viewer, caseId: string): Promise<ConcernReportDetail[]> {
    this.mayTake(viewer, 'read');
    return inTransaction(this.pool, async (client) => {
      const row = await this.visibleCase(client, viewer, caseId, false);
      if (row === null) return [];
      const { rows } = await client.query(
        `/* concernReportsOfCase */
         SELECT id::text, case_id::text AS "caseId", concern, to_char(observed_on, 'YYYY-MM-DD') AS "observedOn", reported_at AS "reportedAt",
                reporter_sub AS "reporterSub", reporter_role AS "reporterRole", description, reported_name AS "reportedName",
                to_char(reported_birth_date, 'YYYY-MM-DD') AS "reportedBirthDate", area_code AS "areaCode"
         FROM concern_report WHERE case_id = $1::bigint ORDER BY id`,
        [row.id],
      );
      const proposes = row.child_id === null && (REPORT_STEP_ROLES.attach as readonly Role[]).includes(viewer.role);
      const details: ConcernReportDetail[] = [];
      const proposed = new Set<string>();
      for (const r of rows) {
        let candidates: ReportCandidate[] = [];
        if (proposes && r.reportedName !== null && r.reportedBirthDate !== null) {
          candidates = await proposeChildren(client, { name: r.reportedName, birthDate: r.reportedBirthDate, areaCode: r.areaCode }, narrower(viewer.area, r.areaCode.slice(0, 6)));
          for (const c of candidates) proposed.add(c.childId);
        }
        details.push({ ...r, childId: row.child_id, candidates });
      }
      await auditCaseReads(client, viewer, [{ id: row.id, childId: row.child_id }], 'concernReports');
      if (proposed.size > 0) await auditReads(client, viewer, `reportCandidates:case:${row.id}`, [...proposed]);
      return details;
    });
  }

  /** The police or civil affairs name the child a report without an id is about (from the proposals or otherwise). */
  async attachChild(viewer: Viewer, input: AttachReportChildInput): Promise<ReportCaseStatus> {
    const note = text(input.note, 'note', false);
    return this.step(viewer, 'attach', input.caseId, async (client, row, actor, now) => {
      if (!ACTIVE_STATUSES.includes(row.status)) throw new BadRequestError(`case ${row.id} is ${row.status}`);
      if (row.child_id !== null) throw new BadRequestError(`case ${row.id} is already about child ${row.child_id}`);
      const child = await findChild(client, input.childId);
      if (child === null || !inArea(viewer, child.area_code)) throw new BadRequestError(`no child ${input.childId}`);
      const { rows: owed } = await client.query(
        `/* childMandatoryReport */ SELECT id::text FROM "case" WHERE child_id = $1 AND kind = 'MANDATORY_REPORT' AND status IN ('OPEN', 'IN_PROGRESS')`,
        [child.id],
      );
      if (owed.length > 0) {
        // The child already has a report case owed: this one goes on there (one case per child and kind).
        const other = owed[0].id as string;
        await changeStatus(client, [{ caseId: row.id, status: 'CLOSED', action: 'MERGED', outcome: null, note: `the child already has case ${other}: the report goes on there`, details: { continuedIn: other, childId: child.id }, actor, releaseFlag: false }], now);
        await client.query(`/* reportContinuedIn */ UPDATE "case" SET details = details || jsonb_build_object('continuedIn', $2::text) WHERE id = $1::bigint`, [row.id, other]);
        await appendEvents(client, [{ caseId: other, action: 'REPORTED', note: `the report of case ${row.id} is about this child`, details: { from: row.id }, actor, flagHeld: null }], now);
        return other;
      }
      await client.query(
        `/* attachReportChild */
         WITH attached AS (
           UPDATE "case" SET child_id = $2, area_code = $3, county_code = $4, updated_at = $5 WHERE id = $1::bigint RETURNING id
         )
         INSERT INTO case_event (case_id, at, action, actor_sub, actor_role, note, details)
         SELECT id, $5, 'CHILD_ATTACHED', $6, $7, $8, jsonb_build_object('childId', $2::text) FROM attached`,
        [row.id, child.id, child.area_code, child.county_code, now, actor.sub, actor.role, note ?? `the report is about child ${child.id}`],
      );
      return row.id;
    });
  }

  /**
   * The police's response (出警), the emergency measure with whom the child stays, and the notice
   * to the town: the case passes to civil affairs and the town, due for assessment in 15 days.
   */
  async recordResponse(viewer: Viewer, input: RecordReportResponseInput): Promise<ReportCaseStatus> {
    const note = text(input.note, 'note', true)!;
    const careGiverName = text(input.careGiverName, 'careGiverName', false);
    const townNotifiedOn = realDay(input.townNotifiedOn, 'townNotifiedOn');
    const respondedAt = input.respondedAt instanceof Date ? input.respondedAt : new Date(input.respondedAt);
    if (Number.isNaN(respondedAt.getTime())) throw new BadRequestError('respondedAt must be a date and time');
    const caring = input.emergencyMeasure === 'TEMPORARY_CARE' || input.emergencyMeasure === 'SHELTER';
    if (caring && input.careGiver == null) throw new BadRequestError(`${input.emergencyMeasure} needs careGiver: with whom the child stays`);
    return this.step(viewer, 'respond', input.caseId, async (client, row, actor, now) => {
      if (respondedAt > now) throw new BadRequestError('respondedAt cannot be in the future');
      if (respondedAt < row.opened_at) throw new BadRequestError(`respondedAt is before case ${row.id} was opened`);
      if (townNotifiedOn > chinaDay(now)) throw new BadRequestError('townNotifiedOn cannot be in the future');
      if (townNotifiedOn < chinaDay(row.opened_at)) throw new BadRequestError(`townNotifiedOn is before case ${row.id} was opened`);
      if (!ACTIVE_STATUSES.includes(row.status)) throw new BadRequestError(`case ${row.id} is ${row.status}`);
      if (row.stage !== 'REPORTED') throw new BadRequestError(`case ${row.id} has its response already (stage ${row.stage})`);
      const details = {
        respondedAt: respondedAt.toISOString(), emergencyMeasure: input.emergencyMeasure,
        ...(input.careGiver == null ? {} : { careGiver: input.careGiver }), ...(careGiverName === null ? {} : { careGiverName }), townNotifiedOn,
      };
      // Handed over: civil affairs owns the case (the town supervisor assesses with it), due for assessment.
      await client.query(
        `/* reportHandedOver */
         WITH handed AS (
           UPDATE "case" SET status = 'IN_PROGRESS', owner_role = $2, due = $3::timestamptz + $4::interval, overdue_noted_at = NULL, updated_at = $3
           WHERE id = $1::bigint RETURNING id
         )
         INSERT INTO case_event (case_id, at, action, actor_sub, actor_role, note, details)
         SELECT id, $3, 'RESPONDED', $5, $6, $7, $8::jsonb FROM handed`,
        [row.id, Role.CIVIL_AFFAIRS, now, caseDue().MANDATORY_REPORT_ASSESSMENT, actor.sub, actor.role, note, JSON.stringify(details)],
      );
      return row.id;
    });
  }

  /** 安全处境, 监护情况, 身心健康 (001 §二(六)): the town supervisor or civil affairs, once the police responded. */
  async recordAssessment(viewer: Viewer, input: RecordReportAssessmentInput): Promise<ReportCaseStatus> {
    const details = { safety: text(input.safety, 'safety', true), guardianship: text(input.guardianship, 'guardianship', true), health: text(input.health, 'health', true) };
    const note = text(input.note, 'note', false);
    return this.step(viewer, 'assess', input.caseId, async (client, row, actor, now) => {
      if (!ACTIVE_STATUSES.includes(row.status)) throw new BadRequestError(`case ${row.id} is ${row.status}`);
      if (row.stage === 'REPORTED') throw new BadRequestError(`case ${row.id} waits for the police's response before its assessment`);
      if (row.stage !== 'RESPONDED') throw new BadRequestError(`case ${row.id} is assessed already`);
      await appendEvents(client, [{ caseId: row.id, action: 'ASSESSED', note, details, actor, flagHeld: null }], now);
      return row.id;
    });
  }

  /** 监护指导, 医疗救治, 心理疏导, 法律援助, 纳入保障…: after the assessment, as often as support is added. */
  async recordSupport(viewer: Viewer, input: RecordReportSupportInput): Promise<ReportCaseStatus> {
    const note = text(input.note, 'note', true);
    const measures = [...new Set(input.measures)];
    if (measures.length === 0) throw new BadRequestError('support names at least one measure (none needed: close the case with NO_CONCERN_FOUND)');
    return this.step(viewer, 'support', input.caseId, async (client, row, actor, now) => {
      if (!ACTIVE_STATUSES.includes(row.status)) throw new BadRequestError(`case ${row.id} is ${row.status}`);
      if (row.stage === 'REPORTED' || row.stage === 'RESPONDED') throw new BadRequestError(`case ${row.id} is not assessed yet: support follows the assessment`);
      await appendEvents(client, [{ caseId: row.id, action: 'SUPPORT_ARRANGED', note, details: { measures }, actor, flagHeld: null }], now);
      return row.id;
    });
  }

  /** Closes an assessed report with an outcome of the kind's list; SUPPORT_ARRANGED only once support is recorded. */
  async close(viewer: Viewer, input: CloseReportInput): Promise<ReportCaseStatus> {
    const note = text(input.note, 'note', true);
    const outcomes = CASE_KIND_RULES.MANDATORY_REPORT.outcomes;
    if (!outcomes.includes(input.outcome)) throw new BadRequestError(`outcome must be one of ${outcomes.join(', ')}`);
    return this.step(viewer, 'close', input.caseId, async (client, row, actor, now) => {
      if (!ACTIVE_STATUSES.includes(row.status)) throw new BadRequestError(`case ${row.id} is already ${row.status}`);
      if (row.stage === 'REPORTED' || row.stage === 'RESPONDED') throw new BadRequestError(`case ${row.id} is not assessed yet: it closes after its assessment`);
      if (input.outcome === 'SUPPORT_ARRANGED' && row.stage !== 'SUPPORT_ARRANGED') throw new BadRequestError('SUPPORT_ARRANGED needs the support recorded first');
      await changeStatus(client, [{ caseId: row.id, status: 'CLOSED', action: 'CLOSED', outcome: input.outcome, note, details: {}, actor, releaseFlag: false }], now);
      return row.id;
    });
  }

  /**
   * One step on one case: the role may take it (else FORBIDDEN, naming who does), the case is a
   * MANDATORY_REPORT inside the viewer's area (else "no case", whether it exists or not), locked
   * for the step; the answer is the case after the step, and its read is audited.
   */
  private async step(viewer: Viewer, step: Step, caseId: string, act: (client: PoolClient, row: ReportCaseRow, actor: Actor, now: Date) => Promise<string>): Promise<ReportCaseStatus> {
    this.mayTake(viewer, step);
    const now = this.clock();
    return inTransaction(this.pool, async (client) => {
      // Attaching may close the case as merged, closing closes it: both are told, and the event
      // writers' lock comes before the case's row lock.
      if (step === 'attach' || step === 'close') await lockEventWriters(client);
      const row = await this.visibleCase(client, viewer, caseId, true);
      if (row === null) throw new BadRequestError(`no case ${caseId}`);
      const resultId = await act(client, row, { sub: viewer.sub, role: viewer.role }, now);
      const after = (await this.caseRows(client, `k.id = $1::bigint`, [resultId]))[0];
      await auditCaseReads(client, viewer, [{ id: after.id, childId: after.child_id }], step);
      return caseStatus(after, now);
    });
  }

  private mayTake(viewer: Viewer, step: Step): void {
    const roles: readonly Role[] = REPORT_STEP_ROLES[step];
    if (!roles.includes(viewer.role)) throw new ReportForbiddenError(`${viewer.role} may not ${STEP_WORDS[step]}: ${roles.join(' or ')} does`);
  }

  /** A MANDATORY_REPORT case in the viewer's area (county first, for the county's index; a case known only by its county is in the county's area, as in CaseService). */
  private async visibleCase(client: PoolClient, viewer: Viewer, caseId: string, lock: boolean): Promise<ReportCaseRow | null> {
    if (!PLAUSIBLE_CASE_ID.test(caseId)) return null;
    if (lock) await client.query(`/* lockReportCase */ SELECT 1 FROM "case" WHERE id = $1::bigint FOR UPDATE`, [caseId]);
    const rows = await this.caseRows(client, `k.id = $1::bigint AND k.kind = 'MANDATORY_REPORT' AND k.county_code = $2 AND coalesce(k.area_code, k.county_code) >= $3 AND coalesce(k.area_code, k.county_code) < $3 || ':'`, [caseId, viewer.area.slice(0, 6), viewer.area]);
    return rows[0] ?? null;
  }

  private async caseRows(client: PoolClient, where: string, params: unknown[]): Promise<ReportCaseRow[]> {
    const { rows } = await client.query<ReportCaseRow>(`/* reportCase */ SELECT ${CASE_COLUMNS} FROM "case" k WHERE ${where}`, params);
    return rows;
  }

  /** Reports with their case's (or, for a report merged into another case, that case's) status. */
  /**
   * Where reports stand, as their reporter sees them. A reporter whose role does not read
   * mandatory-report cases (education) is not told that its report joined a case already open for
   * the child: that case may have been opened by a flag the role does not see (ALONE_UNDER_16), or
   * by another reporter. It follows its own report: due when a case of its own would have been.
   */
  private async reportStatuses(client: PoolClient, where: string, params: unknown[], now: Date, reader: Role): Promise<(ConcernReportStatus & { caseRead: { id: string; childId: string | null } })[]> {
    const { rows } = await client.query(
      `/* concernReportStatus */
       SELECT r.id::text AS report_id, r.concern, to_char(r.observed_on, 'YYYY-MM-DD') AS "observedOn", r.reported_at AS "reportedAt", r.joined,
         r.reported_at + $${params.length + 1}::interval AS "ownDue", c.*
       FROM concern_report r
         JOIN "case" own ON own.id = r.case_id
         CROSS JOIN LATERAL (SELECT ${CASE_COLUMNS} FROM "case" k WHERE k.id = coalesce((own.details->>'continuedIn')::bigint, own.id)) c
       WHERE ${where}`,
      [...params, caseDue().MANDATORY_REPORT],
    );
    const readsReportCases = (caseKindsReadBy(reader, CASE_ACCESS[reader].reads) ?? ['MANDATORY_REPORT']).includes('MANDATORY_REPORT');
    return rows.map((r) => {
      const status = caseStatus(r, now);
      const unseenCase = r.joined && !readsReportCases;
      const deadline = unseenCase && status.stage === 'REPORTED' ? { due: r.ownDue, overdue: now.getTime() > new Date(r.ownDue).getTime() } : { due: status.due, overdue: status.overdue };
      return {
        id: r.report_id, caseId: status.caseId, concern: r.concern, observedOn: r.observedOn, reportedAt: r.reportedAt, joined: unseenCase ? false : r.joined,
        childIdentified: r.child_id !== null, stage: status.stage, status: status.status, ...deadline, outcome: status.outcome,
        caseRead: { id: status.caseId, childId: r.child_id },
      };
    });
  }

}

const STEP_WORDS: Record<Step, string> = {
  report: 'report a concern',
  attach: "attach a report's child",
  respond: 'record the response to a report',
  assess: 'record the assessment of a report',
  support: 'record the support arranged for a report',
  close: 'close a report',
  read: 'read the reports behind a case',
};

function caseStatus(row: ReportCaseRow, now: Date): ReportCaseStatus {
  const active = ACTIVE_STATUSES.includes(row.status);
  return {
    caseId: row.id,
    stage: active ? (row.stage as ReportStage) : ReportStage.SETTLED,
    status: row.status as CaseStatusValue,
    ownerRole: row.owner_role,
    childId: row.child_id,
    areaCode: row.area_code,
    due: row.due,
    overdue: active && row.due < now,
    outcome: row.outcome,
  };
}

async function findChild(client: PoolClient, childId: string): Promise<{ id: string; county_code: string; area_code: string } | null> {
  if (!PLAUSIBLE_CHILD_ID.test(childId)) return null;
  const { rows } = await client.query(
    `/* reportedChild */ SELECT id, county_code, area_code FROM child WHERE id = coalesce((SELECT child_id FROM child_alias WHERE alias = $1), $1)`,
    [childId],
  );
  return rows[0] ?? null;
}

/** The narrower of two area prefixes, one inside the other (the viewer's area and the report's county). */
function narrower(a: string, b: string): string {
  return a.length >= b.length ? a : b;
}

function realDay(value: string, field: string): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date === null || !isRealDate(Number(date[1]), Number(date[2]), Number(date[3]))) throw new BadRequestError(`${field} must be a real date, YYYY-MM-DD (got "${value}")`);
  return value;
}

function text(value: string | null | undefined, field: string, required: boolean): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') {
    if (required) throw new BadRequestError(`${field} is required`);
    return null;
  }
  if (trimmed.length > MAX_TEXT) throw new BadRequestError(`${field} is limited to ${MAX_TEXT} characters`);
  return trimmed;
}
