// The trouble of real exports (docs/FORMATS.md, "What real exports get wrong, and what the hub does"), as rates per
// source. Each source has its own habits: civil affairs is typed by hand from visits (missing
// and mistyped IDs, names typed by ear, every date format); education is a national system
// (L-numbers, transposed ID digits typed at enrolment); police is the register itself and
// the cleanest. The level scales every rate: `low` a few per cent of rows, `realistic` what a
// county sends (10–20% of rows touched), `hard` two to three times that.
//
// Every damage is recorded (field and kind), so the truth files say what was done to which
// row and tests can tell deliberate damage from bugs.

import { formatDay, ymd, dayOf, type DateFormat, type Day } from './dates';
import { mistypeDigit, toFifteenDigits, toFullWidth, transposeAdjacent } from './idnumber';
import { fullName, homophoneVariant, polyphoneVariant, traditionalVariant, type PersonName } from './names';
import type { Rng } from './random';
import type { Sex } from './model';

export type NoiseLevel = 'low' | 'realistic' | 'hard';
export type SourceName = 'civil-affairs' | 'education' | 'police';

export const NOISE_KINDS = [
  // ID numbers
  'id_missing', 'id_placeholder', 'id_typo', 'id_transposed', 'id_lowercase_x', 'id_spaces', 'id_fullwidth', 'id_sibling',
  'id_excel_scientific', 'id_excel_truncated', 'id_wrong_row',
  'parent_id_missing', 'parent_id_15_digit',
  // dates
  'date_format', 'date_excel', 'date_off_by_one', 'date_month_day_swap',
  // sex
  'sex_numeric', 'sex_letter', 'sex_blank', 'sex_wrong',
  // names
  'name_homophone', 'name_traditional', 'name_space', 'name_fullwidth', 'name_separator', 'name_former',
  'name_polyphone',
  // places and contacts
  'area_missing', 'area_9', 'area_6', 'address_short', 'phone_missing', 'phone_typo', 'list_separator', 'flag_stale',
  // rows
  'row_duplicate', 'row_duplicate_changed', 'row_too_few_columns', 'row_too_many_columns', 'row_unclosed_quote', 'empty_line',
  'row_phantom',
] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

/** Damage that makes a line unreadable as a record of the header's shape. */
export const UNREADABLE_KINDS: ReadonlySet<NoiseKind> = new Set(['row_too_few_columns', 'row_too_many_columns', 'row_unclosed_quote']);
/** Damage to whole lines, which small files must still show at least once (see forcedRow). */
export const ROW_KINDS: readonly NoiseKind[] = ['row_duplicate', 'row_duplicate_changed', 'row_too_few_columns', 'row_too_many_columns', 'row_unclosed_quote', 'empty_line'];

type Rates = Partial<Record<NoiseKind, number>>;

