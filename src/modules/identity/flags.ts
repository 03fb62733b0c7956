import type { GoldenRecord, Provenanced } from '../../../reconciliation/golden';

/**
 * The rules the hub makes visible (docs/DOMAIN.md), each flag with the rule and the evidence behind it,
 * evaluated on a child's golden record as of `today` (the end of the latest imported period).
 */
export const CHILD_FLAGS = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'DROPOUT', 'UNREGISTERED', 'ALONE_UNDER_16', 'ID_CONFLICT'] as const;
export type ChildFlag = (typeof CHILD_FLAGS)[number];

export interface FlagFinding {
  flag: ChildFlag;
  rule: string;
  evidence: Evidence[];
}

/**
 * One fact behind a flag, kept apart from where it comes from, so that each role is shown only
 * the facts of the sections it may see, citing only the records it may see (sharing/child.view.ts).
 */
export interface Evidence {
  /** What was found, e.g. "enrolment status 辍学". */
  text: string;
  /** The golden-record field it quotes (its section decides who sees it). */
  field?: string;
  /**
   * The department it comes from: a fact quoting a field is shown without its citation to a role
   * that may not see this department's records; a fact about the department itself (no field) is
   * not shown to it at all.
   */
  source?: string;
  /** That record's id (source_record.id), shown as the record's opaque reference. */
  recordId?: string;
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

/** A fact quoting a golden field, with the record it comes from. */
function quoting(field: string, p: Provenanced, text: string): Evidence {
  return { text, field, source: p.source, recordId: p.recordId };
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
  const add = (flag: ChildFlag, evidence: Evidence[]) => found.push({ flag, rule: RULES[flag], evidence });
  const birth = text(v.birthDate);
  const age = birth === null ? null : ageOn(birth, today);
  const ageNote: Evidence[] = birth === null ? [] : [quoting('birthDate', v.birthDate!, `born ${birth}: ${age} on ${today}`)];

  const category = list(v.category);
  if (age === null || age < 16) {
    const evidence: Evidence[] = [];
    if (category.includes('留守儿童')) evidence.push(quoting('category', v.category!, 'category 留守儿童'));
    if (v.leftBehind?.value === true) evidence.push(quoting('leftBehind', v.leftBehind, 'school left-behind flag 是'));
    if (evidence.length > 0) add('LEFT_BEHIND', [...evidence, ...ageNote]);
  }

  if (age === null || age < 18) {
    const evidence: Evidence[] = [];
    for (const c of ['困境儿童', '散居孤儿']) if (category.includes(c)) evidence.push(quoting('category', v.category!, `category ${c}`));
    const types = list(v.difficultyTypes);
    if (types.length > 0) evidence.push(quoting('difficultyTypes', v.difficultyTypes!, `difficulty ${types.join('、')}`));
    if (evidence.length > 0) add('IN_DIFFICULTY', [...evidence, ...ageNote]);
  }

  if (birth !== null) {
    const cutoff = schoolYearCutoff(today);
    const schoolAge = ageOn(birth, cutoff);
    if (schoolAge >= 6 && schoolAge <= 15) {
      const ageEvidence = quoting('birthDate', v.birthDate!, `born ${birth}: ${schoolAge} on ${cutoff}, of compulsory-education age`);
      if (!golden.sources.includes('education')) add('DROPOUT', [ageEvidence, { text: 'no enrolment record in the education exports', field: 'enrolmentStatus' }]);
      else if (text(v.enrolmentStatus) === '辍学') add('DROPOUT', [ageEvidence, quoting('enrolmentStatus', v.enrolmentStatus!, 'enrolment status 辍学')]);
    }
  }

  if (!golden.sources.includes('police')) {
    // Which departments know the child is itself a fact of theirs: each shown only to roles that see that source.
    add('UNREGISTERED', [{ text: 'no household registration matched' }, ...golden.sources.map((source) => ({ text: `known to ${source}`, source }))]);
  }

  if (text(v.guardianshipType) === '无人监护' && (age === null || age < 16)) {
    add('ALONE_UNDER_16', [quoting('guardianshipType', v.guardianshipType!, 'guardianship 无人监护'), ...ageNote]);
  }

  const idConflict = golden.conflicts.find((c) => c.field === 'idNumber');
  if (idConflict !== undefined) add('ID_CONFLICT', idConflict.values.map((p) => quoting('idNumber', p, String(p.value))));
  return found;
}
