import { Role } from '../../auth/roles';
import type { ChildFlag } from '../identity/flags';
import { LEFT_CARE_OUTCOMES } from './case-leaving';

/**
 * The kinds of follow-up work the hub assigns (issue 13 §2; docs/DOMAIN.md "Cases"): who owns
 * each, what opens it, and the outcomes it may close with. One table, so that the API, the rule
 * that opens cases at reconciliation and the checks on an outcome read the same answer. A kind
 * with steps of its own (the mandatory report's response, assessment and support) keeps them in
 * the case's and its events' `details`, not in new columns.
 */
export const CASE_KINDS = ['DROPOUT_FOLLOW_UP', 'REGISTRATION', 'MANDATORY_REPORT', 'MISSING_PARENT'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_STATUSES = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** A case still owed: what "open" means for the one-open-case rule and for overdue. */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ['OPEN', 'IN_PROGRESS'];

export interface CaseKindRule {
  /** The role that does the work and may act on the case inside its area. */
  owner: Role;
  /** The flag whose raising opens the case at reconciliation (none: opened by a person). */
  flag: ChildFlag | null;
  /**
   * The outcomes a person may close it with, from the policy's own list, and the child's leaving
   * the county's care (AGED_OUT, LEFT_CARE: case-leaving.ts), which the hub also records.
   */
  outcomes: readonly string[];
  /** The outcome the hub records when a later import clears the flag. */
  resolvedByData: string | null;
  /**
   * Roles that may act besides the owner once the case is past its due date (000 §五(三): a
   * parent missing for six months is shared with civil affairs).
   */
  sharedWhenOverdue: readonly Role[];
  /** What the policy calls it. */
  label: string;
}

export const CASE_KIND_RULES: Readonly<Record<CaseKind, CaseKindRule>> = {
  // 控辍保学 (001 §二(一)2, 002 §9): education persuades the child back to school.
  DROPOUT_FOLLOW_UP: {
    owner: Role.EDUCATION,
    flag: 'DROPOUT',
    outcomes: ['RETURNED_TO_SCHOOL', 'TRANSFERRED', 'EXEMPT', 'STILL_OUT', ...LEFT_CARE_OUTCOMES],
    resolvedByData: 'RETURNED_TO_SCHOOL',
    sharedWhenOverdue: [],
    label: '劝返复学',
  },
  // 落户 (004 §四(三), 000 §五(三)): police register the child.
  REGISTRATION: {
    owner: Role.POLICE,
    flag: 'UNREGISTERED',
    outcomes: ['REGISTERED', 'REGISTERED_ELSEWHERE', 'NOT_ELIGIBLE', ...LEFT_CARE_OUTCOMES],
    resolvedByData: 'REGISTERED',
    sharedWhenOverdue: [],
    label: '落户',
  },
  // 强制报告 (001 §二(三)): police respond first; the town and civil affairs assess and support.
  // Its chain (reportConcern and the steps after it) builds on this case.
  MANDATORY_REPORT: {
    owner: Role.POLICE,
    flag: 'ALONE_UNDER_16',
    outcomes: ['GUARDIANSHIP_RESTORED', 'SUPPORT_ARRANGED', 'NO_CONCERN_FOUND', 'REFERRED', ...LEFT_CARE_OUTCOMES],
    resolvedByData: 'GUARDIANSHIP_RESTORED',
    sharedWhenOverdue: [],
    label: '强制报告',
  },
  // 失联父母 (000 §五(三)): police trace the parent; after six months civil affairs shares the case.
  MISSING_PARENT: {
    owner: Role.POLICE,
    flag: null,
    outcomes: ['FOUND', 'STILL_MISSING_SHARED', ...LEFT_CARE_OUTCOMES],
    resolvedByData: null,
    sharedWhenOverdue: [Role.CIVIL_AFFAIRS],
    label: '失联父母',
  },
};

/** The kinds that a flag opens, with their flag: what reconciliation follows. */
export const RULE_KINDS: readonly { kind: CaseKind; flag: ChildFlag }[] = CASE_KINDS.flatMap((kind) => {
  const flag = CASE_KIND_RULES[kind].flag;
  return flag === null ? [] : [{ kind, flag }];
});

export function isCaseKind(value: string): value is CaseKind {
  return (CASE_KINDS as readonly string[]).includes(value);
}

/**
 * The case kinds a role reads, by the API's rules (auth/access.ts CASE_ACCESS, and CaseService's
 * visibleTo): null for a role that reads every case of its area; otherwise the kinds it owns, and
 * for the police the mandatory report too, which they keep reading once handed over (001 §三(一)4).
 * A kind's owner only changes at the report's hand-over, to civil affairs, which reads every case:
 * the kind alone answers who reads a case, as it was when an event about it was written.
 */
export function caseKindsReadBy(role: Role, reads: 'all' | 'owned'): CaseKind[] | null {
  if (reads === 'all') return null;
  return CASE_KINDS.filter((kind) => CASE_KIND_RULES[kind].owner === role || (role === Role.POLICE && kind === 'MANDATORY_REPORT'));
}
