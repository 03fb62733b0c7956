/**
 * Chinese words for what the matching engine says in English (reconciliation/settings/hub.json:
 * comparison names, level labels, guard names) and for `heldBy`. An unknown word is shown as
 * the engine wrote it: a new level in the settings must not blank the screen.
 */
export const COMPARISON_LABELS: Record<string, string> = {
  name: '姓名',
  'id number': '身份证号',
  'birth date': '出生日期',
  sex: '性别',
  area: '区域',
  family: '家庭',
};

export const LEVEL_LABELS: Record<string, string> = {
  null: '至少一方无值',
  else: '不一致',
  exact: '一致',
  'exact as typed': '完全一致',
  'same after simplification': '繁简转换后一致',
  homophone: '同音',
  'former name': '曾用名一致',
  'near pinyin': '拼音相近',
  similar: '拼音相似',
  'same valid number': '同一有效号码',
  'same number, not valid': '号码相同但无效',
  'typo in the birth-date digits, birth dates agree': '出生日期位有笔误，出生日期一致',
  'one digit or transposition': '一位不同或两位颠倒',
  'sequence digits differ (twins)': '仅顺序码不同（双胞胎）',
  "another's number: its birth date is not its row's": '他人号码：号码中的出生日期与本行不符',
  'two different valid numbers': '两个不同的有效号码',
  'one day apart': '相差一天',
  'month and day swapped': '月日颠倒',
  'same month': '同年同月',
  village: '同村',
  town: '同乡镇',
  county: '同区县',
  "a parent's id number": '父母身份证号一致',
  'guardian phone': '监护人电话一致',
  "a parent's or guardian's name": '父母或监护人姓名一致',
};

export const GUARD_LABELS: Record<string, string> = {
  'sibling or twin: same family, different names': '可能是兄弟姐妹或双胞胎：同一家庭，姓名不同',
  'sibling or twin: same family, different names, one valid id number but birth dates more than a day apart':
    '可能是兄弟姐妹或双胞胎：同一家庭，姓名不同，仅一方有有效身份证号，出生日期相差超过一天',
  'twins or siblings with homophone names: same family, two different id numbers': '可能是姓名同音的双胞胎或兄弟姐妹：同一家庭，身份证号不同',
  'twins: the id numbers differ only in the sequence digits, and the names are not the same': '可能是双胞胎：身份证号仅顺序码不同，姓名不同',
  "a twin's number in the wrong row: the same valid id number, but the names differ and the sex differs or is not given":
    '可能是双胞胎的号码填错行：身份证号相同且有效，但姓名不同，性别不同或未填',
  "no id number of the child's own to agree on, and the names differ": '没有本人身份证号可比对，且姓名不同',
  'namesakes: a name and a near birth date, but no id number and no family to agree on': '可能是同名者：姓名一致、出生日期相近，但没有身份证号和家庭信息可比对',
  'homophone namesakes: the name agrees only by sound, no id number, and the families disagree': '可能是同音同名者：姓名仅读音相同，没有身份证号，家庭信息不一致',
  'twins of two sexes: the names agree only by sound, and no id number to tell them apart': '可能是龙凤胎：姓名仅读音相同，没有身份证号可区分',
};

export function word(labels: Record<string, string>, key: string): string {
  return labels[key] ?? key;
}

/** Why a pair waits, as the hub says it in `heldBy`, read into its parts. */
export type HeldBy =
  | { kind: 'guard'; guards: string[] }
  | { kind: 'thresholds'; weight: number; review: number; link: number }
  | { kind: 'unknown'; reason: string };

const BETWEEN = /^weight (-?[\d.]+) between the review threshold (-?[\d.]+) and the link threshold (-?[\d.]+)$/;

export function readHeldBy(heldBy: string | null, reason: string): HeldBy {
  if (heldBy !== null) {
    if (heldBy === 'guard' || heldBy.startsWith('guard: ')) {
      return { kind: 'guard', guards: heldBy.slice('guard: '.length).split('; ').filter((g) => g !== '') };
    }
    const between = BETWEEN.exec(heldBy);
    if (between !== null) return { kind: 'thresholds', weight: Number(between[1]), review: Number(between[2]), link: Number(between[3]) };
  }
  // Items written before heldBy was kept say only 'guard' or 'grey-zone'.
  return reason === 'guard' ? { kind: 'guard', guards: [] } : { kind: 'unknown', reason };
}

/** One sentence for the reviewer: why the engine did not decide this pair alone. */
export function heldBySentence(held: HeldBy): string {
  switch (held.kind) {
    case 'guard':
      return held.guards.length === 0 ? '被防误合规则拦下，需人工判断' : `被防误合规则拦下：${held.guards.map((g) => word(GUARD_LABELS, g)).join('；')}`;
    case 'thresholds':
      return `匹配分 ${held.weight} 介于复核阈值 ${held.review} 与自动合并阈值 ${held.link} 之间`;
    case 'unknown':
      return held.reason === 'grey-zone' ? '匹配分介于复核阈值与自动合并阈值之间' : held.reason;
  }
}

/** A weight (log2 odds) with its sign: +3.2, −1.5. */
export function formatWeight(weight: number): string {
  const rounded = Math.round(weight * 100) / 100;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded).toFixed(2)}`;
}
