import type { ChildFlag, FlagStrength, Role, Verification, VisitKind } from '../../../schema/generated/console';

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
