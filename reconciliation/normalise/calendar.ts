/** Calendar arithmetic shared by the date and ID normalisers; ISO strings compare correctly as text. */

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** True when year/month/day name a day that exists (2013-02-30 does not). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export function isoMonth(year: number, month: number): string {
  return `${year}-${pad2(month)}`;
}

let cachedToday = '';
let cachedTodayUntil = 0;

/**
 * Today's date in the process's local time zone, as YYYY-MM-DD (the hub runs in China Standard Time).
 * Cached until the next local midnight: it is asked for on every row.
 */
export function todayIso(): string {
  const nowMs = Date.now();
  if (nowMs >= cachedTodayUntil) {
    const now = new Date(nowMs);
    cachedToday = isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
    cachedTodayUntil = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  }
  return cachedToday;
}

/**
 * Years accepted in any date field. Nobody in the three exports (children and their parents) was
 * born before 1900, and no record is dated after 2099; outside that, the value is a typo.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2099;
