import type { GoldenRecord, Provenanced } from '../../../reconciliation/golden';
import { isMistypedNumberOf } from '../../../reconciliation/normalise/ids';

/**
 * The rules the hub makes visible (docs/DOMAIN.md), each flag with the rule and the evidence behind it,
 * evaluated on a child's golden record as of `today` (the end of the latest imported period).
 */
export const CHILD_FLAGS = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'DROPOUT', 'UNREGISTERED', 'ALONE_UNDER_16', 'ID_CONFLICT', 'DUPLICATE_REGISTRATION'] as const;
export type ChildFlag = (typeof CHILD_FLAGS)[number];

/**
 * How sure a flag is, where the evidence can be of two kinds (DROPOUT): CONFIRMED when the
 * department's own record says so, TO_VERIFY when the flag rests on a record not being found here
 * (a child may go to school in the province where its parents work: 随迁子女).
 */
export const FLAG_STRENGTHS = ['CONFIRMED', 'TO_VERIFY'] as const;
export type FlagStrength = (typeof FLAG_STRENGTHS)[number];

export interface FlagFinding {
  flag: ChildFlag;
  rule: string;
  strength?: FlagStrength;
  evidence: Evidence[];
}

/** One of a child's records as the flags read it. */
export interface FlagRecord {
  /** source_record.id */
  recordId: string;
  source: string;
  /** The ID number as the record gives it (cleaned), null when it gives none. */
  idNumber: string | null;
  /** The normaliser's verdict: a placeholder (无, 不详) is missing, a failed check digit or date invalid. */
  idStatus: 'valid' | 'invalid' | 'missing';
}

/**
 * What the flags read beside the golden record: facts about the child's records and about the
 * search, not about the child. Kept with the child (child.flag_facts), so that a new period
 * re-evaluates the flags without reading the records again.
 */
export interface FlagFacts {
  records: FlagRecord[];
  /** Police records that an open review pair would join to this child (source_record ids). */
  policeInReview: string[];
  /** Departments whose exports for the child's county have been imported: where the hub looked. */
  searched: string[];
}

/**
 * The facts of a child written before they were kept: no ID number known, every department
 * searched. Its flags then read as they were written (the next full run rewrites them).
 */
const UNKNOWN_FACTS: FlagFacts = { records: [], policeInReview: [], searched: ['civil-affairs', 'education', 'police'] };

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
  DROPOUT:
    '001 §二(一)2, 002 §9 (控辍保学): of compulsory-education age (6–15 on 31 August before the school year) and the latest enrolment says 辍学 (CONFIRMED), or no enrolment record in this county\'s education export (TO_VERIFY: the child may go to school elsewhere, 随迁子女); 转出 and 毕业 are not dropouts',
  UNREGISTERED:
    '004 §四(三), 000 §五(三): seen by civil affairs or a school, no household registration matched in the police export, no ID number of its own from any department (a 公民身份号码 is issued at registration: a valid one, or one mistyped by a keystroke that embeds the child\'s birth date) and no police record waiting in review (无户籍)',
  ALONE_UNDER_16: '001 §二(一)5: under 16 with guardianship 无人监护 (a mandatory-report case, 001 §二(三))',
  ID_CONFLICT: 'the sources give different valid ID numbers for this child',
  DUPLICATE_REGISTRATION: '一人多户: two household registrations in the police export are one child (a possible duplicate registration, for police to clean up)',
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

/**
 * The child's records whose ID number shows that it was registered (a 公民身份号码 is issued at
 * household registration): a valid number, or one that fails GB 11643 but is one keystroke from a
 * valid number embedding the child's birth date (its own number, mistyped). A number that is
 * missing, destroyed by Excel or unlike any number of this child shows nothing.
 */
export function registrationNumbers(facts: FlagFacts, birthDate: string | null): FlagRecord[] {
  return facts.records.filter((r) => r.idStatus === 'valid' || (r.idStatus === 'invalid' && r.idNumber !== null && isMistypedNumberOf(r.idNumber, birthDate)));
}

