import { ImportRefusedError } from './source-rows';

export const SOURCES = ['civil-affairs', 'education', 'police'] as const;

/** An import's period is a quarter, `2024Q1` (001 §二(二): 每季度更新一次, updated every quarter). */
export function parsePeriod(raw: string): string {
  const period = raw.trim().toUpperCase();
  if (!/^\d{4}Q[1-4]$/.test(period)) throw new ImportRefusedError(`period must be a quarter like 2024Q1, got "${raw}"`);
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
