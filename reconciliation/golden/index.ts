// The golden record: one value per field for a cluster of records that matching says are one child,
// each value with the record it came from, and how far the sources agree on who the child is.
// Pure and synchronous: it runs once per cluster, about a million times per reconciliation.

import type { FieldValue } from '../settings';

export type { FieldValue } from '../settings';

/** One record of a cluster, as the normaliser produced it, with the period (YYYYQn) it was imported for. */
export interface GoldenInputRecord {
  id: string;
  source: string;
  /** 'YYYYQn': a later period sorts later as a string. */
  period: string;
  fields: Readonly<Record<string, FieldValue>>;
}

/**
 * How one field survives.
 *  - sources:   survivorship priority, most authoritative first; sources not listed rank after them,
 *               in `SurvivorshipSettings.sourceOrder`, then any other source
 *  - tolerance: how far two values may differ and still agree (key fields only), default 'exact':
 *               'idNumber' only two valid IDs can disagree (an invalid one is a typo);
 *               'date'     one day apart or month and day swapped still agree;
 *               'pinyin'   compare `<field>Pinyin` (homophones and traditional characters agree)
 *  - key:       an identity field: disagreement beyond tolerance makes the cluster a CONFLICT
 */
export interface FieldRule {
  field: string;
  sources: string[];
  tolerance?: 'exact' | 'pinyin' | 'idNumber' | 'date';
  key?: boolean;
}

/** Treated as immutable once used: its compiled form is cached per object. */
export interface SurvivorshipSettings {
  /** The source whose presence (with another source) makes an identity VERIFIED. */
  verifyingSource: string;
  sourceOrder: string[];
  /** The golden record's fields, in this order; fields without a rule are not carried. */
  fields: FieldRule[];
}

export interface Provenanced {
  value: FieldValue;
  source: string;
  recordId: string;
}

/** A key field the records disagree on: each distinct value once, sorted by source order then record id. */
export interface FieldConflict {
  field: string;
  values: Provenanced[];
}

export type Verification = 'VERIFIED' | 'CORROBORATED' | 'SINGLE_SOURCE' | 'CONFLICT';

export interface GoldenRecord {
  /** One entry per rule field, in rule order; null when no record has a value. */
  values: Record<string, Provenanced | null>;
  verification: Verification;
  conflicts: FieldConflict[];
  /** Distinct sources of the cluster, sorted. */
  sources: string[];
}

/** A rule with everything a call would otherwise recompute: ranks, counterpart field names. */
interface CompiledRule {
  field: string;
  /** Source → priority (0 = most authoritative); sources not in the map rank at `unlistedRank`. */
  rank: ReadonlyMap<string, number>;
  unlistedRank: number;
  tolerance: 'exact' | 'pinyin' | 'idNumber' | 'date';
  key: boolean;
  /** idNumber → idStatus, fatherIdNumber → fatherIdStatus: the normaliser's checksum verdict. */
  statusField: string | null;
  /** name → namePinyin, for the 'pinyin' tolerance. */
  pinyinField: string | null;
}

interface Compiled {
  verifyingSource: string;
  rules: CompiledRule[];
  keyRules: CompiledRule[];
}

const COMPILED = new WeakMap<SurvivorshipSettings, Compiled>();

function compile(settings: SurvivorshipSettings): Compiled {
  let compiled = COMPILED.get(settings);
  if (compiled !== undefined) return compiled;
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  for (const rule of settings.fields) {
    if (seen.has(rule.field)) throw new Error(`survivorship settings: field "${rule.field}" has two rules`);
    seen.add(rule.field);
    const rank = new Map<string, number>();
    for (const source of rule.sources) if (!rank.has(source)) rank.set(source, rank.size);
    for (const source of settings.sourceOrder) if (!rank.has(source)) rank.set(source, rank.size);
    const tolerance = rule.tolerance ?? 'exact';
    const isId = tolerance === 'idNumber' || rule.field === 'idNumber' || rule.field.endsWith('IdNumber');
    rules.push({
      field: rule.field,
      rank,
      unlistedRank: rank.size,
      tolerance,
      key: rule.key === true,
      statusField: isId ? rule.field.slice(0, -'Number'.length) + 'Status' : null,
      pinyinField: tolerance === 'pinyin' ? rule.field + 'Pinyin' : null,
    });
  }
  compiled = { verifyingSource: settings.verifyingSource, rules, keyRules: rules.filter((r) => r.key) };
  COMPILED.set(settings, compiled);
  return compiled;
}

/** A value worth surviving: not null/absent, not an empty string or list (false is a value). */
function present(value: FieldValue | undefined): value is string | boolean | string[] {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  return true;
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A Map key for counting equal values; the \u0000 prefixes keep `true` and ['a'] apart from 'true' and 'a'. */
function valueKey(value: string | boolean | string[]): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '\u0000true' : '\u0000false';
  return '\u0000[' + value.join('\u0001');
}

function rankOf(rule: CompiledRule, source: string): number {
  return rule.rank.get(source) ?? rule.unlistedRank;
}

