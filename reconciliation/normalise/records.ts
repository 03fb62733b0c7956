import { todayIso } from './calendar';
import { AreaCode, AreaRegistry, normaliseAreaCode } from './areas';
import { SourceName } from './columns';
import { normaliseDate, normaliseMonth } from './dates';
import { normaliseEnum, normaliseEnumList } from './enums';
import { normaliseEthnicity } from './ethnicity';
import { crossCheckId, IdNumber, normaliseIdNumber } from './ids';
import { normaliseName } from './names';
import { FieldProblem, Normalised, Problem, problem } from './problem';
import { normaliseSex } from './sex';
import { cleanText, normalisePhone, splitList } from './text';
import { normaliseYesNo } from './yesno';
import {
  CHILD_CATEGORIES,
  DIFFICULTY_TYPES,
  ENROLMENT_STATUSES,
  GUARDIANSHIP_TYPES,
  ID_TYPES,
  PERSON_STATUSES,
  SCHOOLING_STATES,
} from './vocabularies';

export type { SourceName } from './columns';

export type FieldValue = string | boolean | string[] | null;

export interface NormalisedRecord {
  /** camelCase canonical names → normalised values; every field of the source is present (null when blank). */
  fields: Record<string, FieldValue>;
  /** Each problem names its canonical (snake_case) column. */
  problems: FieldProblem[];
}

export interface RecordOptions {
  /** YYYY-MM-DD used for "in the future" checks; defaults to the current local date. */
  today?: string;
  /** County (6-digit) code of the import, where villages named in addresses are looked for when a row has no usable area code. */
  countyCode?: string;
}

function asTyped(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  return text === '' ? null : text;
}

const camelByColumn = new Map<string, string>();
/** record_id → recordId (cached: the same few dozen column names on every row). */
function camel(column: string): string {
  let name = camelByColumn.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    camelByColumn.set(column, name);
  }
  return name;
}

const pinyinFieldByColumn = new Map<string, string>();
/** father_name → fatherNamePinyin (cached, so the key is the same internalised string every row). */
function pinyinField(column: string): string {
  let name = pinyinFieldByColumn.get(column);
  if (name === undefined) {
    name = camel(column) + 'Pinyin';
    pinyinFieldByColumn.set(column, name);
  }
  return name;
}

/**
 * Reads one row's cells, writes normalised fields and collects problems with their column.
 * "<kind>-empty" problems are kept only for the columns a source must fill (its key, name, sex,
 * birth date, area): a blank former name or work place is normal, not a defect.
 */
class RecordBuilder {
  readonly problems: FieldProblem[] = [];

  constructor(
    private readonly row: Readonly<Record<string, string | undefined>>,
    readonly today: string,
    private readonly required: ReadonlySet<string>,
    /** Starts as a copy of the source's field template, so every store hits an existing property. */
    readonly fields: Record<string, FieldValue>,
  ) {}

  raw(column: string): string | undefined {
    return this.row[column];
  }

  report(column: string, problems: readonly Problem[]): void {
    const keepEmpty = this.required.has(column);
    for (const p of problems) {
      if (!keepEmpty && p.code.endsWith('-empty')) continue;
      this.problems.push({ field: column, code: p.code, message: p.message });
    }
  }

  set(column: string, value: FieldValue, as = camel(column)): void {
    this.fields[as] = value;
  }

  text(column: string): string | null {
    const value = cleanText(this.raw(column));
    if (value === null && this.required.has(column)) this.report(column, [problem('key-empty', `no ${column}`)]);
    this.set(column, value);
    return value;
  }

  name(column: string, withPinyin = true): string | null {
    const n = normaliseName(this.raw(column));
    this.report(column, n.problems);
    this.set(column, n.value);
    if (withPinyin) this.fields[pinyinField(column)] = n.pinyin;
    // The child's name as typed (width folded, spaces dropped, characters not simplified): an
    // exact match "as typed" is stronger evidence than one that needed 劉 → 刘.
    if (column === 'name') this.fields.nameAsTyped = n.value === null ? null : asTyped(this.raw(column));
    return n.value;
  }

  value<T extends FieldValue>(column: string, n: Normalised<T>): T | null {
    this.report(column, n.problems);
    this.set(column, n.value);
    return n.value;
  }

  date(column: string): string | null {
    return this.value(column, normaliseDate(this.raw(column), { today: this.today }));
  }

