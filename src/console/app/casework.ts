import type { CaseAction, CaseKind, CaseStatus, ReportStage, Role } from '../../../schema/generated/console';

/**
 * What the console offers each role on a case, as the hub decides it (src/auth/access.ts
 * CASE_ACCESS, src/modules/cases/case-kinds.ts and mandatory-report.service.ts REPORT_STEP_ROLES):
 * the page shows only the buttons the hub would accept. The hub checks every request anyway.
 */

/** Every role reads cases: the owners theirs, civil affairs, supervisors, directors and the auditor their area's. */
export const CASE_READERS: readonly Role[] = ['CIVIL_AFFAIRS', 'EDUCATION', 'POLICE', 'TOWN_SUPERVISOR', 'VILLAGE_DIRECTOR', 'AUDITOR'];
/** Roles that may add a note to any case they read (CASE_ACCESS.notes). */
const NOTE_TAKERS: readonly Role[] = ['CIVIL_AFFAIRS', 'EDUCATION', 'POLICE', 'TOWN_SUPERVISOR', 'VILLAGE_DIRECTOR'];
/** Every role but the auditor reports a concern (强制报告, 001 §二(三)). */
export const REPORTERS: readonly Role[] = NOTE_TAKERS;
/** Who reads a report's words and works the chain's steps. */
export const REPORT_WORKERS: readonly Role[] = ['POLICE', 'CIVIL_AFFAIRS', 'TOWN_SUPERVISOR'];
const ATTACHERS: readonly Role[] = ['POLICE', 'CIVIL_AFFAIRS'];
const ASSESSORS: readonly Role[] = ['TOWN_SUPERVISOR', 'CIVIL_AFFAIRS'];
/** Village directors and town supervisors are owed the visits list (visitsDue). */
export const VISIT_KEEPERS: readonly Role[] = ['VILLAGE_DIRECTOR', 'TOWN_SUPERVISOR'];

const ACTIVE: readonly CaseStatus[] = ['OPEN', 'IN_PROGRESS'];

export function isActive(status: CaseStatus): boolean {
  return ACTIVE.includes(status);
}

interface CaseLike {
  kind: CaseKind;
  status: CaseStatus;
  ownerRole: Role;
  sharedWith?: readonly Role[];
}

/** The updateCase actions the role may take on the case as it stands. */
export function caseActions(role: Role, c: CaseLike): CaseAction[] {
  const actions: CaseAction[] = [];
  const acts = role === c.ownerRole || (c.sharedWith ?? []).includes(role);
  if (acts) {
    // A report moves on through its own steps; only reopening goes through updateCase.
    if (c.kind !== 'MANDATORY_REPORT' && c.status === 'OPEN') actions.push('START');
    if (c.kind !== 'MANDATORY_REPORT' && isActive(c.status)) actions.push('RESOLVE', 'CLOSE');
    if (!isActive(c.status)) actions.push('REOPEN');
  }
  if (NOTE_TAKERS.includes(role)) actions.push('NOTE');
  return actions;
}

/** RESOLVE and CLOSE need an outcome; every action but START needs a note. */
export function needsOutcome(action: CaseAction): boolean {
  return action === 'RESOLVE' || action === 'CLOSE';
}
export function needsNote(action: CaseAction): boolean {
  return action !== 'START';
}

/** Where a report stands: its latest step, or SETTLED once the case is settled (as myReports says). */
export function reportStage(status: CaseStatus, events: readonly { action: string }[]): ReportStage {
  if (!isActive(status)) return 'SETTLED';
  const steps = events.map((e) => e.action).filter((a): a is ReportStage => a === 'RESPONDED' || a === 'ASSESSED' || a === 'SUPPORT_ARRANGED');
  return steps.at(-1) ?? 'REPORTED';
}

export type ReportStep = 'attach' | 'respond' | 'assess' | 'support' | 'close';

export const REPORT_STEP_LABELS: Record<ReportStep, string> = {
  attach: '确认儿童',
  respond: '出警处置',
  assess: '评估',
  support: '落实帮扶',
  close: '办结',
};

/** The steps of a report's chain this role takes next (001 §二(五)(六)). */
export function reportSteps(role: Role, stage: ReportStage, childKnown: boolean): ReportStep[] {
  const steps: ReportStep[] = [];
  if (stage === 'SETTLED') return steps;
  if (!childKnown && ATTACHERS.includes(role)) steps.push('attach');
  if (stage === 'REPORTED' && role === 'POLICE') steps.push('respond');
  if (stage === 'RESPONDED' && ASSESSORS.includes(role)) steps.push('assess');
  if (stage === 'ASSESSED' && ASSESSORS.includes(role)) steps.push('support');
  if ((stage === 'ASSESSED' || stage === 'SUPPORT_ARRANGED') && ASSESSORS.includes(role)) steps.push('close');
  return steps;
}