function isValidId(rule: CompiledRule, record: GoldenInputRecord): boolean {
  return rule.statusField !== null && record.fields[rule.statusField] === 'valid';
}

/**
 * Whether `a` outranks `b` for survival, before the majority and record-id tie-breaks:
 * a valid ID first (a bad checksum never beats a good one), then the more authoritative source
 * (unlisted sources by name, so the choice never depends on input order), then the later period.
 * Returns 0 when they tie.
 */
function compareCandidates(rule: CompiledRule, a: GoldenInputRecord, b: GoldenInputRecord): number {
  if (rule.statusField !== null) {
    const va = isValidId(rule, a);
    if (va !== isValidId(rule, b)) return va ? -1 : 1;
  }
  if (a.source !== b.source) {
    const ra = rankOf(rule, a.source);
    const rb = rankOf(rule, b.source);
    if (ra !== rb) return ra - rb;
    return a.source < b.source ? -1 : 1;
  }
  if (a.period !== b.period) return a.period > b.period ? -1 : 1;
  return 0;
}

function provenanced(rule: CompiledRule, record: GoldenInputRecord): Provenanced {
  return { value: record.fields[rule.field], source: record.source, recordId: record.id };
}

/**
 * The surviving value of one field. Usually a single pass; only when several records of the winning
 * source and period tie does it count, over all of that source's records, which value most of them
 * share (an older record that agrees is a vote, not a candidate), then take the smallest record id.
 */
function survivor(records: readonly GoldenInputRecord[], rule: CompiledRule): Provenanced | null {
  let best: GoldenInputRecord | undefined;
  let tied = 0;
  for (const r of records) {
    if (!present(r.fields[rule.field])) continue;
    const order = best === undefined ? -1 : compareCandidates(rule, r, best);
    if (order < 0) {
      best = r;
      tied = 1;
    } else if (order === 0) {
      tied++;
    }
  }
  if (best === undefined) return null;
  if (tied === 1) return provenanced(rule, best);

  const top = best;
  const bestValid = isValidId(rule, top);
  const counts = new Map<string, number>();
  for (const r of records) {
    const v = r.fields[rule.field];
    if (r.source !== top.source || !present(v) || isValidId(rule, r) !== bestValid) continue;
    const k = valueKey(v);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let winner = top;
  let winnerCount = 0;
  for (const r of records) {
    const v = r.fields[rule.field];
    if (!present(v) || compareCandidates(rule, r, top) !== 0) continue;
    const c = counts.get(valueKey(v)) ?? 0;
    if (c > winnerCount || (c === winnerCount && r.id < winner.id)) {
      winner = r;
      winnerCount = c;
    }
  }
  return provenanced(rule, winner);
}

/** 'YYYY-MM-DD' → y*10000 + m*100 + d, or -1 when not in that form (compared exactly then). */
function packedDate(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  let packed = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    packed = packed * 10 + digit;
  }
  return packed;
}

const MS_PER_DAY = 86_400_000;

/** Within a day of each other, or month and day swapped (2013-04-12 / 2013-12-04): one typo, not two people. */
function datesAgree(a: string, b: string): boolean {
  const pa = packedDate(a);
  const pb = packedDate(b);
  if (pa < 0 || pb < 0) return false;
  const ya = Math.floor(pa / 10000), ma = Math.floor(pa / 100) % 100, da = pa % 100;
  const yb = Math.floor(pb / 10000), mb = Math.floor(pb / 100) % 100, db = pb % 100;
  if (ya === yb && ma === db && da === mb) return true;
  return Math.abs(Date.UTC(ya, ma - 1, da) - Date.UTC(yb, mb - 1, db)) <= MS_PER_DAY;
}

/**
 * Whether two compared records' values of a key field agree within the rule's tolerance.
 * Two different IDs never agree: `compared` has already left out the invalid ones.
 */
function agree(rule: CompiledRule, a: GoldenInputRecord, b: GoldenInputRecord): boolean {
  const va = a.fields[rule.field];
  const vb = b.fields[rule.field];
  if (sameValue(va, vb)) return true;
  switch (rule.tolerance) {
    case 'date':
      return typeof va === 'string' && typeof vb === 'string' && datesAgree(va, vb);
    case 'pinyin': {
      const pa = a.fields[rule.pinyinField as string];
      const pb = b.fields[rule.pinyinField as string];
      return typeof pa === 'string' && typeof pb === 'string' && pa !== '' && pa === pb;
    }
    default:
      return false;
  }
}

/** Records whose value of a key field takes part in the comparison: for an ID, only valid ones. */
function compared(rule: CompiledRule, record: GoldenInputRecord): boolean {
  return present(record.fields[rule.field]) && (rule.tolerance !== 'idNumber' || isValidId(rule, record));
}

/**
 * A key field's conflict, compared across all records (two of the same source included), or null.
 * The pairwise check allocates nothing; the value list is only built when there is a conflict.
 */
