import { isoDate, isoMonth, isRealDate, MAX_YEAR, MIN_YEAR, todayIso } from './calendar';
import { foldWidth } from './chars';
import { Normalised, Problem, problem } from './problem';

export interface DateOptions {
  /** YYYY-MM-DD; dates after it are flagged `date-future`. Defaults to the current local date. */
  today?: string;
}

// Compiled once: these run on several cells of every row.
// 2013-04-12, 2013/4/12, 2013.04.12, 2013年4月12日, each optionally followed by a time
// ("2013-04-12 00:00:00", "2013-04-12T00:00:00Z", "2013/4/12 0:00") as Excel and databases export them.
const YMD_SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:(?:\s+|T)\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// 20130412, also with a time.
const YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\s+\d{1,2}:\d{1,2}(?::\d{1,2})?)?$/;
// An Excel serial day number, possibly with a time fraction (41376.5).
const EXCEL_SERIAL = /^(\d{1,5})(?:\.\d+)?$/;
// Year and month only: 2013-04, 2013.4, 2013年4月, 201304.
const YM_SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;
const YM_COMPACT = /^(\d{4})(\d{2})$/;

// Excel's 1900 date system: serial 1 = 1900-01-01. Lotus 1-2-3 wrongly treated 1900 as a leap year
// and Excel kept the bug for compatibility, so serial 60 is the phantom 1900-02-29 and from 61 on
// serial n is 1899-12-30 + n days. Serials above 80000 (year 2119) are not dates in these exports.
const EXCEL_PHANTOM_LEAP_DAY = 60;
const MAX_EXCEL_SERIAL = 80000;
const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH_FROM_61 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_BELOW_60 = Date.UTC(1899, 11, 31);

type Parsed = { year: number; month: number; day: number } | { problem: Problem };

function unreadable(text: string, why = 'not a date format we know'): { problem: Problem } {
  return { problem: problem('date-unreadable', `"${text}": ${why}`) };
}

function parseDate(text: string): Parsed {
  let m = YMD_SEPARATED.exec(text) ?? YMD_COMPACT.exec(text);
  if (m !== null) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  // Before the Excel check: "2019.9" is a year and month, not serial 2019 plus a fraction.
  if (YM_SEPARATED.test(text) || YM_COMPACT.test(text)) return unreadable(text, 'year and month only, the day is missing');
  m = EXCEL_SERIAL.exec(text);
  if (m !== null) return fromExcelSerial(text, Number(m[1]));
  return unreadable(text);
}

function fromExcelSerial(text: string, serial: number): Parsed {
  // A bare four-digit number is far more likely a year typed alone than a day in 1903–1905.
  if (text.length === 4 && serial >= MIN_YEAR && serial <= MAX_YEAR) return unreadable(text, 'a year only, the month and day are missing');
  if (serial < 1 || serial > MAX_EXCEL_SERIAL) return unreadable(text, 'a number outside the range of Excel dates');
  if (serial === EXCEL_PHANTOM_LEAP_DAY) {
    return { problem: problem('date-invalid', `Excel serial ${text} is 1900-02-29, a day that never existed`) };
  }
  const epoch = serial < EXCEL_PHANTOM_LEAP_DAY ? EXCEL_EPOCH_BELOW_60 : EXCEL_EPOCH_FROM_61;
  const d = new Date(epoch + serial * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * A date cell in any of the formats the exports use → YYYY-MM-DD.
 * Impossible dates (2013-02-30) → null + `date-invalid`; unknown formats → null + `date-unreadable`;
 * dates after `today` keep their value and get `date-future` (a typo the reviewer should see).
 */
export function normaliseDate(raw: string | null | undefined, opts: DateOptions = {}): Normalised<string> {
  const text = raw == null ? '' : foldWidth(raw).trim();
  if (text === '') return { value: null, problems: [problem('date-empty', 'no date')] };
  const parsed = parseDate(text);
  if ('problem' in parsed) return { value: null, problems: [parsed.problem] };
  const { year, month, day } = parsed;
  if (year < MIN_YEAR || year > MAX_YEAR || !isRealDate(year, month, day)) {
    return { value: null, problems: [problem('date-invalid', `"${text}" is not a real calendar date`)] };
  }
  const value = isoDate(year, month, day);
  if (value > (opts.today ?? todayIso())) {
    return { value, problems: [problem('date-future', `${value} is in the future`)] };
  }
  return { value, problems: [] };
}

/**
 * A year-and-month cell (入学年月: enrolment month) → YYYY-MM. Accepts 2019-09, 2019.9, 2019/9,
 * 201909, 2019年9月, and a full date (the day is dropped). Uses the date-* problem codes.
 */
export function normaliseMonth(raw: string | null | undefined, opts: DateOptions = {}): Normalised<string> {
  const text = raw == null ? '' : foldWidth(raw).trim();
  if (text === '') return { value: null, problems: [problem('date-empty', 'no month')] };
  let year: number;
  let month: number;
  const m = YM_SEPARATED.exec(text) ?? YM_COMPACT.exec(text);
  if (m !== null) {
    year = Number(m[1]);
    month = Number(m[2]);
  } else {
    const full = normaliseDate(text, { today: '9999-12-31' });
    if (full.value === null) {
      const reason = full.problems[0];
      return { value: null, problems: [reason.code === 'date-invalid' ? reason : problem('date-unreadable', `"${text}" is not a month`)] };
    }
    year = Number(full.value.slice(0, 4));
    month = Number(full.value.slice(5, 7));
  }
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) {
    return { value: null, problems: [problem('date-invalid', `"${text}" is not a real month`)] };
  }
  const value = isoMonth(year, month);
  if (value > (opts.today ?? todayIso()).slice(0, 7)) {
    return { value, problems: [problem('date-future', `${value} is in the future`)] };
  }
  return { value, problems: [] };
}
