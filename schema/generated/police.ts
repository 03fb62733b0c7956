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

/** The police’s emergency measure (001 §二(五)). */
export type EmergencyMeasure =
  | 'MEDICAL_CARE'
  | 'MISSING_CHILD_SEARCH'
  | 'NONE'
  | 'SHELTER'
  | 'TEMPORARY_CARE';

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

/** Where a report stands: REPORTED (police to respond, 24 h), RESPONDED (出警, the town notified: assessment due in 15 days), ASSESSED, SUPPORT_ARRANGED, SETTLED (resolved or closed). */
export type ReportStage =
  | 'ASSESSED'
  | 'REPORTED'
  | 'RESPONDED'
  | 'SETTLED'
  | 'SUPPORT_ARRANGED';

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
  caseId: string | number;
}>;


export type ConcernReportsQuery = { concernReports: Array<{ id: string, concern: ConcernKind, observedOn: string, reportedAt: string, reporterRole: string, description: string, reportedName: string | null, reportedBirthDate: string | null, areaCode: string, childId: string | null, candidates: Array<{ childId: string, areaCode: string | null, matchWeight: number, strength: string, comparisons: Array<{ comparison: string, level: string, weight: number }> }> }> };

export type AttachReportChildMutationVariables = Exact<{
  input: AttachReportChildInput;
}>;


export type AttachReportChildMutation = { attachReportChild: { caseId: string, stage: ReportStage, status: CaseStatus, ownerRole: Role, childId: string | null, due: string, overdue: boolean } };

export type RecordReportResponseMutationVariables = Exact<{
  input: RecordReportResponseInput;
}>;


export type RecordReportResponseMutation = { recordReportResponse: { caseId: string, stage: ReportStage, status: CaseStatus, ownerRole: Role, childId: string | null, due: string, overdue: boolean } };

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
