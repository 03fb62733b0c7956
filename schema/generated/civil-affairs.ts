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

export type DecideReviewInput = {
  decision: ReviewDecision;
  id: string | number;
  /** Why: what the reviewer checked. */
  reason: string;
};

/** MATCH: one child; NO_MATCH: two children. Obeyed by every later reconciliation. */
export type ReviewDecision =
  | 'MATCH'
  | 'NO_MATCH';

/** The role a token carries; it decides what the viewer may see. */
export type Role =
  | 'AUDITOR'
  | 'CIVIL_AFFAIRS'
  | 'EDUCATION'
  | 'POLICE'
  | 'TOWN_SUPERVISOR'
  | 'VILLAGE_DIRECTOR';

/** VERIFIED: a police record agrees with another source; CORROBORATED: two or more sources agree, no police record; SINGLE_SOURCE; CONFLICT: sources disagree on a key field. */
export type Verification =
  | 'CONFLICT'
  | 'CORROBORATED'
  | 'SINGLE_SOURCE'
  | 'VERIFIED';

export type OverdueCasesQueryVariables = Exact<{
  kind: CaseKind | null | undefined;
  areaCode: string | null | undefined;
  after: string | null | undefined;
}>;


export type OverdueCasesQuery = { cases: { totalCount: number, edges: Array<{ node: { id: string, kind: CaseKind, status: CaseStatus, ownerRole: Role, sharedWith: Array<Role>, childId: string | null, areaCode: string | null, due: string, outcome: string | null, events: Array<{ at: string, action: string, actorSub: string, actorRole: Role | null, note: string | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ChildFileQueryVariables = Exact<{
  id: string | number;
}>;


export type ChildFileQuery = { child: { id: string, name: string | null, sex: string | null, birthDate: string | null, idNumber: string | null, areaCode: string | null, verification: Verification, flags: Array<{ flag: ChildFlag, rule: string, evidence: Array<string> }>, sourceRecords: Array<{ ref: string, source: string, recordKey: string | null, period: string }>, family: { fatherName: string | null, fatherIdNumber: string | null, fatherMigrant: boolean | null, motherName: string | null, motherIdNumber: string | null, motherMigrant: boolean | null, householdNumber: string | null, householderName: string | null } | null, guardianship: { guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null, guardianshipType: string | null } | null, welfare: { categories: Array<string>, difficultyTypes: Array<string>, incomeSource: string | null, assistance: Array<string> } | null, schooling: { schoolName: string | null, grade: string | null, enrolmentStatus: string | null, leftBehind: boolean | null } | null } | null };

export type CountyDashboardQueryVariables = Exact<{
  areaCode: string | null | undefined;
}>;


export type CountyDashboardQuery = { dashboard: { areaCode: string, children: number, reviewBacklog: number, visitsDue: number, byFlag: Array<{ key: string, count: number }>, byFlagStrength: Array<{ flag: string, strength: string, count: number }>, byCategory: Array<{ key: string, count: number }>, byVerification: Array<{ key: string, count: number }>, areas: Array<{ areaCode: string, children: number, flags: Array<{ key: string, count: number }> }>, dataQuality: Array<{ source: string, records: number, invalidIdNumbers: number, missingIdNumbers: number, unmatched: number, noRecordFound: number }>, overdueCases: Array<{ kind: string, areaCode: string, count: number }> } };

export type ReviewQueueQueryVariables = Exact<{ [key: string]: never; }>;


export type ReviewQueueQuery = { reviewQueue: { open: number, items: Array<{ id: string, leftChildId: string, rightChildId: string, matchWeight: number, reason: string, heldBy: string | null, left: { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null }, right: { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null }, comparisons: Array<{ comparison: string, level: string, weight: number }> }> } };

export type DecideReviewMutationVariables = Exact<{
  input: DecideReviewInput;
}>;


export type DecideReviewMutation = { decideReview: { id: string } };

export type PairRecordFragment = { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null };
