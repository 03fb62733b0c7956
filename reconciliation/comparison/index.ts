import { ComparisonLevel, ComparisonSettings, ELSE_LEVEL, FieldValue } from '../settings';
import { birthDateDigitTypo, differentNumberNotTheRowsOwn, differsInSequenceOnly } from './id-numbers';
import { dayNumber, foldPinyin, isMonthDaySwap, jaroWinkler, levenshteinWithin, oneEdit } from './similarity';

export { dayNumber, foldPinyin, isMonthDaySwap, jaroWinkler, levenshteinWithin, oneEdit } from './similarity';

type Fields = Readonly<Record<string, FieldValue>>;

export interface CompiledComparison {
  readonly name: string;
  /** level labels in order, then 'else' last; index -1 means the 'null' level */
  readonly labels: readonly string[];
  levelOf(left: Fields, right: Fields): number;
}

/** The null level's index (the label is NULL_LEVEL). */
export const NULL_INDEX = -1;

/** Non-empty string, either boolean, or a non-empty list. */
function isPresent(v: FieldValue | undefined): boolean {
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'boolean') return true;
  return Array.isArray(v) && v.length > 0;
}

function anyPresent(record: Fields, fields: readonly string[]): boolean {
  for (let i = 0; i < fields.length; i++) if (isPresent(record[fields[i]])) return true;
  return false;
}

/** A value as the text string tests compare: a list's values joined by ';'; null when absent. */
function textOf(v: FieldValue | undefined): string | null {
  if (typeof v === 'string') return v.length > 0 ? v : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return Array.isArray(v) && v.length > 0 ? v.join(';') : null;
}

/** Strict number parse of a text value: Number() would read ' ' as 0. */
function numberOf(s: string): number {
  return s.charCodeAt(0) <= 0x20 ? NaN : Number(s);
}

/** True when one value of l (a list counts each element) equals one value of r. */
function valuesMeet(l: FieldValue | undefined, r: FieldValue | undefined): boolean {
  if (!isPresent(l) || !isPresent(r)) return false;
  if (Array.isArray(l)) {
    for (const x of l) if (x.length > 0 && valueMeets(r, x)) return true;
    return false;
  }
  return valueMeets(r, l as string | boolean);
}

function valueMeets(r: FieldValue | undefined, x: string | boolean): boolean {
  if (Array.isArray(r)) {
    if (typeof x !== 'string') return false;
    for (const y of r) if (y === x) return true;
    return false;
  }
  return r === x;
}

type PairTest = (left: Fields, right: Fields) => boolean;

/** A test on the first field's text values; fails when either is missing. */
function onText(field: string, holds: (a: string, b: string) => boolean): PairTest {
  return (left, right) => {
    const a = textOf(left[field]);
    if (a === null) return false;
    const b = textOf(right[field]);
    return b !== null && holds(a, b);
  };
}

/**
 * The last Jaro-Winkler score a comparison computed. Ladders (≥ 0.92, then ≥ 0.85) ask for the
 * same pair's score once per level; this keeps it to one computation.
 */
interface JaroWinklerMemo {
  a: string;
  b: string;
  score: number;
}

