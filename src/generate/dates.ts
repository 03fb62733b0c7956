// Calendar dates as whole days since 1970-01-01 (UTC): plain integers are cheap to store,
// compare and add, and UTC arithmetic never depends on the machine's time zone.

const MS_PER_DAY = 86_400_000;
/** Excel (1900 date system) counts days from 1899-12-30, including its fictional 1900-02-29. */
const EXCEL_EPOCH_OFFSET = 25_569;

export type Day = number;

export function dayOf(y: number, m: number, d: number): Day {
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function parseIsoDay(text: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`not an ISO date (YYYY-MM-DD): ${text}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayOf(y, mo, d);
  const back = ymd(day);
  if (back.y !== y || back.m !== mo || back.d !== d) throw new Error(`no such date: ${text}`);
  return day;
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function ymd(day: Day): Ymd {
  const date = new Date(day * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function isoDay(day: Day): string {
  const { y, m, d } = ymd(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** YYYYMMDD, the form inside ID numbers. */
export function compactDay(day: Day): string {
  const { y, m, d } = ymd(day);
  return `${y}${pad2(m)}${pad2(d)}`;
}

/** The same month and day `years` later (29 February falls back to the 28th). */
export function addYears(day: Day, years: number): Day {
  const { y, m, d } = ymd(day);
  const target = dayOf(y + years, m, d);
  return ymd(target).d === d ? target : dayOf(y + years, m, 28);
}

/** Completed years of age on `on`. */
export function ageOn(birth: Day, on: Day): number {
  const b = ymd(birth);
  const t = ymd(on);
  let age = t.y - b.y;
  if (t.m < b.m || (t.m === b.m && t.d < b.d)) age--;
  return age;
}

/** The ways a date is written in the departments' exports (docs/FORMATS.md). */
export type DateFormat = 'iso' | 'slash' | 'compact' | 'chinese' | 'dot' | 'excel' | 'slashPadded' | 'isoUnpadded';

export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'slash', 'compact', 'chinese', 'dot', 'excel', 'slashPadded', 'isoUnpadded'];

export function formatDay(day: Day, format: DateFormat): string {
  const { y, m, d } = ymd(day);
  switch (format) {
    case 'iso':
      return `${y}-${pad2(m)}-${pad2(d)}`;
    case 'slash':
      return `${y}/${m}/${d}`;
    case 'slashPadded':
      return `${y}/${pad2(m)}/${pad2(d)}`;
    case 'isoUnpadded':
      return `${y}-${m}-${d}`;
    case 'compact':
      return `${y}${pad2(m)}${pad2(d)}`;
    case 'chinese':
      return `${y}年${m}月${d}日`;
    case 'dot':
      return `${y}.${pad2(m)}.${pad2(d)}`;
    case 'excel':
      return String(day + EXCEL_EPOCH_OFFSET);
  }
}

export function excelSerial(day: Day): number {
  return day + EXCEL_EPOCH_OFFSET;
}

/** "2024Q1" → first and last day of that quarter. */
export function quarterBounds(period: string): { start: Day; end: Day } {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) throw new Error(`not a period like 2024Q1: ${period}`);
  const y = Number(m[1]);
  const q = Number(m[2]);
  const start = dayOf(y, (q - 1) * 3 + 1, 1);
  const end = q === 4 ? dayOf(y, 12, 31) : dayOf(y, q * 3 + 1, 1) - 1;
  return { start, end };
}

/** The quarter label `back` quarters before `period`. */
export function quarterBefore(period: string, back: number): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) throw new Error(`not a period like 2024Q1: ${period}`);
  const index = Number(m[1]) * 4 + (Number(m[2]) - 1) - back;
  return `${Math.floor(index / 4)}Q${(index % 4) + 1}`;
}