/** Rates at `realistic`, per field the kind applies to (per row for row kinds). */
const REALISTIC: Record<SourceName, Rates> = {
  'civil-affairs': {
    id_missing: 0.08, id_placeholder: 0.015, id_typo: 0.02, id_transposed: 0.015, id_lowercase_x: 0.3, id_spaces: 0.012,
    id_fullwidth: 0.01, id_sibling: 0.006, parent_id_missing: 0.06, parent_id_15_digit: 0.02,
    // The roster is kept in Excel: a long number it was allowed to read as a number is destroyed.
    id_excel_scientific: 0.005, id_excel_truncated: 0.005,
    date_format: 0.02, date_excel: 0.02, date_off_by_one: 0.01, date_month_day_swap: 0.015,
    sex_numeric: 0.015, sex_letter: 0.006, sex_blank: 0.01, sex_wrong: 0.004,
    name_homophone: 0.035, name_traditional: 0.006, name_space: 0.012, name_fullwidth: 0.006, name_separator: 0.5, name_former: 0.7,
    name_polyphone: 0.3, // of the names with a polyphonic character: typed by ear, read the other way
    area_missing: 0.025, area_9: 0.015, area_6: 0.01, address_short: 0.015, phone_missing: 0.02, phone_typo: 0.008, list_separator: 0.3,
    row_duplicate: 0.006, row_duplicate_changed: 0.006, row_too_few_columns: 0.003, row_too_many_columns: 0.003, row_unclosed_quote: 0.0005, empty_line: 0.004,
  },
  education: {
    id_missing: 0.005, id_placeholder: 0.002, id_typo: 0.006, id_transposed: 0.015, id_lowercase_x: 0.15, id_spaces: 0.005,
    id_fullwidth: 0.005, id_sibling: 0.002,
    id_excel_scientific: 0.002, id_excel_truncated: 0.002,
    // The ID column is typed again for each export: a sibling's or parent's number lands in the
    // wrong row, while the student number, built from the ID at enrolment, stays right.
    id_wrong_row: 0.004,
    date_format: 0.008, date_excel: 0.003, date_off_by_one: 0.006, date_month_day_swap: 0.005,
    sex_numeric: 0.01, sex_letter: 0.004, sex_blank: 0.004, sex_wrong: 0.002,
    name_homophone: 0.015, name_traditional: 0.004, name_space: 0.006, name_fullwidth: 0.004, name_separator: 0.4, name_former: 0.6,
    name_polyphone: 0.12,
    area_missing: 0.008, area_9: 0.008, area_6: 0.004, address_short: 0.008, phone_missing: 0.01, phone_typo: 0.004, flag_stale: 0.015,
    row_duplicate: 0.003, row_duplicate_changed: 0.003, row_too_few_columns: 0.001, row_too_many_columns: 0.001, row_unclosed_quote: 0.0001, empty_line: 0.001,
  },
  police: {
    // The register issues the children's IDs: they are never mistyped here, only formatted.
    id_lowercase_x: 0.06, id_spaces: 0.002, id_fullwidth: 0.001, parent_id_missing: 0.006, parent_id_15_digit: 0.005,
    id_typo: 0.002, id_transposed: 0.002, // parents' IDs only (copied in from other registers)
    date_format: 0.008, date_off_by_one: 0.002, date_month_day_swap: 0.001,
    sex_numeric: 0.004, sex_blank: 0.002, sex_wrong: 0.001,
    name_homophone: 0.004, name_traditional: 0.01, name_space: 0.003, name_fullwidth: 0.001, name_separator: 0.3,
    name_polyphone: 0.02,
    area_missing: 0.004, area_9: 0.004, area_6: 0.003, address_short: 0.004,
    row_duplicate: 0.002, row_duplicate_changed: 0.002, row_too_few_columns: 0.0005, row_too_many_columns: 0.0005, row_unclosed_quote: 0.00005, empty_line: 0.0005,
    // A readable but corrupted copy of a child's row: its ID fails the check digit or gives an
    // impossible birth date (the same child, not a second one).
    row_phantom: 0.002,
  },
};

const MULTIPLIER: Record<NoiseLevel, number> = { low: 0.25, realistic: 1, hard: 2.5 };

export function parseNoise(text: string): NoiseLevel {
  const level = text.trim().toLowerCase();
  if (level === 'low' || level === 'realistic' || level === 'hard') return level;
  throw new Error(`noise must be low, realistic or hard, not "${text}"`);
}

export interface NoiseEvent {
  field: string;
  kind: NoiseKind;
}

/**
 * Rolls the dice for one source. A row is rendered between begin() and the writer taking
 * `events`; the events name the column each damage went into.
 */
export class Noise {
  events: NoiseEvent[] = [];
  private readonly rates: Rates;

  constructor(
    readonly rng: Rng,
    readonly source: SourceName,
    readonly level: NoiseLevel,
  ) {
    const m = MULTIPLIER[level];
    const base = REALISTIC[source];
    this.rates = {};
    for (const kind of NOISE_KINDS) {
      const r = base[kind];
      if (r) this.rates[kind] = Math.min(r * m, kind === 'name_separator' || kind === 'name_former' || kind === 'id_lowercase_x' ? 0.95 : 0.6);
    }
  }

  rate(kind: NoiseKind): number {
    return this.rates[kind] ?? 0;
  }

  begin(): void {
    this.events = [];
  }

  /**
   * Whether this kind of damage happens here (not yet recorded: it may turn out a no-op).
   * `scale` lowers the rate for secondary people in a row (parents, guardians): each row
   * names up to four people, and the child's own fields are what gets typed with most care
   * and most trouble alike.
   */
  roll(kind: NoiseKind, scale = 1): boolean {
    const r = this.rates[kind];
    return r !== undefined && this.rng.next() < r * scale;
  }

  log(kind: NoiseKind, field: string): void {
    this.events.push({ field, kind });
  }

