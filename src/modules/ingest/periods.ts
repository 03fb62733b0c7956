import { ImportRefusedError } from './source-rows';

export const SOURCES = ['civil-affairs', 'education', 'police'] as const;

/** What time it is: injected where a rule depends on today (tests set the day). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** No export of the three systems goes back further: the hub's data starts in 2000. */
const FIRST_YEAR = 2000;

/**
 * The departments' quarters are China's (UTC+8): a quarter begins at midnight Beijing time,
 * whatever the server's own time zone.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The day `now` falls on in China, `2024-03-21`: what "today" means to a village director at 07:00. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The quarter `now` falls in, in China: `2024Q2`. */
export function currentQuarter(now: Date): string {
  const china = new Date(now.getTime() + CHINA_OFFSET_MS);
  return `${china.getUTCFullYear()}Q${Math.floor(china.getUTCMonth() / 3) + 1}`;
}

/**
 * An import's period is a quarter, `2024Q1` (001 §二(二): 每季度更新一次, updated every quarter),
 * from 2000 up to the current quarter. A later one would become every record's current version
 * for good and move the day its county's flags are evaluated for into the future.
 */
export function parsePeriod(raw: string, now: Date = systemClock()): string {
  const period = raw.trim().toUpperCase();
  if (!/^\d{4}Q[1-4]$/.test(period)) throw new ImportRefusedError(`period must be a quarter like 2024Q1, got "${raw}"`);
  if (Number(period.slice(0, 4)) < FIRST_YEAR) throw new ImportRefusedError(`period ${period} is before ${FIRST_YEAR}: no export goes back that far`);
  const current = currentQuarter(now);
  if (comparePeriods(period, current) > 0) throw new ImportRefusedError(`period ${period} has not begun: the current quarter is ${current}`);
  return period;
}

/** Quarters sort as text once validated. */
export function comparePeriods(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The last day of a quarter: "current" in the hub's rules means the latest imported period's end. */
export function periodEndDate(period: string): string {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(5));
  const ends = ['03-31', '06-30', '09-30', '12-31'];
  return `${year}-${ends[quarter - 1]}`;
}

/** The day `now` falls on in China (YYYY-MM-DD): "today" for the departments' deadlines and visits. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