  /** The child's ID number: value, status and the birth date, sex and region it embeds. */
  childIdFields(id: IdNumber): void {
    this.fields.idNumber = id.value;
    this.fields.idStatus = id.status;
    this.fields.idBirthDate = id.birthDate;
    this.fields.idSex = id.sex;
    this.fields.idRegionCode = id.regionCode;
  }

  area(registry: AreaRegistry | undefined, addresses: (string | null)[], countyCode: string | undefined): AreaCode {
    const raw = this.raw('area_code');
    let area = normaliseAreaCode(raw, registry, addresses[0], { fallbackPrefix: countyCode });
    // The current address may not name the village while the household one does.
    for (let i = 1; i < addresses.length && area.level !== 'village' && registry !== undefined; i++) {
      if (addresses[i] === null || addresses[i] === addresses[0]) continue;
      const next = normaliseAreaCode(raw, registry, addresses[i], { fallbackPrefix: countyCode });
      if (next.inferredFrom === 'address') area = next;
    }
    this.report('area_code', area.problems);
    this.fields.areaCode = area.value;
    this.fields.areaLevel = area.level;
    this.fields.areaInferred = area.inferredFrom === 'address';
    return area;
  }
}

/** The child's own identity columns, shared by all three sources; cross-checks the ID against them. */
function person(b: RecordBuilder, id: IdNumber, idColumn: string): void {
  const sex = b.value('sex', normaliseSex(b.raw('sex')));
  const birthDate = b.date('birth_date');
  b.report(idColumn, id.problems);
  b.childIdFields(id);
  b.report(idColumn, crossCheckId(id, birthDate, sex));
}

// Column and field names per parent, spelled out once (no per-row string building).
const PARENT = {
  father: { name: 'father_name', id: 'father_id_number', idNumber: 'fatherIdNumber', idStatus: 'fatherIdStatus', migrant: 'father_migrant', workPlace: 'father_work_place', sex: 'M' },
  mother: { name: 'mother_name', id: 'mother_id_number', idNumber: 'motherIdNumber', idStatus: 'motherIdStatus', migrant: 'mother_migrant', workPlace: 'mother_work_place', sex: 'F' },
} as const;

/** A parent's name and ID; a father's ID must carry male sex, a mother's female, and neither may be the child's. */
function parent(b: RecordBuilder, who: 'father' | 'mother', childId: string | null): void {
  const c = PARENT[who];
  b.name(c.name);
  const id = normaliseIdNumber(b.raw(c.id), { today: b.today });
  b.report(c.id, id.problems);
  b.report(c.id, crossCheckId(id, null, c.sex));
  if (id.value !== null && id.value === childId) {
    b.report(c.id, [problem('id-same-as-child', `the ${who}'s ID number is the child's own`)]);
  }
  b.fields[c.idNumber] = id.value;
  b.fields[c.idStatus] = id.status;
}

const REQUIRED: Record<SourceName, ReadonlySet<string>> = {
  'civil-affairs': new Set(['record_id', 'name', 'sex', 'birth_date', 'area_code']),
  education: new Set(['student_number', 'name', 'sex', 'birth_date', 'area_code']),
  police: new Set(['id_number', 'name', 'sex', 'birth_date', 'area_code']),
};

// 民政摸排台账
function civilAffairs(b: RecordBuilder, registry: AreaRegistry | undefined, opts: RecordOptions): void {
  b.text('record_id');
  b.name('name');
  const id = normaliseIdNumber(b.raw('id_number'), { today: b.today });
  person(b, id, 'id_number');
  b.value('ethnicity', normaliseEthnicity(b.raw('ethnicity')));
  const hukou = b.text('hukou_address');
  const current = b.text('current_address');
  b.area(registry, [current, hukou], opts.countyCode);
  b.value('category', normaliseEnumList(b.raw('category'), CHILD_CATEGORIES));
  b.value('difficulty_types', normaliseEnumList(b.raw('difficulty_types'), DIFFICULTY_TYPES));
  for (const who of ['father', 'mother'] as const) {
    parent(b, who, id.value);
    b.value(PARENT[who].migrant, normaliseYesNo(b.raw(PARENT[who].migrant)));
    b.text(PARENT[who].workPlace);
  }
  b.name('guardian_name');
  b.text('guardian_relation');
  b.value('guardian_phone', normalisePhone(b.raw('guardian_phone')));
  b.value('guardianship_type', normaliseEnum(b.raw('guardianship_type'), GUARDIANSHIP_TYPES));
  b.text('income_source');
  // 救助帮扶情况 is an open list (低保;特困;临时救助;孤儿基本生活费;…): split, not validated.
  b.set('assistance', splitList(b.raw('assistance')));
  b.value('schooling', normaliseEnum(b.raw('schooling'), SCHOOLING_STATES));
  b.text('reporter');
  b.date('report_date');
}

