/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type AttachReportChildInput = {
  caseId: string | number;
  childId: string | number;
  note: string | null | undefined;
};

/** Who cares for the child meanwhile (临时照料): 其他近亲属, 村(居)民委员会, 救助管理机构, 福利机构. */
export type CareGiver =
  | 'RELATIVE'
  | 'RESCUE_STATION'
  | 'VILLAGE_COMMITTEE'
  | 'WELFARE_INSTITUTION';

/** START, RESOLVE, CLOSE and REOPEN belong to the owner role in its area; NOTE also to civil affairs, supervisors and directors. */
export type CaseAction =
  | 'CLOSE'
  | 'NOTE'
  | 'REOPEN'
  | 'RESOLVE'
  | 'START';

export type CaseFilter = {
  /** A code prefix inside your area. */
  areaCode: string | null | undefined;
  /** One child’s cases (its current id), e.g. for the cases section of its file. */
  childId: string | number | null | undefined;
  kind: CaseKind | null | undefined;
  /** true: still owed and past due; false: not overdue. */
  overdue: boolean | null | undefined;
  owner: Role | null | undefined;
  status: CaseStatus | null | undefined;
};

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

/** APPEARED: in the later period’s care, not in the earlier’s; DISAPPEARED: in the earlier’s, not in the later’s (in no export of it, or gone: 迁出, 死亡, 注销, aged 18), with the reasons the sources give; FLAG_RAISED / FLAG_CLEARED; CATEGORY_CHANGED (留守 LEFT_BEHIND, 困境 IN_DIFFICULTY, none); MOVED: another village or town; MERGED / SPLIT: the child’s id changed. */
export type ChangeKind =
  | 'APPEARED'
  | 'CATEGORY_CHANGED'
  | 'DISAPPEARED'
  | 'FLAG_CLEARED'
  | 'FLAG_RAISED'
  | 'MERGED'
  | 'MOVED'
  | 'SPLIT';

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

export type CloseReportInput = {
  caseId: string | number;
  note: string;
  /** GUARDIANSHIP_RESTORED, SUPPORT_ARRANGED, NO_CONCERN_FOUND or REFERRED. */
  outcome: string;
};

/** What the reporter found (001 §二(三)): ALONE 单独居住生活, MISSING 失踪, ABUSE_SUSPECTED 疑似遭受侵害, GUARDIAN_INCAPABLE 监护人丧失监护能力或不履行监护责任, OTHER. */
export type ConcernKind =
  | 'ABUSE_SUSPECTED'
  | 'ALONE'
  | 'GUARDIAN_INCAPABLE'
  | 'MISSING'
  | 'OTHER';

export type DecideReviewInput = {
  decision: ReviewDecision;
  id: string | number;
  /** Why: what the reviewer checked. */
  reason: string;
};

/** The police’s emergency measure (001 §二(五)). */
export type EmergencyMeasure =
  | 'MEDICAL_CARE'
  | 'MISSING_CHILD_SEARCH'
  | 'NONE'
  | 'SHELTER'
  | 'TEMPORARY_CARE';

/** CONFIRMED: the department’s own record says so (a school’s 辍学); TO_VERIFY: the flag rests on a record not found in this county (check before acting). */
export type FlagStrength =
  | 'CONFIRMED'
  | 'TO_VERIFY';

export type RecordReportAssessmentInput = {
  caseId: string | number;
  /** 监护情况 */
  guardianship: string;
  /** 身心健康 */
  health: string;
  note: string | null | undefined;
  /** 安全处境 */
  safety: string;
};

export type RecordReportResponseInput = {
  /** Required with TEMPORARY_CARE and SHELTER: with whom the child stays. */
  careGiver: CareGiver | null | undefined;
  /** The carer or institution, as the police record it. */
  careGiverName: string | null | undefined;
  caseId: string | number;
  emergencyMeasure: EmergencyMeasure;
  /** What the police found and did. */
  note: string;
  /** When the police attended (出警). */
  respondedAt: string;
  /** The day the town was notified (通报镇人民政府), YYYY-MM-DD. */
  townNotifiedOn: string;
};

export type RecordReportSupportInput = {
  caseId: string | number;
  measures: Array<SupportMeasure>;
  /** Who provides it, and when. */
  note: string;
};

export type RecordVisitInput = {
  childId: string | number;
  kind: VisitKind;
  notes: string;
  /** YYYY-MM-DD, not in the future */
  visitedOn: string;
};

export type ReportConcernInput = {
  /** Where the child is: a code in your county (6, 9 or 12 digits). */
  areaCode: string | null | undefined;
  /** YYYY-MM-DD */
  birthDate: string | null | undefined;
  /** The child, when the reporter knows its id; otherwise name, birthDate and areaCode. */
  childId: string | number | null | undefined;
  concern: ConcernKind;
  /** What was seen, at most 4,000 characters. */
  description: string;
  name: string | null | undefined;
  /** YYYY-MM-DD, not in the future */
  observedOn: string;
};

/** Where a report stands: REPORTED (police to respond, 24 h), RESPONDED (出警, the town notified: assessment due in 15 days), ASSESSED, SUPPORT_ARRANGED, SETTLED (resolved or closed). */
export type ReportStage =
  | 'ASSESSED'
  | 'REPORTED'
  | 'RESPONDED'
  | 'SETTLED'
  | 'SUPPORT_ARRANGED';

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

/** A department export: civil-affairs roster (民政摸排台账), school enrolment (学籍), police household registration (户籍). */
export type Source =
  | 'CIVIL_AFFAIRS'
  | 'EDUCATION'
  | 'POLICE';

/** Support arranged after the assessment (001 §二(六)): 监护指导, 医疗救治, 心理疏导, 行为矫治, 法律服务, 法律援助, SOCIAL_ASSISTANCE 纳入保障. */
export type SupportMeasure =
  | 'BEHAVIOURAL_CORRECTION'
  | 'GUARDIANSHIP_GUIDANCE'
  | 'LEGAL_AID'
  | 'LEGAL_SERVICES'
  | 'MEDICAL_TREATMENT'
  | 'PSYCHOLOGICAL_COUNSELLING'
  | 'SOCIAL_ASSISTANCE';

export type UpdateCaseInput = {
  action: CaseAction;
  id: string | number;
  /** Required to NOTE, RESOLVE, CLOSE and REOPEN. */
  note: string | null | undefined;
  /** Required to RESOLVE or CLOSE: one of the kind’s outcomes. */
  outcome: string | null | undefined;
};

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

export type ConsoleAttachReportChildMutationVariables = Exact<{
  input: AttachReportChildInput;
}>;


export type ConsoleAttachReportChildMutation = { attachReportChild: { caseId: string, stage: ReportStage, status: CaseStatus, ownerRole: Role, due: string } };

export type ConsoleAuditLogQueryVariables = Exact<{
  childId: string | null | undefined;
  after: string | null | undefined;
}>;


