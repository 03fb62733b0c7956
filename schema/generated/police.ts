/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** DROPOUT_FOLLOW_UP 劝返复学 (EDUCATION), REGISTRATION 落户 (POLICE), MANDATORY_REPORT 强制报告 (POLICE first), MISSING_PARENT 失联父母 (POLICE; shared with CIVIL_AFFAIRS once overdue). */
export type CaseKind =
  | 'DROPOUT_FOLLOW_UP'
  | 'MANDATORY_REPORT'
  | 'MISSING_PARENT'
  | 'REGISTRATION';

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

/** The role a token carries; it decides what the viewer may see. */
export type Role =
  | 'AUDITOR'
  | 'CIVIL_AFFAIRS'
  | 'EDUCATION'
  | 'POLICE'
  | 'TOWN_SUPERVISOR'
  | 'VILLAGE_DIRECTOR';

export type PoliceCasesQueryVariables = Exact<{
  kind: CaseKind | null | undefined;
  overdue: boolean | null | undefined;
  after: string | null | undefined;
}>;


export type PoliceCasesQuery = { cases: { totalCount: number, edges: Array<{ node: { id: string, kind: CaseKind, status: CaseStatus, childId: string | null, areaCode: string | null, due: string, overdue: boolean, outcome: string | null, outcomes: Array<string>, sharedWith: Array<Role>, details: Record<string, unknown>, events: Array<{ at: string, action: string, actorSub: string, note: string | null, outcome: string | null, details: Record<string, unknown> }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConcernReportsQueryVariables = Exact<{
  id: string | number;
}>;


export type ConcernReportsQuery = { concernReports: Array<{ id: string, concern: ConcernKind, observedOn: string, reportedAt: string, reporterRole: string, description: string, reportedName: string | null, reportedBirthDate: string | null, areaCode: string, childId: string | null, candidates: Array<{ childId: string, areaCode: string | null, matchWeight: number, strength: string, comparisons: Array<{ comparison: string, level: string, weight: number }> }> }> };

export type UnregisteredQueryVariables = Exact<{
  after: string | null | undefined;
}>;


export type UnregisteredQuery = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, sex: string | null, birthDate: string | null, areaCode: string | null, flags: Array<{ flag: ChildFlag, evidence: Array<string> }>, family: { fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AloneUnder16QueryVariables = Exact<{ [key: string]: never; }>;


export type AloneUnder16Query = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, birthDate: string | null, areaCode: string | null, idNumber: string | null, family: { householdNumber: string | null, householderName: string | null } | null } }> } };

export type DuplicateRegistrationsQueryVariables = Exact<{
  after: string | null | undefined;
}>;


export type DuplicateRegistrationsQuery = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, sex: string | null, birthDate: string | null, areaCode: string | null, idNumber: string | null, flags: Array<{ flag: ChildFlag, evidence: Array<string> }>, sourceRecords: Array<{ ref: string, source: string, recordKey: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };
