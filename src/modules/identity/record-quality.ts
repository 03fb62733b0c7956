import type { RecordQuality } from './child.entity';
import { policeRecordNotFound, type FlagFacts } from './flags';

/**
 * What a child's records say about each department's data, for the dashboard: per source, its
 * records, those with an invalid or no ID number (the normaliser's `idStatus`: a placeholder
 * such as 无 or 不详 counts as missing, a failed check digit as invalid), and those no other
 * department's record matched; and, under police, a child with a valid ID number that the
 * police export (searched) does not hold: "no police record found", a finding, not a case (a
 * number mistyped by a keystroke counts, when it embeds `birthDate`, the child's).
 */
export function recordQuality(records: readonly { source: string; idStatus: unknown }[], facts?: FlagFacts, birthDate: string | null = null): Record<string, RecordQuality> {
  const bySource: Record<string, RecordQuality> = {};
  for (const { source, idStatus } of records) {
    const q = (bySource[source] ??= { records: 0, invalidIdNumbers: 0, missingIdNumbers: 0, unmatched: 0 });
    q.records += 1;
    if (idStatus === 'invalid') q.invalidIdNumbers += 1;
    else if (idStatus === undefined || idStatus === null || idStatus === 'missing') q.missingIdNumbers += 1;
  }
  const sources = Object.keys(bySource);
  if (sources.length === 1) bySource[sources[0]].unmatched = bySource[sources[0]].records;
  if (facts !== undefined && policeRecordNotFound({ sources }, facts, birthDate)) {
    bySource.police = { records: 0, invalidIdNumbers: 0, missingIdNumbers: 0, unmatched: 0, noRecordFound: 1 };
  }
  return bySource;
}
