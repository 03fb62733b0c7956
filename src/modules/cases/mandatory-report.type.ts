import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { PageInfo } from '../sharing/child.type';
import { CaseStatusValue } from './case.type';

// 强制报告 (001 §二(三)(五)(六)): the GraphQL contract of a report and the steps after it.

export enum ConcernKind {
  /** 脱离监护单独居住生活 */
  ALONE = 'ALONE',
  /** 失踪 */
  MISSING = 'MISSING',
  /** 疑似遭受家庭暴力、意外伤害或不法侵害 */
  ABUSE_SUSPECTED = 'ABUSE_SUSPECTED',
  /** 监护人丧失监护能力或不履行监护责任 */
  GUARDIAN_INCAPABLE = 'GUARDIAN_INCAPABLE',
  OTHER = 'OTHER',
}
registerEnumType(ConcernKind, {
  name: 'ConcernKind',
  description: 'What the reporter found (001 §二(三)): ALONE 单独居住生活, MISSING 失踪, ABUSE_SUSPECTED 疑似遭受侵害, GUARDIAN_INCAPABLE 监护人丧失监护能力或不履行监护责任, OTHER.',
});

export enum ReportStage {
  REPORTED = 'REPORTED',
  RESPONDED = 'RESPONDED',
  ASSESSED = 'ASSESSED',
  SUPPORT_ARRANGED = 'SUPPORT_ARRANGED',
  SETTLED = 'SETTLED',
}
registerEnumType(ReportStage, {
  name: 'ReportStage',
  description: 'Where a report stands: REPORTED (police to respond, 24 h), RESPONDED (出警, the town notified: assessment due in 15 days), ASSESSED, SUPPORT_ARRANGED, SETTLED (resolved or closed).',
});

export enum EmergencyMeasure {
  NONE = 'NONE',
  /** 就近护送至其他近亲属、村(居)民委员会、救助管理机构、福利机构临时照料 */
  TEMPORARY_CARE = 'TEMPORARY_CARE',
  /** 安置到临时庇护场所、救助管理机构或福利机构 */
  SHELTER = 'SHELTER',
  /** 协助就医、鉴定伤情 */
  MEDICAL_CARE = 'MEDICAL_CARE',
  /** 儿童失踪快速查找机制 */
  MISSING_CHILD_SEARCH = 'MISSING_CHILD_SEARCH',
}
registerEnumType(EmergencyMeasure, { name: 'EmergencyMeasure', description: 'The police’s emergency measure (001 §二(五)).' });

export enum CareGiver {
  RELATIVE = 'RELATIVE',
  VILLAGE_COMMITTEE = 'VILLAGE_COMMITTEE',
  RESCUE_STATION = 'RESCUE_STATION',
  WELFARE_INSTITUTION = 'WELFARE_INSTITUTION',
}
registerEnumType(CareGiver, { name: 'CareGiver', description: 'Who cares for the child meanwhile (临时照料): 其他近亲属, 村(居)民委员会, 救助管理机构, 福利机构.' });

export enum SupportMeasure {
  GUARDIANSHIP_GUIDANCE = 'GUARDIANSHIP_GUIDANCE',
  MEDICAL_TREATMENT = 'MEDICAL_TREATMENT',
  PSYCHOLOGICAL_COUNSELLING = 'PSYCHOLOGICAL_COUNSELLING',
  BEHAVIOURAL_CORRECTION = 'BEHAVIOURAL_CORRECTION',
  LEGAL_SERVICES = 'LEGAL_SERVICES',
  LEGAL_AID = 'LEGAL_AID',
  SOCIAL_ASSISTANCE = 'SOCIAL_ASSISTANCE',
}
registerEnumType(SupportMeasure, {
  name: 'SupportMeasure',
  description: 'Support arranged after the assessment (001 §二(六)): 监护指导, 医疗救治, 心理疏导, 行为矫治, 法律服务, 法律援助, SOCIAL_ASSISTANCE 纳入保障.',
});

@InputType()
export class ReportConcernInput {
  @Field(() => ID, { nullable: true, description: 'The child, when the reporter knows its id; otherwise name, birthDate and areaCode.' }) childId?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) birthDate?: string;
  @Field(() => String, { nullable: true, description: 'Where the child is: a code in your county (6, 9 or 12 digits).' }) areaCode?: string;
  @Field(() => ConcernKind) concern!: ConcernKind;
  @Field({ description: 'YYYY-MM-DD, not in the future' }) observedOn!: string;
  @Field({ description: 'What was seen, at most 4,000 characters.' }) description!: string;
}