  /** roll + log, for damage that always changes the value. */
  hit(kind: NoiseKind, field: string, scale = 1): boolean {
    if (!this.roll(kind, scale)) return false;
    this.log(kind, field);
    return true;
  }
}

// ---- field damage ---------------------------------------------------------------------

/** Rates for parents' and guardians' fields, relative to the child's. */
const SECONDARY = 0.4;

const PLACEHOLDERS = ['000000000000000000', '无', '暂无', '/'];

export interface TypedId {
  /** What was typed (content errors): what a system builds keys from. */
  typed: string;
  /** What the export shows (formatting on top). */
  shown: string;
}

/**
 * An ID number as it reaches the file. `id` null means the person has none. Content errors
 * (a mistyped digit, a transposition, the sibling's number) change `typed`; formatting (x,
 * spaces, full-width) only `shown`.
 */
export function idValue(
  noise: Noise,
  field: string,
  id: string | null,
  opts: { parent?: boolean; sibling?: string | null; contentErrors?: boolean; wrongRow?: readonly string[] } = {},
): TypedId {
  const scale = opts.parent ? SECONDARY : 1;
  if (id === null) {
    // Someone without a number: usually blank, sometimes a placeholder typed to fill the cell.
    if (noise.hit('id_placeholder', field)) return { typed: '', shown: noise.rng.pick(PLACEHOLDERS) };
    return { typed: '', shown: '' };
  }
  if (noise.hit(opts.parent ? 'parent_id_missing' : 'id_missing', field)) return { typed: '', shown: '' };
  if (!opts.parent && noise.hit('id_placeholder', field)) return { typed: '', shown: noise.rng.pick(PLACEHOLDERS) };
  // Someone else's number typed into this row (the typed number, which keys are built from, is still the child's).
  if (opts.wrongRow && opts.wrongRow.length > 0 && noise.hit('id_wrong_row', field)) return { typed: id, shown: noise.rng.pick(opts.wrongRow) };
  let v = id;
  const contentErrors = opts.contentErrors ?? true;
  if (opts.parent && Number(id.slice(6, 10)) < 2000 && noise.hit('parent_id_15_digit', field)) {
    v = toFifteenDigits(v);
  } else if (contentErrors) {
    if (opts.sibling && noise.hit('id_sibling', field)) v = opts.sibling;
    else if (noise.hit('id_typo', field, scale)) v = mistypeDigit(v, noise.rng);
    else if (noise.roll('id_transposed', scale)) {
      const t = transposeAdjacent(v, noise.rng);
      if (t) {
        v = t;
        noise.log('id_transposed', field);
      }
    }
  }
  const typed = v;
  // Excel reads an all-digit cell as a number and keeps 15 significant digits (an X keeps it text).
  if (/^\d{18}$/.test(v)) {
    if (noise.hit('id_excel_scientific', field, scale)) return { typed, shown: `${v[0]}.${v.slice(1, 6)}E+17` };
    if (noise.hit('id_excel_truncated', field, scale)) return { typed, shown: `${v.slice(0, 15)}000` };
  }
  if (v.endsWith('X') && noise.hit('id_lowercase_x', field, scale)) v = `${v.slice(0, -1)}x`;
  if (noise.hit('id_spaces', field, scale)) {
    const r = noise.rng.next();
    v = r < 0.4 ? `${v.slice(0, 6)} ${v.slice(6, 14)} ${v.slice(14)}` : r < 0.7 ? `${v} ` : `${v.slice(0, 10)} ${v.slice(10)}`;
  }
  if (noise.hit('id_fullwidth', field, scale)) v = toFullWidth(v);
  return { typed, shown: v };
}

const REFORMATS: readonly DateFormat[] = ['iso', 'slash', 'compact', 'chinese', 'dot', 'slashPadded', 'isoUnpadded'];

/** A date as typed: off by a day or month/day swapped (birth dates), in a stray format. */
export function dateValue(noise: Noise, field: string, day: Day, habit: DateFormat, opts: { birth?: boolean; excel?: boolean } = {}): string {
  let d = day;
  if (opts.birth) {
    if (noise.hit('date_off_by_one', field)) d += noise.rng.chance(0.5) ? 1 : -1;
    else {
      const { y, m, d: dd } = ymd(d);
      if (dd <= 12 && dd !== m && noise.hit('date_month_day_swap', field)) d = dayOf(y, dd, m);
    }
  }
  let format = habit;
  if ((opts.excel ?? true) && noise.hit('date_excel', field)) format = 'excel';
  else if (noise.roll('date_format')) {
    const other = REFORMATS.filter((f) => f !== habit);
    format = noise.rng.pick(other);
    noise.log('date_format', field);
  }
  return formatDay(d, format);
}