function conflict(records: readonly GoldenInputRecord[], rule: CompiledRule): FieldConflict | null {
  let found = false;
  for (let i = 0; i < records.length && !found; i++) {
    if (!compared(rule, records[i])) continue;
    for (let j = i + 1; j < records.length; j++) {
      if (compared(rule, records[j]) && !agree(rule, records[i], records[j])) {
        found = true;
        break;
      }
    }
  }
  if (!found) return null;
  const involved = records.filter((r) => compared(rule, r));
  involved.sort((a, b) => {
    const ra = rankOf(rule, a.source);
    const rb = rankOf(rule, b.source);
    if (ra !== rb) return ra - rb;
    if (a.source !== b.source) return a.source < b.source ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const values: Provenanced[] = [];
  for (const r of involved) {
    const v = r.fields[rule.field];
    if (!values.some((p) => sameValue(p.value, v))) values.push(provenanced(rule, r));
  }
  return { field: rule.field, values };
}

/**
 * One cluster's golden record: each field from its most authoritative source, the key fields'
 * conflicts, and the verification status. The result does not depend on the order of `records`.
 */
export function goldenRecord(records: readonly GoldenInputRecord[], settings: SurvivorshipSettings): GoldenRecord {
  if (records.length === 0) throw new Error('goldenRecord: a cluster has at least one record');
  const compiled = compile(settings);

  const values: Record<string, Provenanced | null> = {};
  for (const rule of compiled.rules) values[rule.field] = survivor(records, rule);

  const conflicts: FieldConflict[] = [];
  for (const rule of compiled.keyRules) {
    const c = conflict(records, rule);
    if (c !== null) conflicts.push(c);
  }

  const sources: string[] = [];
  for (const r of records) if (!sources.includes(r.source)) sources.push(r.source);
  sources.sort();

  let verification: Verification;
  if (conflicts.length > 0) verification = 'CONFLICT';
  else if (sources.length > 1 && sources.includes(compiled.verifyingSource)) verification = 'VERIFIED';
  else if (sources.length > 1) verification = 'CORROBORATED';
  else verification = 'SINGLE_SOURCE';

  return { values, verification, conflicts, sources };
}

const POLICE_FIRST = ['police'];
const EDUCATION_FIRST = ['education'];
const CIVIL_AFFAIRS_FIRST = ['civil-affairs'];

/**
 * The hub's survivorship (docs/DOMAIN.md, "The three departments and what each export holds"):
 *  - police household registration (公安户籍) is authoritative for legal identity: the ID number,
 *    name, birth date, sex, household and parents' IDs;
 *  - education (学籍系统) for enrolment: school, grade, status, the left-behind flag;
 *  - civil affairs (民政摸排台账) for category, guardianship, parents' migrant work and welfare.
 * The area code is where the child is registered (police), else where the village director found
 * them (civil affairs), else where they go to school (education).
 * Identity key fields decide CONFLICT: the ID number, the name by pinyin, birth date, sex.
 */
export const HUB_SURVIVORSHIP: SurvivorshipSettings = {
  verifyingSource: 'police',
  sourceOrder: ['police', 'education', 'civil-affairs'],
  fields: [
    { field: 'idNumber', sources: POLICE_FIRST, tolerance: 'idNumber', key: true },
    { field: 'name', sources: POLICE_FIRST, tolerance: 'pinyin', key: true },
    { field: 'formerName', sources: POLICE_FIRST },
    { field: 'sex', sources: POLICE_FIRST, tolerance: 'exact', key: true },
    { field: 'birthDate', sources: POLICE_FIRST, tolerance: 'date', key: true },
    { field: 'ethnicity', sources: POLICE_FIRST },
    { field: 'householdNumber', sources: POLICE_FIRST },
    { field: 'householderName', sources: POLICE_FIRST },
    { field: 'relationToHouseholder', sources: POLICE_FIRST },
    { field: 'fatherName', sources: POLICE_FIRST },
    { field: 'fatherIdNumber', sources: POLICE_FIRST },
    { field: 'motherName', sources: POLICE_FIRST },
    { field: 'motherIdNumber', sources: POLICE_FIRST },
    { field: 'status', sources: POLICE_FIRST },
    { field: 'areaCode', sources: ['police', 'civil-affairs', 'education'] },
    { field: 'studentNumber', sources: EDUCATION_FIRST },
    { field: 'schoolCode', sources: EDUCATION_FIRST },
    { field: 'schoolName', sources: EDUCATION_FIRST },
    { field: 'grade', sources: EDUCATION_FIRST },
    { field: 'class', sources: EDUCATION_FIRST },
    { field: 'enrolledMonth', sources: EDUCATION_FIRST },
    { field: 'enrolmentStatus', sources: EDUCATION_FIRST },
    { field: 'statusChangedOn', sources: EDUCATION_FIRST },
    { field: 'leftBehind', sources: EDUCATION_FIRST },
    { field: 'category', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'difficultyTypes', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'guardianName', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'guardianRelation', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'guardianPhone', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'guardianshipType', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'incomeSource', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'assistance', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'schooling', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'fatherMigrant', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'fatherWorkPlace', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'motherMigrant', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'motherWorkPlace', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'currentAddress', sources: CIVIL_AFFAIRS_FIRST },
    { field: 'hukouAddress', sources: CIVIL_AFFAIRS_FIRST },
  ],
};
