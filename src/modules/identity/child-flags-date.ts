import { periodEndDate } from '../ingest/periods';

/**
 * The day a child's flags are evaluated for ("today" in the rules: ages, school years) is kept
 * per county, never hub-wide: the end of the latest period imported for the child's county. One
 * county's export for a later quarter moves its own children's day, not another county's.
 */
export function flagDays(latestPeriods: ReadonlyMap<string, string>): Record<string, string> {
  const days: Record<string, string> = {};
  for (const [county, period] of [...latestPeriods].sort((a, b) => (a[0] < b[0] ? -1 : 1))) days[county] = periodEndDate(period);
  return days;
}

/**
 * Whose day a child's flags follow: its own county's (the golden area code's), or, when that
 * county exported nothing itself (a child living across the county line, on a neighbour's
 * roster; a child with no area code), the county that exported its records, the latest of them
 * when several did. Null when no county of its has an import.
 */
export function flagsCounty(ownCounty: string | null, exportedBy: Iterable<string | null>, days: Readonly<Record<string, string>>): string | null {
  if (ownCounty !== null && days[ownCounty] !== undefined) return ownCounty;
  let best: string | null = null;
  for (const county of exportedBy) {
    if (county === null || days[county] === undefined) continue;
    if (best === null || days[county] > days[best] || (days[county] === days[best] && county < best)) best = county;
  }
  return best;
}