// 学籍系统
function education(b: RecordBuilder, registry: AreaRegistry | undefined, opts: RecordOptions): void {
  const studentNumber = readStudentNumber(b);
  b.name('name');
  const idType = b.value('id_type', normaliseEnum(b.raw('id_type'), ID_TYPES));

  let id: IdNumber;
  let idColumn = 'id_number';
  let fromStudentNumber = false;
  if (idType === '护照') {
    // A passport number is not a GB 11643 number: keep it aside, and match on other fields.
    b.set('other_document_number', cleanText(b.raw('id_number')));
    id = normaliseIdNumber(null);
  } else {
    b.set('other_document_number', null);
    const column = normaliseIdNumber(b.raw('id_number'), { today: b.today });
    const chosen = idEvidence(column, studentNumber.embeddedId, b.today, b.raw('birth_date'));
    id = chosen.id;
    if (chosen.fromStudentNumber) {
      idColumn = 'student_number';
      fromStudentNumber = true;
    }
    if (chosen.mismatch !== null) b.report(chosen.mismatch.field, [chosen.mismatch.problem]);
    if (chosen.columnProblems !== undefined) b.report('id_number', chosen.columnProblems);
  }
  b.set('id_from_student_number', fromStudentNumber);
  person(b, id, idColumn);

  const idTyped = cleanText(b.raw('id_number')) !== null;
  if (idType === '无' && idTyped) {
    b.report('id_type', [problem('id-type-mismatch', 'document type is 无 (none) but an ID number is filled in')]);
  } else if (idType === '居民身份证' && id.status === 'missing' && !id.problems.some((p) => p.code === 'id-excel-destroyed')) {
    b.report('id_type', [problem('id-type-mismatch', 'document type is 居民身份证 but no ID number is given')]);
  }

  b.text('school_code');
  b.text('school_name');
  b.text('grade');
  b.text('class');
  b.value('enrolled_month', normaliseMonth(b.raw('enrolled_month'), { today: b.today }));
  b.value('enrolment_status', normaliseEnum(b.raw('enrolment_status'), ENROLMENT_STATUSES));
  b.date('status_changed_on');
  b.value('left_behind', normaliseYesNo(b.raw('left_behind')));
  b.name('guardian_name');
  b.text('guardian_relation');
  b.value('guardian_phone', normalisePhone(b.raw('guardian_phone')));
  const hukou = b.text('hukou_address');
  const current = b.text('current_address');
  b.area(registry, [current, hukou], opts.countyCode);
}

interface IdEvidence {
  id: IdNumber;
  fromStudentNumber: boolean;
  /** The number not used, kept visible as a problem on its column. */
  mismatch: { field: string; problem: Problem } | null;
  /** What was wrong with the ID column when the student number's number is used instead (an Excel-destroyed number). */
  columnProblems?: readonly Problem[];
}

/**
 * Which number is the pupil's: the ID column's, or the one inside the G student number.
 * docs/FORMATS.md: 全国学籍号 = 'G' + the ID number, built once from the ID at enrolment; the ID
 * column is typed again for every export, and is where a sibling's or a parent's number lands in
 * the wrong row. So the student number's number wins when it is valid, unless only the column's
 * number agrees with the row's birth date (the student number was then built from a wrong number).
 */
