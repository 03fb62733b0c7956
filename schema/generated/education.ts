/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** OPEN → IN_PROGRESS → RESOLVED | CLOSED; REOPEN brings a settled case back to IN_PROGRESS. */
export type CaseStatus =
  | 'CLOSED'
  | 'IN_PROGRESS'
  | 'OPEN'
  | 'RESOLVED';

/** A rule the hub makes visible (docs/DOMAIN.md), with the policy text it comes from. */
export type ChildFlag =
  | 'ALONE_UNDER_16'
  | 'DROPOUT'
  | 'DUPLICATE_REGISTRATION'
  | 'ID_CONFLICT'
  | 'IN_DIFFICULTY'
  | 'LEFT_BEHIND'
  | 'UNREGISTERED';

/** What the reporter found (001 §二(三)): ALONE 单独居住生活, MISSING 失踪, ABUSE_SUSPECTED 疑似遭受侵害, GUARDIAN_INCAPABLE 监护人丧失监护能力或不履行监护责任, OTHER. */
export type ConcernKind =
  | 'ABUSE_SUSPECTED'
  | 'ALONE'
  | 'GUARDIAN_INCAPABLE'
  | 'MISSING'
  | 'OTHER';

/** CONFIRMED: the department’s own record says so (a school’s 辍学); TO_VERIFY: the flag rests on a record not found in this county (check before acting). */
export type FlagStrength =
  | 'CONFIRMED'
  | 'TO_VERIFY';

/** Where a report stands: REPORTED (police to respond, 24 h), RESPONDED (出警, the town notified: assessment due in 15 days), ASSESSED, SUPPORT_ARRANGED, SETTLED (resolved or closed). */
export type ReportStage =
  | 'ASSESSED'
  | 'REPORTED'
  | 'RESPONDED'
  | 'SETTLED'
  | 'SUPPORT_ARRANGED';

export type DropoutCasesQueryVariables = Exact<{
  overdue: boolean | null | undefined;
  after: string | null | undefined;
}>;


export type DropoutCasesQuery = { cases: { totalCount: number, edges: Array<{ node: { id: string, status: CaseStatus, childId: string | null, areaCode: string | null, openedAt: string, due: string, overdue: boolean, outcome: string | null, outcomes: Array<string>, details: Record<string, unknown>, events: Array<{ at: string, action: string, actorSub: string, note: string | null, outcome: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DropoutsQueryVariables = Exact<{
  after: string | null | undefined;
}>;


export type DropoutsQuery = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, birthDate: string | null, idNumber: string | null, areaCode: string | null, flags: Array<{ flag: ChildFlag, strength: FlagStrength | null, rule: string, evidence: Array<string> }>, schooling: { schoolName: string | null, grade: string | null, enrolmentStatus: string | null, leftBehind: boolean | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type LeftBehindQueryVariables = Exact<{
  after: string | null | undefined;
}>;


export type LeftBehindQuery = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, birthDate: string | null, areaCode: string | null, schooling: { schoolName: string | null, grade: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MyReportsQueryVariables = Exact<{
  first: number | null | undefined;
  after: string | null | undefined;
}>;


export type MyReportsQuery = { myReports: { totalCount: number, edges: Array<{ node: { id: string, caseId: string, concern: ConcernKind, observedOn: string, reportedAt: string, stage: ReportStage, status: CaseStatus, due: string, overdue: boolean, outcome: string | null, childIdentified: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };
