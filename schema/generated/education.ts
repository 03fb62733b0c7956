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

/** CONFIRMED: the department’s own record says so (a school’s 辍学); TO_VERIFY: the flag rests on a record not found in this county (check before acting). */
export type FlagStrength =
  | 'CONFIRMED'
  | 'TO_VERIFY';

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