function idEvidence(column: IdNumber, embedded: string | null, today: string, rawBirthDate: string | undefined): IdEvidence {
  if (embedded === null) return { id: column, fromStudentNumber: false, mismatch: null };
  const inStudentNumber = normaliseIdNumber(embedded, { today });
  if (column.status === 'missing') {
    // A blank (or Excel-destroyed) ID column is filled from the student number.
    return inStudentNumber.status === 'missing'
      ? { id: column, fromStudentNumber: false, mismatch: null }
      : { id: inStudentNumber, fromStudentNumber: true, mismatch: null, columnProblems: column.problems };
  }
  if (inStudentNumber.value === column.value || inStudentNumber.status === 'missing') return { id: column, fromStudentNumber: false, mismatch: null };

  const birthDate = normaliseDate(rawBirthDate, { today }).value;
  const agrees = (n: IdNumber) => n.birthDate !== null && n.birthDate === birthDate;
  const useStudentNumber =
    inStudentNumber.status === 'valid' && !(column.status === 'valid' && agrees(column) && !agrees(inStudentNumber));
  if (useStudentNumber) {
    return {
      id: inStudentNumber,
      fromStudentNumber: true,
      mismatch: {
        field: 'id_number',
        problem: problem(
          'student-number-id-mismatch',
          `the ID column holds ${column.value}, not the number inside student number G${embedded}, which is used (the column may hold a sibling's or a parent's number)`,
        ),
      },
    };
  }
  return {
    id: column,
    fromStudentNumber: false,
    mismatch: { field: 'student_number', problem: problem('student-number-id-mismatch', `student number G${embedded} does not embed the ID number ${column.value}`) },
  };
}

/** 全国学籍号: 'G' + ID number, or 'L…' (a temporary number for a child without an ID). */
function readStudentNumber(b: RecordBuilder): { embeddedId: string | null } {
  const text = cleanText(b.raw('student_number'));
  const value = text === null ? null : text.replace(/\s+/g, '').toUpperCase();
  b.set('student_number', value);
  b.set('temporary_student_number', value !== null && value.startsWith('L'));
  if (value === null) {
    b.report('student_number', [problem('key-empty', 'no student number')]);
    return { embeddedId: null };
  }
  if (value.startsWith('G') && (value.length === 19 || value.length === 16)) return { embeddedId: value.slice(1) };
  if (!value.startsWith('L')) {
    b.report('student_number', [problem('student-number-format', `"${value}" is neither G + ID number nor a temporary L number`)]);
  }
  return { embeddedId: null };
}

// 公安户籍
function police(b: RecordBuilder, registry: AreaRegistry | undefined, opts: RecordOptions): void {
  const id = normaliseIdNumber(b.raw('id_number'), { today: b.today });
  b.name('name');
  b.name('former_name');
  person(b, id, 'id_number');
  b.value('ethnicity', normaliseEthnicity(b.raw('ethnicity')));
  b.text('household_number');
  b.name('householder_name', false);
  b.text('relation_to_householder');
  const address = b.text('address');
  b.area(registry, [address], opts.countyCode);
  b.value('status', normaliseEnum(b.raw('status'), PERSON_STATUSES));
  parent(b, 'father', id.value);
  parent(b, 'mother', id.value);
  b.date('registered_on');
  b.date('changed_on');
}

const NORMALISERS: Record<SourceName, (b: RecordBuilder, registry: AreaRegistry | undefined, opts: RecordOptions) => void> = {
  'civil-affairs': civilAffairs,
  education,
  police,
};

/**
 * One source row (keyed by docs/FORMATS.md's canonical column names) → normalised fields for matching
 * and every problem found, each with its column. Never throws on bad data: a bad cell is a problem.
 */
export function normaliseRecord(
  source: SourceName,
  row: Record<string, string>,
  registry?: AreaRegistry,
  opts: RecordOptions = {},
): NormalisedRecord {
  const b = new RecordBuilder(row, opts.today ?? todayIso(), REQUIRED[source], { ...fieldTemplate(source) });
  NORMALISERS[source](b, registry, opts);
  return { fields: b.fields, problems: b.problems };
}

const FIELD_TEMPLATES = new Map<SourceName, Readonly<Record<string, FieldValue>>>();

/**
 * Every field a source's records carry, in order, all null. Found by normalising an empty row once:
 * each normaliser sets all its fields unconditionally. Copying this template instead of growing an
 * empty object keeps the fields object's shape fixed (about a third of the per-row cost otherwise).
 */
function fieldTemplate(source: SourceName): Readonly<Record<string, FieldValue>> {
  let template = FIELD_TEMPLATES.get(source);
  if (template === undefined) {
    const b = new RecordBuilder({}, '9999-12-31', REQUIRED[source], {});
    NORMALISERS[source](b, undefined, {});
    template = Object.fromEntries(Object.keys(b.fields).map((k) => [k, null]));
    FIELD_TEMPLATES.set(source, template);
  }
  return template;
}
