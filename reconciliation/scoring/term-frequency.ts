// Term-frequency adjustment (after Splink). A level's u is the chance that two random records
// agree at it, averaged over every value; two records agreeing on a popular name (子涵, 雨桐) is
// likelier by chance than that, on a rare one less likely. The pair's weight at such a level is
// moved by log2(u / tf), tf being the share of records that carry the pair's value.
//
// Weights are then no longer a function of the pattern alone. PairWeigher is the one place a
// pair's weight is computed: linking, the review queue, incremental scoring and explanations all
// ask it, so the weight a reviewer reads is the weight that decided.
import type { FieldValue, LinkSettings, MatchRecord, TermFrequencyAdjustment } from '../settings';
import { clampProbability, LevelWeight, MatchModel } from './model';

type Fields = Readonly<Record<string, FieldValue>>;

/** The fields whose frequencies the settings' adjustments read. */
export function termFrequencyFields(settings: LinkSettings): string[] {
  const fields = new Set<string>();
  for (const c of settings.comparisons) for (const l of c.levels) if (l.tfAdjustment !== undefined) fields.add(l.tfAdjustment.field);
  return [...fields];
}

/** The values a field holds: a list's distinct values, or the one string; none when empty. */
function valuesOf(v: FieldValue | undefined): string[] {
  if (typeof v === 'string') return v.length > 0 ? [v] : [];
  if (typeof v === 'boolean') return [String(v)];
  if (Array.isArray(v)) return [...new Set(v.filter((x) => x.length > 0))];
  return [];
}

/**
 * How many of the records carry each value of each adjusted field, counted once per run over all
 * the records being linked (an incremental run counts every record, not only those it re-clusters:
 * a name is as common as it is in the whole file).
 */
export class TermFrequencies {
  readonly total: number;
  private readonly counts = new Map<string, ReadonlyMap<string, number>>();

  /**
   * `counted` may give a field's counts already made over these same records (HubMatchRecords
   * tallies names as it makes the records); the other fields are counted here.
   */
  constructor(records: readonly MatchRecord[], fields: readonly string[], counted: (field: string) => ReadonlyMap<string, number> | undefined = () => undefined) {
    this.total = records.length;
    for (const field of fields) {
      const given = counted(field);
      if (given !== undefined) {
        this.counts.set(field, given);
        continue;
      }
      const counts = new Map<string, number>();
      for (const r of records) {
        const value = r.fields[field];
        // A string, as most values are, is counted without the list valuesOf would make (a
        // million short-lived lists per field in an incremental run).
        if (typeof value === 'string') {
          if (value.length > 0) counts.set(value, (counts.get(value) ?? 0) + 1);
        } else for (const v of valuesOf(value)) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      this.counts.set(field, counts);
    }
  }

  static of(records: readonly MatchRecord[], settings: LinkSettings, counted?: (field: string) => ReadonlyMap<string, number> | undefined): TermFrequencies {
    return new TermFrequencies(records, termFrequencyFields(settings), counted);
  }

  /** Share of the records carrying the record's value of the field (its most common, for a list); null without a value. */
  shareOf(field: string, fields: Fields): number | null {
    const counts = this.counts.get(field);
    if (counts === undefined) throw new Error(`term frequencies were not counted for field ${field}`);
    let most = 0;
    for (const v of valuesOf(fields[field])) most = Math.max(most, counts.get(v) ?? 1);
    return most === 0 || this.total === 0 ? null : most / this.total;
  }
}

interface Adjustment {
  field: string;
  /** log2 of the level's u. */
  log2u: number;
  weight: number;
  ceiling: number;
}

/** A trained model's weights for pairs of records: the pattern's weight plus the term-frequency adjustments. */
export class PairWeigher {
  /** Per comparison that has any, the adjustment at each pattern byte (undefined: none). */
  private readonly adjusted: { comparison: number; byLevel: (Adjustment | undefined)[] }[];
  /** Per adjusted field, each record's share (NaN: not looked up yet, -1: no value): a record takes part in many pairs. */
  private readonly shareCache = new Map<string, Float64Array>();

  constructor(
    readonly model: MatchModel,
    private readonly records: readonly MatchRecord[],
    private readonly frequencies: TermFrequencies,
  ) {
    this.adjusted = model.settings.comparisons.flatMap((c, i) => {
      // Pattern bytes: 0 null, 1 + level index, else last (never adjusted).
      const uOf = (label: string) => c.levels.find((l) => l.label === label)?.u;
      const byLevel: (Adjustment | undefined)[] = [undefined, ...c.levels.map((l) => adjustmentOf(l.tfAdjustment, l.tfAdjustment?.uLevel === undefined ? l.u : uOf(l.tfAdjustment.uLevel))), undefined];
      return byLevel.some((a) => a !== undefined) ? [{ comparison: i, byLevel }] : [];
    });
    for (const field of termFrequencyFields(model.settings)) this.shareCache.set(field, new Float64Array(records.length).fill(NaN));
  }

  /** True when no level is adjusted: a pair's weight is its pattern's. */
  get patternOnly(): boolean {
    return this.adjusted.length === 0;
  }

  /** The match weight of records a and b (indices into the records), whose levels are `pattern`. */
  weight(a: number, b: number, pattern: Uint8Array, patternWeight = this.model.weightOf(pattern)): number {
    let w = patternWeight;
    for (const { comparison, byLevel } of this.adjusted) {
      const adjustment = byLevel[pattern[comparison]];
      if (adjustment !== undefined) w += this.bits(adjustment, Math.max(this.cachedShare(adjustment.field, a), this.cachedShare(adjustment.field, b)));
    }
    return w;
  }

  /** The same weight for two records given by value (an explanation read next to the records). */
  weightOfRecords(left: MatchRecord, right: MatchRecord, pattern: Uint8Array): number {
    return this.explain(left, right, pattern).reduce((sum, e) => sum + e.exact, this.model.priorWeight);
  }

  /** Each comparison's level and weight, the term-frequency adjustment included in its comparison's weight. */
  explain(left: MatchRecord, right: MatchRecord, pattern: Uint8Array): (LevelWeight & { exact: number })[] {
    return this.model.explain(pattern).map((e, c) => {
      let exact = this.model.weights[c][pattern[c]];
      const adjustment = this.adjusted.find((x) => x.comparison === c)?.byLevel[pattern[c]];
      if (adjustment !== undefined) {
        const share = Math.max(this.frequencies.shareOf(adjustment.field, left.fields) ?? -1, this.frequencies.shareOf(adjustment.field, right.fields) ?? -1);
        exact += this.bits(adjustment, share);
      }
      return { ...e, weight: Math.round(exact * 100) / 100, exact };
    });
  }

  private cachedShare(field: string, record: number): number {
    const cache = this.shareCache.get(field)!;
    let share = cache[record];
    if (Number.isNaN(share)) {
      share = this.frequencies.shareOf(field, this.records[record].fields) ?? -1;
      cache[record] = share;
    }
    return share;
  }

  /** The adjustment for a pair whose (larger) share is `share`; -1 (no value on either side) adds nothing. */
  private bits(adjustment: Adjustment, share: number): number {
    if (share <= 0) return 0;
    return Math.min(adjustment.ceiling, adjustment.weight * (adjustment.log2u - Math.log2(clampProbability(share))));
  }
}

function adjustmentOf(tf: TermFrequencyAdjustment | undefined, u: number | undefined): Adjustment | undefined {
  if (tf === undefined || u === undefined) return undefined;
  return { field: tf.field, log2u: Math.log2(clampProbability(u)), weight: tf.weight ?? 1, ceiling: tf.ceiling ?? 0 };
}