export function sexValue(noise: Noise, field: string, sex: Sex): string {
  let s = sex;
  if (noise.hit('sex_wrong', field)) s = s === 'M' ? 'F' : 'M';
  if (noise.hit('sex_blank', field)) return '';
  if (noise.hit('sex_numeric', field)) return s === 'M' ? '1' : '2'; // GB/T 2261.1
  if (noise.hit('sex_letter', field)) return s;
  return s === 'M' ? '男' : '女';
}

const MINORITY_SEPARATORS = ['.', '•', '・', '．', '', ' '];

export function nameValue(
  noise: Noise,
  field: string,
  name: PersonName,
  opts: { former?: PersonName | null; surnameHomophones?: boolean; secondary?: boolean } = {},
): string {
  const scale = opts.secondary ? SECONDARY : 1;
  let n = name;
  if (opts.former && noise.hit('name_former', field)) n = opts.former;
  if (noise.roll('name_homophone', scale)) {
    const h = homophoneVariant(n, noise.rng, opts.surnameHomophones ?? true);
    if (h) {
      n = h;
      noise.log('name_homophone', field);
    }
  }
  if (noise.roll('name_polyphone', scale)) {
    const p = polyphoneVariant(n, noise.rng);
    if (p) {
      n = p;
      noise.log('name_polyphone', field);
    }
  }
  if (noise.roll('name_traditional', scale)) {
    const t = traditionalVariant(n);
    if (t) {
      n = t;
      noise.log('name_traditional', field);
    }
  }
  let text = fullName(n);
  if (n.style === 'uyghur' && noise.hit('name_separator', field)) text = text.replace('·', noise.rng.pick(MINORITY_SEPARATORS));
  if (noise.hit('name_space', field, scale)) {
    const r = noise.rng.next();
    const cut = n.style === 'uyghur' ? 1 : Array.from(n.surname).length;
    const chars = Array.from(text);
    text = r < 0.5 ? `${chars.slice(0, cut).join('')} ${chars.slice(cut).join('')}` : r < 0.8 ? `${text} ` : ` ${text}`;
  }
  if (noise.hit('name_fullwidth', field, scale)) {
    // Typed with the IME in full-width mode: an ideographic space, or the full-width dot.
    text = text.includes('·') ? text.replace('·', '．') : `${Array.from(text)[0]}\u3000${Array.from(text).slice(1).join('')}`;
  }
  return text;
}

/**
 * A 12-digit village code, cut to the town (9) or county (6), or left out — left out only
 * where an address in the row still names the village, as in real exports.
 */
export function areaValue(noise: Noise, field: string, code: string, addressNamesVillage = true): string {
  if (addressNamesVillage && noise.hit('area_missing', field)) return '';
  if (noise.hit('area_9', field)) return code.slice(0, 9);
  if (noise.hit('area_6', field)) return code.slice(0, 6);
  return code;
}

/** An address typed without the province/county head (the village still names the place). */
export function addressValue(noise: Noise, field: string, address: string, head: string): string {
  if (address.startsWith(head) && noise.hit('address_short', field)) return address.slice(head.length);
  return address;
}

export function phoneValue(noise: Noise, field: string, phone: string): string {
  if (!phone) return '';
  if (noise.hit('phone_missing', field)) return '';
  if (noise.hit('phone_typo', field)) {
    const i = noise.rng.int(3, phone.length - 1);
    return phone.slice(0, i) + phone.slice(i + 1);
  }
  return phone;
}

/** Several values in one cell: `;` by the book, but people type 、 ， and , too. */
export function listValue(noise: Noise, field: string, values: readonly string[]): string {
  if (values.length > 1 && noise.hit('list_separator', field)) return values.join(noise.rng.pick(['、', '，', ',', '；']));
  return values.join(';');
}

/** A yes/no flag that another department's system has not caught up with. */
export function flagValue(noise: Noise, field: string, value: boolean): string {
  const v = noise.hit('flag_stale', field) ? !value : value;
  return v ? '是' : '否';
}