@ObjectType({ description: 'A report as its reporter sees it: what it said and where the work stands, nothing of the child’s file.' })
export class ConcernReportStatus {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The MANDATORY_REPORT case that carries the work.' }) caseId!: string;
  @Field(() => ConcernKind) concern!: ConcernKind;
  @Field() observedOn!: string;
  @Field() reportedAt!: Date;
  @Field({ description: 'True when the report joined a case already open for the child.' }) joined!: boolean;
  @Field({ description: 'Whether the child the report is about has been identified in the files.' }) childIdentified!: boolean;
  @Field(() => ReportStage) stage!: ReportStage;
  @Field(() => CaseStatusValue, { description: 'The case’s status.' }) status!: CaseStatusValue;
  @Field({ description: 'The current step’s deadline.' }) due!: Date;
  @Field() overdue!: boolean;
  @Field(() => String, { nullable: true }) outcome!: string | null;
}

@ObjectType()
export class ConcernReportEdge {
  @Field() cursor!: string;
  @Field(() => ConcernReportStatus) node!: ConcernReportStatus;
}

@ObjectType({ description: 'Your own reports, newest first.' })
export class ConcernReportConnection {
  @Field(() => Int) totalCount!: number;
  @Field(() => [ConcernReportEdge]) edges!: ConcernReportEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: 'A MANDATORY_REPORT case after a step of its chain (the full case, with its events: `case(id)`).' })
export class ReportCaseStatus {
  @Field(() => ID) caseId!: string;
  @Field(() => ReportStage) stage!: ReportStage;
  @Field(() => CaseStatusValue) status!: CaseStatusValue;
  @Field(() => Role, { description: 'POLICE until the response is recorded, then CIVIL_AFFAIRS (with the town supervisor).' }) ownerRole!: Role;
  @Field(() => ID, { nullable: true }) childId!: string | null;
  @Field(() => String, { nullable: true }) areaCode!: string | null;
  @Field() due!: Date;
  @Field() overdue!: boolean;
  @Field(() => String, { nullable: true }) outcome!: string | null;
}

@ObjectType({ description: 'One comparison of a proposed child, as the matching engine scored it.' })
export class ReportMatchLevel {
  @Field() comparison!: string;
  @Field() level!: string;
  @Field(() => Float) weight!: number;
}

@ObjectType({ description: 'A child a report without a child id may be about, scored by the matching engine.' })
export class ReportCandidateNode {
  @Field(() => ID) childId!: string;
  @Field(() => String, { nullable: true }) areaCode!: string | null;
  @Field(() => Float) matchWeight!: number;
  @Field({ description: 'LIKELY (at the engine’s link threshold), POSSIBLE (at its review threshold) or WEAK.' }) strength!: string;
  @Field(() => [ReportMatchLevel]) comparisons!: ReportMatchLevel[];
}

@ObjectType({ description: 'The police’s and civil affairs’ view of a report: what was reported and, while no child is attached, the children it may be about.' })
export class ConcernReportDetail {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => ConcernKind) concern!: ConcernKind;
  @Field() observedOn!: string;
  @Field() reportedAt!: Date;
  @Field() reporterSub!: string;
  @Field() reporterRole!: string;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) reportedName!: string | null;
  @Field(() => String, { nullable: true }) reportedBirthDate!: string | null;
  @Field() areaCode!: string;
  @Field(() => ID, { nullable: true, description: 'The child the case is about, once known.' }) childId!: string | null;
  @Field(() => [ReportCandidateNode], { description: 'While the case has no child: the proposed children, strongest first (at most 10).' }) candidates!: ReportCandidateNode[];
}

@InputType()
export class AttachReportChildInput {
  @Field(() => ID) caseId!: string;
  @Field(() => ID) childId!: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class RecordReportResponseInput {
  @Field(() => ID) caseId!: string;
  @Field({ description: 'When the police attended (出警).' }) respondedAt!: Date;
  @Field(() => EmergencyMeasure) emergencyMeasure!: EmergencyMeasure;
  @Field(() => CareGiver, { nullable: true, description: 'Required with TEMPORARY_CARE and SHELTER: with whom the child stays.' }) careGiver?: CareGiver;
  @Field(() => String, { nullable: true, description: 'The carer or institution, as the police record it.' }) careGiverName?: string;
  @Field({ description: 'The day the town was notified (通报镇人民政府), YYYY-MM-DD.' }) townNotifiedOn!: string;
  @Field({ description: 'What the police found and did.' }) note!: string;
}

@InputType()
export class RecordReportAssessmentInput {
  @Field(() => ID) caseId!: string;
  @Field({ description: '安全处境' }) safety!: string;
  @Field({ description: '监护情况' }) guardianship!: string;
  @Field({ description: '身心健康' }) health!: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class RecordReportSupportInput {
  @Field(() => ID) caseId!: string;
  @Field(() => [SupportMeasure]) measures!: SupportMeasure[];
  @Field({ description: 'Who provides it, and when.' }) note!: string;
}

@InputType()
export class CloseReportInput {
  @Field(() => ID) caseId!: string;
  @Field({ description: 'GUARDIANSHIP_RESTORED, SUPPORT_ARRANGED, NO_CONCERN_FOUND or REFERRED.' }) outcome!: string;
  @Field() note!: string;
}
