import { registerEnumType } from 'type-graphql';
import { ACCESS, FILE_READERS, seesWholeFile } from '../../auth/access';
import { Role } from '../../auth/roles';
import type { Viewer } from '../../auth/viewer';

/** What happened. Case kinds are written by casework, in its own transactions (outbox.ts emitEvent). */
export enum EventKind {
  FLAG_RAISED = 'FLAG_RAISED',
  FLAG_CLEARED = 'FLAG_CLEARED',
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
}

registerEnumType(EventKind, { name: 'EventKind', description: 'What an event tells.' });

const ALL_ROLES = Object.values(Role);
const wholeFileReaders = ALL_ROLES.filter((role) => seesWholeFile(ACCESS[role]));
/** The department whose export an import reads. */
const SOURCE_OF: Partial<Record<Role, string>> = { [Role.CIVIL_AFFAIRS]: 'civil-affairs', [Role.EDUCATION]: 'education', [Role.POLICE]: 'police' };

/**
 * Which roles hear of each kind, by the API's rules (auth/access.ts): a flag's events go to the
 * roles that see that flag on a file (checked per event, ACCESS[role].flags); a change of identity
 * to the roles that read files; a review item to those who work the review queue (the roles that
 * read whole files); an import to civil affairs and the department that exported it (checked per
 * event, by its source). Cases go to those who keep the casework (whole files), and a mandatory
 * report to the police too (001 §二(三)). The auditor reads who read what, never what happened to
 * a child.
 */
export const EVENT_READERS: Readonly<Record<EventKind, readonly Role[]>> = {
  [EventKind.FLAG_RAISED]: FILE_READERS,
  [EventKind.FLAG_CLEARED]: FILE_READERS,
  [EventKind.CHILDREN_MERGED]: FILE_READERS,
  [EventKind.CHILD_SPLIT]: FILE_READERS,
  [EventKind.REVIEW_ITEM_CREATED]: wholeFileReaders,
  [EventKind.IMPORT_FINISHED]: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE],
  [EventKind.RECONCILIATION_FINISHED]: FILE_READERS,
  [EventKind.CASE_OPENED]: wholeFileReaders,
  [EventKind.CASE_OVERDUE]: wholeFileReaders,
  [EventKind.CASE_RESOLVED]: wholeFileReaders,
  [EventKind.CASE_CLOSED]: wholeFileReaders,
  [EventKind.MANDATORY_REPORT_RECEIVED]: [...wholeFileReaders, Role.POLICE],
};

/** The kinds a role hears of at all. */
export function kindsFor(role: Role): EventKind[] {
  return (Object.keys(EVENT_READERS) as EventKind[]).filter((kind) => EVENT_READERS[kind].includes(role));
}

/**
 * What one audience (a token's viewer, or a webhook's role and area) may be told, as SQL
 * parameters: the event's kind among the role's, its flag (if any) among the flags the role sees,
 * its source (if any) the role's own unless the role reads every department, and its area
 * (the child's, else the county's) inside the audience's area.
 */
export interface EventAudience {
  kinds: EventKind[];
  flags: string[];
  /** null: every department's imports. */
  source: string | null;
  area: string;
}

export function audienceOf(viewer: Pick<Viewer, 'role' | 'area'>): EventAudience {
  const access = ACCESS[viewer.role];
  return {
    kinds: kindsFor(viewer.role),
    flags: [...access.flags],
    source: viewer.role === Role.CIVIL_AFFAIRS ? null : (SOURCE_OF[viewer.role] ?? '-'),
    area: viewer.area,
  };
}

/**
 * The SQL condition for an audience, on `event e`, with its parameters from `$first`: the one
 * place the rules above become a query (the events query, webhook fan-out and subscriptions all
 * use it).
 */
export function audienceCondition(audience: EventAudience, first: number): { sql: string; values: unknown[] } {
  const [kinds, flags, source, area] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
  return {
    sql: `e.kind = ANY(${kinds}::text[])
      AND (e.flag IS NULL OR e.flag = ANY(${flags}::text[]))
      AND (e.source IS NULL OR ${source}::text IS NULL OR e.source = ${source}::text)
      AND left(coalesce(e.area_code, e.county_code, ''), length(${area}::text)) = ${area}::text`,
    values: [audience.kinds, audience.flags, audience.source, audience.area],
  };
}