export type ConsoleAuditLogQuery = { auditLog: { totalCount: number, edges: Array<{ node: { id: string, at: string, subject: string, role: Role, area: string, operation: string, childId: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleCaseQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleCaseQuery = { case: { id: string, kind: CaseKind, status: CaseStatus, ownerRole: Role, childId: string | null, areaCode: string | null, openedAt: string, due: string, overdue: boolean, outcome: string | null, outcomes: Array<string>, openedBy: string, refersTo: string | null, sharedWith: Array<Role>, details: Record<string, unknown>, events: Array<{ id: string, action: string, at: string, actorRole: Role | null, actorSub: string, note: string | null, outcome: string | null, details: Record<string, unknown> }> } | null };

export type ConsoleCasesQueryVariables = Exact<{
  filter: CaseFilter | null | undefined;
  after: string | null | undefined;
}>;


export type ConsoleCasesQuery = { cases: { totalCount: number, edges: Array<{ node: { id: string, kind: CaseKind, status: CaseStatus, ownerRole: Role, childId: string | null, areaCode: string | null, openedAt: string, due: string, overdue: boolean, outcome: string | null, openedBy: string, events: Array<{ action: string, at: string, actorRole: Role | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleChangeTotalsQueryVariables = Exact<{
  areaCode: string | null | undefined;
  from: string;
  to: string;
}>;


export type ConsoleChangeTotalsQuery = { changes: { totalCount: number, totals: Array<{ kind: ChangeKind, count: number }> } };

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

export type ConsoleCloseReportMutationVariables = Exact<{
  input: CloseReportInput;
}>;


export type ConsoleCloseReportMutation = { closeReport: { caseId: string, stage: ReportStage, status: CaseStatus, ownerRole: Role, due: string } };

export type ConsoleConcernReportsQueryVariables = Exact<{
  caseId: string | number;
}>;


export type ConsoleConcernReportsQuery = { concernReports: Array<{ id: string, caseId: string, childId: string | null, areaCode: string, concern: ConcernKind, description: string, observedOn: string, reportedAt: string, reportedName: string | null, reportedBirthDate: string | null, reporterRole: string, reporterSub: string, candidates: Array<{ childId: string, areaCode: string | null, matchWeight: number, strength: string }> }> };

export type ConsoleDashboardQueryVariables = Exact<{
  areaCode: string | null | undefined;
}>;


export type ConsoleDashboardQuery = { dashboard: { areaCode: string, children: number, reviewBacklog: number, visitsDue: number, byFlag: Array<{ key: string, count: number }>, byFlagStrength: Array<{ flag: string, strength: string, count: number }>, byCategory: Array<{ key: string, count: number }>, byVerification: Array<{ key: string, count: number }>, areas: Array<{ areaCode: string, children: number, flags: Array<{ key: string, count: number }> }>, dataQuality: Array<{ source: string, records: number, invalidIdNumbers: number, missingIdNumbers: number, unmatched: number, noRecordFound: number }>, overdueCases: Array<{ kind: string, areaCode: string, count: number }> } };

export type ConsoleDecideReviewMutationVariables = Exact<{
  input: DecideReviewInput;
}>;


export type ConsoleDecideReviewMutation = { decideReview: { id: string } };

export type ConsoleHubPeriodsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleHubPeriodsQuery = { hubStatus: { sources: Array<{ source: Source, latestPeriod: string | null }> } };

export type ConsoleMyReportsQueryVariables = Exact<{
  after: string | null | undefined;
}>;


export type ConsoleMyReportsQuery = { myReports: { totalCount: number, edges: Array<{ node: { id: string, caseId: string, concern: ConcernKind, observedOn: string, reportedAt: string, stage: ReportStage, status: CaseStatus, due: string, overdue: boolean, outcome: string | null, joined: boolean, childIdentified: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleRecordReportAssessmentMutationVariables = Exact<{
  input: RecordReportAssessmentInput;
}>;


export type ConsoleRecordReportAssessmentMutation = { recordReportAssessment: { caseId: string, stage: ReportStage, status: CaseStatus, ownerRole: Role, due: string } };

export type ConsoleRecordReportResponseMutationVariables = Exact<{
  input: RecordReportResponseInput;
}>;


export type ConsoleRecordReportResponseMutation = { recordReportResponse: { caseId: string, stage: ReportStage, status: CaseStatus, ownerRole: Role, due: string } };

export type ConsoleRecordReportSupportMutationVariables = Exact<{
  input: RecordReportSupportInput;
}>;


export type ConsoleRecordReportSupportMutation = { recordReportSupport: { caseId: string, stage: ReportStage, status: CaseStatus, ownerRole: Role, due: string } };

export type ConsoleRecordVisitMutationVariables = Exact<{
  input: RecordVisitInput;
}>;


export type ConsoleRecordVisitMutation = { recordVisit: { id: string, kind: VisitKind, visitedOn: string, notes: string, recordedBy: string } };

export type ConsoleReportConcernMutationVariables = Exact<{
  input: ReportConcernInput;
}>;


export type ConsoleReportConcernMutation = { reportConcern: { id: string, caseId: string, stage: ReportStage, status: CaseStatus, due: string, joined: boolean, childIdentified: boolean } };

export type ConsoleReviewQueueQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleReviewQueueQuery = { reviewQueue: { open: number, items: Array<{ id: string, leftChildId: string, rightChildId: string, matchWeight: number, reason: string, heldBy: string | null, comparisons: Array<{ comparison: string, level: string, weight: number }>, left: { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null }, right: { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null } }> } };

export type ConsoleReviewRecordFragment = { ref: string, source: string, recordKey: string | null, name: string | null, birthDate: string | null, sex: string | null, idNumber: string | null, areaCode: string | null, fatherName: string | null, fatherIdNumber: string | null, motherName: string | null, motherIdNumber: string | null, guardianName: string | null, guardianRelation: string | null, guardianPhone: string | null };

export type ConsoleUpdateCaseMutationVariables = Exact<{
  input: UpdateCaseInput;
}>;


export type ConsoleUpdateCaseMutation = { updateCase: { id: string, status: CaseStatus, outcome: string | null } };

export type ConsoleVisitsDueQueryVariables = Exact<{
  areaCode: string | null | undefined;
  after: string | null | undefined;
}>;


export type ConsoleVisitsDueQuery = { visitsDue: { totalCount: number, edges: Array<{ node: { childId: string, areaCode: string, lastContact: string | null, lastHomeVisit: string | null, contactDue: boolean, homeVisitDue: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };
