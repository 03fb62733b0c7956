/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type ChildFilter = {
  /** A GB/T 2260 code prefix inside the viewer’s area. */
  areaCode: string | null | undefined;
  /** Children with all of these flags. */
  flags: Array<ChildFlag> | null | undefined;
  /** The start of a name, or a whole ID number. */
  search: string | null | undefined;
  verification: Verification | null | undefined;
};

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

/** CONFIRMED: the department’s own record says so (a school’s 辍学); TO_VERIFY: the flag rests on a record not found in this county (check before acting). */
export type FlagStrength =
  | 'CONFIRMED'
  | 'TO_VERIFY';

export type RecordVisitInput = {
  childId: string | number;
  kind: VisitKind;
  notes: string;
  /** YYYY-MM-DD, not in the future */
  visitedOn: string;
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

/** 002 §6: CONTACT monthly, HOME_VISIT quarterly. */
export type VisitKind =
  | 'CONTACT'
  | 'HOME_VISIT';

export type ConsoleAuditLogQueryVariables = Exact<{
  childId: string | null | undefined;
  after: string | null | undefined;
}>;


export type ConsoleAuditLogQuery = { auditLog: { totalCount: number, edges: Array<{ node: { id: string, at: string, subject: string, role: Role, area: string, operation: string, childId: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleChildFileQueryVariables = Exact<{
  id: string | number;
  family: boolean;
  guardianship: boolean;
  welfare: boolean;
  schooling: boolean;
  visits: boolean;
}>;


export type ConsoleChildFileQuery = { child: { id: string, name: string | null, sex: string | null, birthDate: string | null, idNumber: string | null, areaCode: string | null, verification: Verification, flags: Array<{ flag: ChildFlag, strength: FlagStrength | null, rule: string, evidence: Array<string> }>, sourceRecords: Array<{ ref: string, source: string, recordKey: string | null, period: string }>, family?: { fatherName: string | null, fatherIdNumber: string | null, fatherMigrant: boolean | null, motherName: string | null, motherIdNumber: string | null, motherMigrant: boolean | null, householdNumber: string | null, householderName: string | null } | null, guardianship?: { guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null, guardianshipType: string | null } | null, welfare?: { categories: Array<string>, difficultyTypes: Array<string>, incomeSource: string | null, assistance: Array<string> } | null, schooling?: { schoolName: string | null, grade: string | null, enrolmentStatus: string | null, leftBehind: boolean | null } | null, visits?: Array<{ id: string, kind: VisitKind, visitedOn: string, notes: string, recordedBy: string }> | null } | null };

export type ConsoleChildrenQueryVariables = Exact<{
  filter: ChildFilter | null | undefined;
  after: string | null | undefined;
  schooling: boolean;
}>;


export type ConsoleChildrenQuery = { children: { totalCount: number, edges: Array<{ node: { id: string, name: string | null, sex: string | null, birthDate: string | null, idNumber: string | null, areaCode: string | null, verification: Verification, flags: Array<{ flag: ChildFlag, strength: FlagStrength | null }>, schooling?: { schoolName: string | null, grade: string | null, enrolmentStatus: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleDashboardQueryVariables = Exact<{
  areaCode: string | null | undefined;
}>;


export type ConsoleDashboardQuery = { dashboard: { areaCode: string, children: number, reviewBacklog: number, byFlag: Array<{ key: string, count: number }>, byFlagStrength: Array<{ flag: string, strength: string, count: number }>, byCategory: Array<{ key: string, count: number }>, byVerification: Array<{ key: string, count: number }>, areas: Array<{ areaCode: string, children: number, flags: Array<{ key: string, count: number }> }>, dataQuality: Array<{ source: string, records: number, invalidIdNumbers: number, missingIdNumbers: number, unmatched: number, noRecordFound: number }> } };

export type ConsoleDecideReviewMutationVariables = Exact<{
  input: DecideReviewInput;
}>;


export type ConsoleDecideReviewMutation = { decideReview: { id: string } };

export type ConsoleRecordVisitMutationVariables = Exact<{
  input: RecordVisitInput;
}>;


export type ConsoleRecordVisitMutation = { recordVisit: { id: string, kind: VisitKind, visitedOn: string, notes: string, recordedBy: string } };

export type ConsoleReviewQueueQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleReviewQueueQuery = { reviewQueue: { open: number, items: Array<{ id: string, leftChildId: string, rightChildId: string, matchWeight: number, reason: string, heldBy: string | null, comparisons: Array<{ comparison: string, level: string, weight: number }>, left: { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null }, right: { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null } }> } };

export type ConsoleReviewRecordFragment = { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null };