/**
 * Whether a child is a data-quality finding rather than a case: an ID number of its own (so it was
 * registered somewhere), no police record in this county's export, which was searched. It may be
 * registered elsewhere, have moved, or not be linked yet: not for the UNREGISTERED list.
 */
export function policeRecordNotFound(golden: Pick<GoldenRecord, 'sources'>, facts: FlagFacts, birthDate: string | null): boolean {
  return facts.searched.includes('police') && !golden.sources.includes('police') && registrationNumbers(facts, birthDate).length > 0;
}

export function childFlags(golden: GoldenRecord, today: string, facts: FlagFacts | null = null): FlagFinding[] {
  const v = golden.values;
  const known = facts ?? UNKNOWN_FACTS;
  const legacy = facts === null;
  const found: FlagFinding[] = [];
  const add = (flag: ChildFlag, evidence: Evidence[], strength?: FlagStrength) =>
    found.push(strength === undefined ? { flag, rule: RULES[flag], evidence } : { flag, rule: RULES[flag], strength, evidence });
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
      if (golden.sources.includes('education')) {
        if (text(v.enrolmentStatus) === '辍学') {
          add('DROPOUT', [ageEvidence, quoting('enrolmentStatus', v.enrolmentStatus!, 'enrolment status 辍学 (CONFIRMED: the school says so)')], 'CONFIRMED');
        }
      } else if (known.searched.includes('education')) {
        // Not finding a record here is weaker than a school's 辍学: education checks before it acts.
        add('DROPOUT', [ageEvidence, { text: 'not enrolled in this county\'s education export: may go to school elsewhere (TO_VERIFY: to check before acting)', field: 'enrolmentStatus' }], 'TO_VERIFY');
      }
    }
  }

  if (!golden.sources.includes('police') && known.searched.includes('police')) {
    if (registrationNumbers(known, birth).length === 0 && known.policeInReview.length === 0) add('UNREGISTERED', unregisteredEvidence(golden, known, legacy));
  }

  const police = known.records.filter((r) => r.source === 'police');
  if (police.length >= 2) {
    add('DUPLICATE_REGISTRATION', [
      { text: `${police.length} household registrations are this one child: a possible duplicate registration (一人多户)` },
      ...police.map((r) => ({ text: r.idNumber === null ? 'a registration without an ID number' : `a registration with ID number ${r.idNumber} (${r.idStatus})`, field: 'idNumber', source: 'police', recordId: r.recordId })),
    ]);
  }

  if (text(v.guardianshipType) === '无人监护' && (age === null || age < 16)) {
    add('ALONE_UNDER_16', [quoting('guardianshipType', v.guardianshipType!, 'guardianship 无人监护'), ...ageNote]);
  }

  const idConflict = golden.conflicts.find((c) => c.field === 'idNumber');
  if (idConflict !== undefined) add('ID_CONFLICT', idConflict.values.map((p) => quoting('idNumber', p, String(p.value))));
  return found;
}

/**
 * Why a child is on the police's list: where the hub looked, which departments know the child
 * (each shown only to roles that see that source), and every ID number its records give, none of
 * them valid.
 */
function unregisteredEvidence(golden: GoldenRecord, facts: FlagFacts, legacy: boolean): Evidence[] {
  const evidence: Evidence[] = [{ text: 'no household registration matched' }];
  if (legacy) return [...evidence, ...golden.sources.map((source) => ({ text: `known to ${source}`, source }))];
  evidence.push({ text: `searched the ${facts.searched.join(', ')} exports of this county` });
  for (const source of golden.sources) evidence.push({ text: `known to ${source}`, source });
  const withNumbers = facts.records.filter((r) => r.idNumber !== null);
  if (withNumbers.length === 0) evidence.push({ text: 'no department gives an ID number', field: 'idNumber' });
  for (const r of withNumbers) evidence.push({ text: `ID number ${r.idNumber} is not valid (GB 11643: check digit or birth date) and is no mistyping of a number with this birth date`, field: 'idNumber', source: r.source, recordId: r.recordId });
  return evidence;
}
