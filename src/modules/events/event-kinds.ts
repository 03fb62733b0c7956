import { registerEnumType } from 'type-graphql';
import { ACCESS, CASE_ACCESS, FILE_READERS, seesWholeFile } from '../../auth/access';
import { Role } from '../../auth/roles';
import type { Viewer } from '../../auth/viewer';
import { caseKindsReadBy } from '../cases/case-kinds';

/**
 * What happened. Flags raised, cleared and changed in strength (DROPOUT: TO_VERIFY ⇄ CONFIRMED)
 * are written by triggers on `child` (migrations 20261206110600, 20261206220500). Case kinds are written by casework with the change (cases/case-transitions.ts),
 * CASE_OVERDUE when a case still owed is first seen past its deadline (by the scheduled deadline
 * job or a reconciliation), MANDATORY_REPORT_RECEIVED with each report (a new case or one joined),
 * VISIT_DUE when a child looked after falls due for a visit (the deadline job).
 */
export enum EventKind {
  FLAG_RAISED = 'FLAG_RAISED',
  FLAG_CLEARED = 'FLAG_CLEARED',
  FLAG_STRENGTH_CHANGED = 'FLAG_STRENGTH_CHANGED',
  CHILDREN_MERGED = 'CHILDREN_MERGED',
  CHILD_SPLIT = 'CHILD_SPLIT',
  REVIEW_ITEM_CREATED = 'REVIEW_ITEM_CREATED',
  IMPORT_FINISHED = 'IMPORT_FINISHED',
  RECONCILIATION_FINISHED = 'RECONCILIATION_FINISHED',
  CASE_OPENED = 'CASE_OPENED',
  CASE_OVERDUE = 'CASE_OVERDUE',
  CASE_RESOLVED = 'CASE_RESOLVED',
  CASE_CLOSED = 'CASE_CLOSED',
  MANDATORY_REPORT_RECEIVED = 'MANDATORY_REPORT_RECEIVED',
  VISIT_DUE = 'VISIT_DUE',
}

registerEnumType(EventKind, { name: 'EventKind', description: 'What an event tells.' });

const ALL_ROLES = Object.values(Role);
const wholeFileReaders = ALL_ROLES.filter((role) => seesWholeFile(ACCESS[role]));
/** The roles that read cases, but the auditor (who reads who read what, never what happened). */
const caseReaders = ALL_ROLES.filter((role) => role !== Role.AUDITOR);
/** The department whose export an import reads. */
const SOURCE_OF: Partial<Record<Role, string>> = { [Role.CIVIL_AFFAIRS]: 'civil-affairs', [Role.EDUCATION]: 'education', [Role.POLICE]: 'police' };

/**
 * Which roles hear of each kind, by the API's rules (auth/access.ts): a flag's events go to the
 * roles that see that flag on a file (checked per event, ACCESS[role].flags); a change of identity
 * to the roles that read files; a review item to those who work the review queue (the roles that
 * read whole files); an import to civil affairs and the department that exported it (checked per
 * event, by its source). A case's events go to the roles that read that case (checked per event,
 * by its case kind: education and police read the kinds they own, the police the mandatory report
 * too; civil affairs, supervisors and directors every case of their area). The auditor reads who
 * read what, never what happened to a child. A visit owed goes to those who read the visits owed
 * (visitsDue: the village director who makes them and the town supervisor who oversees them).
 */
export const EVENT_READERS: Readonly<Record<EventKind, readonly Role[]>> = {
  [EventKind.FLAG_RAISED]: FILE_READERS,
  [EventKind.FLAG_CLEARED]: FILE_READERS,
  [EventKind.FLAG_STRENGTH_CHANGED]: FILE_READERS,
  [EventKind.CHILDREN_MERGED]: FILE_READERS,
  [EventKind.CHILD_SPLIT]: FILE_READERS,
  [EventKind.REVIEW_ITEM_CREATED]: wholeFileReaders,
  [EventKind.IMPORT_FINISHED]: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE],
  [EventKind.RECONCILIATION_FINISHED]: FILE_READERS,
  [EventKind.CASE_OPENED]: caseReaders,
  [EventKind.CASE_OVERDUE]: caseReaders,
  [EventKind.CASE_RESOLVED]: caseReaders,
  [EventKind.CASE_CLOSED]: caseReaders,
  [EventKind.MANDATORY_REPORT_RECEIVED]: caseReaders,
  [EventKind.VISIT_DUE]: [Role.VILLAGE_DIRECTOR, Role.TOWN_SUPERVISOR],
};

/** The kinds a role hears of at all. */
export function kindsFor(role: Role): EventKind[] {
  return (Object.keys(EVENT_READERS) as EventKind[]).filter((kind) => EVENT_READERS[kind].includes(role));
}

/**
 * What one audience (a token's viewer, or a webhook's role and area) may be told, as SQL
 * parameters: the event's kind among the role's, its flag (if any) among the flags the role sees,
 * its source (if any) the role's own unless the role reads every department, its case kind (if
 * any) among those the role reads, and its area (the child's, else the county's) inside the
 * audience's area.
 */
export interface EventAudience {
  kinds: EventKind[];
  flags: string[];
  /** null: every department's imports. */
  source: string | null;
  /** null: every kind of case. */
  caseKinds: string[] | null;
  area: string;
}

export function audienceOf(viewer: Pick<Viewer, 'role' | 'area'>): EventAudience {
  const access = ACCESS[viewer.role];
  return {
    kinds: kindsFor(viewer.role),
    flags: [...access.flags],
    source: viewer.role === Role.CIVIL_AFFAIRS ? null : (SOURCE_OF[viewer.role] ?? '-'),
    caseKinds: caseKindsReadBy(viewer.role, CASE_ACCESS[viewer.role].reads),
    area: viewer.area,
  };
}

/**
 * The SQL condition for an audience, on `event e`, with its parameters from `$first`: the one
 * place the rules above become a query (the events query, webhook fan-out and subscriptions all
 * use it).
 */
export function audienceCondition(audience: EventAudience, first: number): { sql: string; values: unknown[] } {
  const [kinds, flags, source, area, caseKinds] = [first, first + 1, first + 2, first + 3, first + 4].map((n) => `$${n}`);
  return {
    sql: `e.kind = ANY(${kinds}::text[])
      AND (e.flag IS NULL OR e.flag = ANY(${flags}::text[]))
      AND (e.source IS NULL OR ${source}::text IS NULL OR e.source = ${source}::text)
      AND (e.case_kind IS NULL OR ${caseKinds}::text[] IS NULL OR e.case_kind = ANY(${caseKinds}::text[]))
      AND left(coalesce(e.area_code, e.county_code, ''), length(${area}::text)) = ${area}::text`,
    values: [audience.kinds, audience.flags, audience.source, audience.area, audience.caseKinds],
  };
}
