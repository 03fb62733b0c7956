import type { GoldenRecord, Provenanced } from '../../../reconciliation/golden';

/**
 * The rules the hub makes visible (DOMAIN.md), each flag with the rule and the evidence behind it,
 * evaluated on a child's golden record as of `today` (the end of the latest imported period).
 */
export const CHILD_FLAGS = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'DROPOUT', 'UNREGISTERED', 'ALONE_UNDER_16', 'ID_CONFLICT'] as const;
export type ChildFlag = (typeof CHILD_FLAGS)[number];

export interface FlagFinding {
  flag: ChildFlag;
  rule: string;
  evidence: string[];
}

const RULES: Record<ChildFlag, string> = {
  LEFT_BEHIND: '002 §一(三): under 16, both parents working away (or one away and the other unable to care); from the civil-affairs category 留守儿童 or the school left-behind flag',
  IN_DIFFICULTY: '002 §一(三): under 18 and an orphan, de-facto unsupported, ill, disabled, in economic hardship or without guardianship; from the civil-affairs category 困境儿童/散居孤儿 or a difficulty type',
  DROPOUT: '001 §二(一)2, 002 §9 (控辍保学): of compulsory-education age (6–15 on 31 August before the school year) and the latest enrolment says 辍学, or no enrolment record at all (转出 and 毕业 are not dropouts)',
  UNREGISTERED: '004 §四(三), 000 §五(三): seen by civil affairs or a school but with no matched household registration (无户籍)',
  ALONE_UNDER_16: '001 §二(一)5: under 16 with guardianship 无人监护 (a mandatory-report case, 001 §二(三))',
  ID_CONFLICT: 'the sources give different valid ID numbers for this child',
};

/** Ages (on the day flags are evaluated for) at which a flag can appear or lapse: 16 and 18. */
export const AGE_THRESHOLDS = [16, 18] as const;

/**
 * Whose flags can differ between evaluating on `before` and on `after`: null when everyone's
 * (the school year changed, and with it who is of compulsory-education age), otherwise the
 * birth-date ranges (exclusive start, inclusive end) of children who cross an age threshold.
 */
export function flagsToReevaluate(before: string, after: string): { from: string; to: string }[] | null {
  if (schoolYearCutoff(before) !== schoolYearCutoff(after)) return null;
  const minusYears = (day: string, years: number) => `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
  const [early, late] = before < after ? [before, after] : [after, before];
  return AGE_THRESHOLDS.map((age) => ({ from: minusYears(early, age), to: minusYears(late, age) }));
}

/** Full years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** 31 August before the school year `today` falls in (a school year starts on 1 September). */
export function schoolYearCutoff(today: string): string {
  const year = Number(today.slice(0, 4));
  return `${today.slice(5) >= '09-01' ? year : year - 1}-08-31`;
}

function from(p: Provenanced): string {
  return `${p.source} record ${p.recordId}`;
}

function text(p: Provenanced | null | undefined): string | null {
  return p != null && typeof p.value === 'string' ? p.value : null;
}

function list(p: Provenanced | null | undefined): string[] {
  return p != null && Array.isArray(p.value) ? p.value : [];
}

export function childFlags(golden: GoldenRecord, today: string): FlagFinding[] {
  const v = golden.values;
  const found: FlagFinding[] = [];
  const add = (flag: ChildFlag, evidence: string[]) => found.push({ flag, rule: RULES[flag], evidence });
  const birth = text(v.birthDate);
  const age = birth === null ? null : ageOn(birth, today);
  const ageNote = birth === null ? [] : [`born ${birth} (${from(v.birthDate!)}): ${age} on ${today}`];

  const category = list(v.category);
  if (age === null || age < 16) {
    const evidence: string[] = [];
    if (category.includes('留守儿童')) evidence.push(`category 留守儿童 (${from(v.category!)})`);
    if (v.leftBehind?.value === true) evidence.push(`school left-behind flag 是 (${from(v.leftBehind)})`);
    if (evidence.length > 0) add('LEFT_BEHIND', [...evidence, ...ageNote]);
  }

  if (age === null || age < 18) {
    const evidence: string[] = [];
    for (const c of ['困境儿童', '散居孤儿']) if (category.includes(c)) evidence.push(`category ${c} (${from(v.category!)})`);
    const types = list(v.difficultyTypes);
    if (types.length > 0) evidence.push(`difficulty ${types.join('、')} (${from(v.difficultyTypes!)})`);
    if (evidence.length > 0) add('IN_DIFFICULTY', [...evidence, ...ageNote]);
  }

  if (birth !== null) {
    const cutoff = schoolYearCutoff(today);
    const schoolAge = ageOn(birth, cutoff);
    if (schoolAge >= 6 && schoolAge <= 15) {
      const ageEvidence = `born ${birth} (${from(v.birthDate!)}): ${schoolAge} on ${cutoff}, of compulsory-education age`;
      if (!golden.sources.includes('education')) add('DROPOUT', [ageEvidence, 'no enrolment record in the education exports']);
      else if (text(v.enrolmentStatus) === '辍学') add('DROPOUT', [ageEvidence, `enrolment status 辍学 (${from(v.enrolmentStatus!)})`]);
    }
  }

  if (!golden.sources.includes('police')) add('UNREGISTERED', [`no household registration matched; known to ${golden.sources.join(' and ')}`]);

  if (text(v.guardianshipType) === '无人监护' && (age === null || age < 16)) {
    add('ALONE_UNDER_16', [`guardianship 无人监护 (${from(v.guardianshipType!)})`, ...ageNote]);
  }

  const idConflict = golden.conflicts.find((c) => c.field === 'idNumber');
  if (idConflict !== undefined) add('ID_CONFLICT', idConflict.values.map((p) => `${String(p.value)} (${from(p)})`));
  return found;
}
