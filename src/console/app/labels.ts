import type { CareGiver, CaseAction, CaseKind, CaseStatus, ChangeKind, ChildFlag, ConcernKind, EmergencyMeasure, FlagStrength, ReportStage, Role, SupportMeasure, Verification, VisitKind } from '../../../schema/generated/console';

/** Chinese names of the API's English identifiers. */
export const ROLE_LABELS: Record<Role, string> = {
  CIVIL_AFFAIRS: '民政局',
  EDUCATION: '教育局',
  POLICE: '公安',
  TOWN_SUPERVISOR: '儿童督导员（乡镇）',
  VILLAGE_DIRECTOR: '儿童主任（村居）',
  AUDITOR: '审计员',
};

export const FLAG_LABELS: Record<ChildFlag, string> = {
  LEFT_BEHIND: '留守儿童',
  IN_DIFFICULTY: '困境儿童',
  DROPOUT: '辍学',
  UNREGISTERED: '无户籍',
  ALONE_UNDER_16: '未满16周岁无人监护',
  ID_CONFLICT: '身份信息冲突',
  DUPLICATE_REGISTRATION: '一人多户',
};

export const STRENGTH_LABELS: Record<FlagStrength, string> = {
  CONFIRMED: '已确认',
  TO_VERIFY: '待核实',
};

export const VERIFICATION_LABELS: Record<Verification, string> = {
  VERIFIED: '已核验',
  CORROBORATED: '多方印证',
  SINGLE_SOURCE: '单一来源',
  CONFLICT: '信息冲突',
};

export const SOURCE_LABELS: Record<string, string> = {
  'civil-affairs': '民政',
  education: '教育',
  police: '公安',
};

export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  CONTACT: '联系（每月）',
  HOME_VISIT: '入户走访（每季度）',
};

export const SEX_LABELS: Record<string, string> = { M: '男', F: '女' };

/** A label for any key the API may send, the key itself when unknown. */
export function label(labels: Record<string, string>, key: string | null | undefined): string {
  if (key === null || key === undefined) return '—';
  return labels[key] ?? key;
}

/** How a file was read, as the audit log records it. */
export const AUDIT_OPERATION_LABELS: Record<string, string> = {
  child: '查看档案',
  children: '列表查询',
  _entities: '联邦查询',
};

/** Cases (src/modules/cases/case-kinds.ts): the kinds as the policy calls them. */
export const CASE_KIND_LABELS: Record<CaseKind, string> = {
  DROPOUT_FOLLOW_UP: '劝返复学',
  REGISTRATION: '落户',
  MANDATORY_REPORT: '强制报告',
  MISSING_PARENT: '失联父母',
};

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  OPEN: '待处理',
  IN_PROGRESS: '处理中',
  RESOLVED: '已解决',
  CLOSED: '已关闭',
};

/** Each kind's outcomes (CaseNode.outcomes gives the list; these are their names). */
export const CASE_OUTCOME_LABELS: Record<string, string> = {
  RETURNED_TO_SCHOOL: '已复学',
  TRANSFERRED: '已转学',
  EXEMPT: '依法免学/缓学',
  STILL_OUT: '仍未复学',
  REGISTERED: '已落户',
  REGISTERED_ELSEWHERE: '已在外地落户',
  NOT_ELIGIBLE: '不符合落户条件',
  GUARDIANSHIP_RESTORED: '监护已恢复',
  SUPPORT_ARRANGED: '已落实帮扶',
  NO_CONCERN_FOUND: '经核查无异常',
  REFERRED: '已移交',
  FOUND: '已找到',
  STILL_MISSING_SHARED: '仍失联，转民政',
  AGED_OUT: '已满18周岁',
  LEFT_CARE: '已离开本县关爱服务范围',
};

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  START: '开始处理',
  NOTE: '添加备注',
  RESOLVE: '办结',
  CLOSE: '关闭',
  REOPEN: '重新打开',
};

/** A case's events (CaseEventNode.action). */
export const CASE_EVENT_LABELS: Record<string, string> = {
  OPENED: '立案',
  STARTED: '开始处理',
  NOTE: '备注',
  RESOLVED: '办结',
  CLOSED: '关闭',
  REOPENED: '重新打开',
  FLAG_RAISED: '标记再次出现',
  FLAG_CLEARED: '标记已消除',
  MERGED: '档案合并',
  OVERDUE: '已逾期',
  LEFT_CARE: '儿童已离开本县关爱服务范围',
  REPORTED: '收到报告',
  CHILD_ATTACHED: '确认儿童',
  RESPONDED: '出警处置',
  ASSESSED: '完成评估',
  SUPPORT_ARRANGED: '落实帮扶',
};

export const CONCERN_LABELS: Record<ConcernKind, string> = {
  ALONE: '无人照料',
  MISSING: '失踪',
  ABUSE_SUSPECTED: '疑似遭受侵害',
  GUARDIAN_INCAPABLE: '监护人无力履责',
  OTHER: '其他',
};

export const STAGE_LABELS: Record<ReportStage, string> = {
  REPORTED: '已报告，待出警',
  RESPONDED: '已出警，待评估',
  ASSESSED: '已评估',
  SUPPORT_ARRANGED: '已落实帮扶',
  SETTLED: '已办结',
};

export const EMERGENCY_LABELS: Record<EmergencyMeasure, string> = {
  NONE: '无需紧急措施',
  TEMPORARY_CARE: '临时照料',
  SHELTER: '临时安置',
  MEDICAL_CARE: '送医救治',
  MISSING_CHILD_SEARCH: '寻找失踪儿童',
};

export const CARE_GIVER_LABELS: Record<CareGiver, string> = {
  RELATIVE: '亲属',
  VILLAGE_COMMITTEE: '村（居）委会',
  RESCUE_STATION: '救助管理站',
  WELFARE_INSTITUTION: '儿童福利机构',
};

export const SUPPORT_LABELS: Record<SupportMeasure, string> = {
  GUARDIANSHIP_GUIDANCE: '监护指导',
  MEDICAL_TREATMENT: '医疗救治',
  PSYCHOLOGICAL_COUNSELLING: '心理疏导',
  LEGAL_AID: '法律援助',
  LEGAL_SERVICES: '法律服务',
  BEHAVIOURAL_CORRECTION: '行为矫治',
  SOCIAL_ASSISTANCE: '纳入社会救助保障',
};

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  APPEARED: '新纳入',
  DISAPPEARED: '退出',
  FLAG_RAISED: '新增标记',
  FLAG_CLEARED: '标记消除',
  CATEGORY_CHANGED: '类别变化',
  MOVED: '迁移',
  MERGED: '档案合并',
  SPLIT: '档案拆分',
};