function compileLevel(c: ComparisonSettings, level: ComparisonLevel, memo: JaroWinklerMemo): PairTest {
  const where = `comparison "${c.name}", level "${level.label}"`;
  const fields = level.fields ?? c.fields;
  if (!Array.isArray(fields) || fields.length === 0) throw new Error(`${where}: no fields to read`);
  const first = fields[0];
  const param = (name: string, value: unknown, min: number): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new Error(`${where}: ${level.test} needs a number ${name} ≥ ${min} (got ${JSON.stringify(value)})`);
    }
    return value;
  };
  switch (level.test) {
    case 'exact':
      return onText(first, (a, b) => a === b);
    case 'crossExact':
      return (left, right) => {
        for (const lf of fields) {
          const l = left[lf];
          if (!isPresent(l)) continue;
          for (const rf of fields) if (valuesMeet(l, right[rf])) return true;
        }
        return false;
      };
    case 'pinyinNear':
      // A list (a name's readings, one per reading of its polyphonic characters) is near when one
      // of its values is near one of the other's: 张钧麟 (jun lin) and 张筠玲 (yun/jun ling).
      return (left, right) => {
        const l = left[first];
        const r = right[first];
        if (!isPresent(l) || !isPresent(r)) return false;
        const ls = Array.isArray(l) ? l : [String(l)];
        const rs = Array.isArray(r) ? r : [String(r)];
        for (const a of ls) {
          if (a.length === 0) continue;
          const fa = foldPinyin(a);
          for (const b of rs) if (b.length > 0 && (a === b || fa === foldPinyin(b))) return true;
        }
        return false;
      };
    case 'jaroWinkler': {
      const threshold = param('threshold', level.threshold, 0);
      return onText(first, (a, b) => {
        if (a !== memo.a || b !== memo.b) {
          memo.score = jaroWinkler(a, b);
          memo.a = a;
          memo.b = b;
        }
        return memo.score >= threshold;
      });
    }
    case 'levenshtein': {
      const distance = param('distance', level.distance, 0);
      return onText(first, (a, b) => levenshteinWithin(a, b, distance));
    }
    case 'oneEdit':
      return onText(first, oneEdit);
    case 'idSequence':
      return onText(first, differsInSequenceOnly);
    case 'idBirthDateTypo': {
      // The second field is the records' own birth date: the ID's date digits differ, the dates agree.
      const birthDate = fields[1];
      if (birthDate === undefined) throw new Error(`${where}: idBirthDateTypo needs the birth date field after the ID number's`);
      return (left, right) => {
        const a = textOf(left[first]);
        const b = textOf(right[first]);
        const da = textOf(left[birthDate]);
        return a !== null && b !== null && da !== null && da === textOf(right[birthDate]) && birthDateDigitTypo(a, b);
      };
    }
    case 'idNotRowsOwn': {
      const birthDate = fields[1];
      if (birthDate === undefined) throw new Error(`${where}: idNotRowsOwn needs the birth date field after the ID number's`);
      return (left, right) => {
        const a = textOf(left[first]);
        const b = textOf(right[first]);
        return a !== null && b !== null && differentNumberNotTheRowsOwn(a, b, textOf(left[birthDate]), textOf(right[birthDate]));
      };
    }
    case 'differ':
      return onText(first, (a, b) => a !== b);
    case 'dateNear': {
      const days = param('days', level.days, 0);
      return onText(first, (a, b) => Math.abs(dayNumber(a) - dayNumber(b)) <= days); // NaN fails
    }
    case 'dateSwap':
      return onText(first, isMonthDaySwap);
    case 'prefix': {
      const length = param('length', level.length, 1);
      return onText(first, (a, b) => {
        if (a.length < length || b.length < length) return false;
        for (let i = 0; i < length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
        return true;
      });
    }
    case 'numericNear': {
      const distance = param('distance', level.distance, 0);
      return onText(first, (a, b) => Math.abs(numberOf(a) - numberOf(b)) <= distance); // NaN fails
    }
    default:
      throw new Error(`${where}: unknown level test "${String((level as { test: unknown }).test)}"`);
  }
}

/**
 * Turns a comparison's settings into a function from a record pair to a level index. Every test
 * is a closure built here, so levelOf does no parsing or lookup of the settings per pair.
 * Throws on an unknown test, a missing parameter or a repeated label: better at load than mid-run.
 */
export function compileComparison(c: ComparisonSettings): CompiledComparison {
  if (!Array.isArray(c.fields) || c.fields.length === 0) throw new Error(`comparison "${c.name}" needs fields`);
  const labels = c.levels.map((l) => l.label);
  for (let i = 0; i < labels.length; i++) {
    if (labels.indexOf(labels[i]) !== i) throw new Error(`comparison "${c.name}": level label "${labels[i]}" is used twice`);
  }
  labels.push(ELSE_LEVEL);
  const memo: JaroWinklerMemo = { a: '', b: '', score: 1 };
  const tests = c.levels.map((l) => compileLevel(c, l, memo));
  const fields = c.fields.slice();
  const elseIndex = tests.length;

  return {
    name: c.name,
    labels,
    levelOf(left: Fields, right: Fields): number {
      // Null when either record has none of the fields: nothing to compare. A record with its
      // guardian's name and another with its householder's is comparable (one may be the other).
      if (!anyPresent(left, fields) || !anyPresent(right, fields)) return NULL_INDEX;
      for (let i = 0; i < tests.length; i++) if (tests[i](left, right)) return i;
      return elseIndex;
    },
  };
}
