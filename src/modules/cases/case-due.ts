import { CASE_KINDS, type CaseKind } from './case-kinds';

/**
 * How long each kind of case has before it is overdue (issue 13 §2), as PostgreSQL intervals.
 * The mandatory report has two deadlines: the police response (24 h) is the case's `due`; the
 * assessment (15 days) is a step of its chain, kept here so that all deadlines are set together.
 */
export type DueStep = CaseKind | 'MANDATORY_REPORT_ASSESSMENT';

export const DEFAULT_DUE: Readonly<Record<DueStep, string>> = {
  DROPOUT_FOLLOW_UP: '30 days',
  REGISTRATION: '90 days',
  MANDATORY_REPORT: '24 hours',
  MANDATORY_REPORT_ASSESSMENT: '15 days',
  MISSING_PARENT: '6 months',
};

/** A count and a unit PostgreSQL reads as an interval: `30 days`, `24 hours`, `6 months`. */
const INTERVAL = /^(\d{1,4}) ?(hours?|days?|weeks?|months?)$/;

/** A bad HUB_CASE_DUE: the hub refuses to start (a deadline silently ignored would hide overdue work). */
export class CaseDueError extends Error {}

/**
 * The deadlines in force: the defaults, each replaceable through `HUB_CASE_DUE`, a comma-separated
 * list of `STEP=interval`, e.g. `DROPOUT_FOLLOW_UP=45 days,MISSING_PARENT=3 months`.
 */
export function caseDue(setting: string | undefined = process.env.HUB_CASE_DUE): Record<DueStep, string> {
  const due: Record<DueStep, string> = { ...DEFAULT_DUE };
  if (setting === undefined || setting.trim() === '') return due;
  const steps = Object.keys(DEFAULT_DUE) as DueStep[];
  for (const part of setting.split(',')) {
    const [step, value] = part.split('=').map((s) => s.trim());
    if (!steps.includes(step as DueStep)) throw new CaseDueError(`HUB_CASE_DUE: ${JSON.stringify(step)} is not one of ${steps.join(', ')}`);
    if (value === undefined || !INTERVAL.test(value)) throw new CaseDueError(`HUB_CASE_DUE: ${step} needs a count and a unit (hours, days, weeks, months), e.g. "30 days", not ${JSON.stringify(value ?? '')}`);
    due[step as DueStep] = value;
  }
  return due;
}

/** Kind → { owner, due } as one JSON parameter for set-based SQL. */
export function kindTable(due: Readonly<Record<DueStep, string>>, owners: Readonly<Record<CaseKind, string>>): string {
  return JSON.stringify(Object.fromEntries(CASE_KINDS.map((kind) => [kind, { owner: owners[kind], due: due[kind] }])));
}
