// Comparing candidate pairs. Most pairs fall into a few thousand distinct comparison vectors
// ("patterns"), so each pair keeps only its pattern's number: EM and scoring then work on the
// patterns, weighted by how many pairs share each, instead of on millions of pairs.
import type { CandidatePairs } from '../blocking';
import type { CompiledComparison } from '../comparison';
import type { MatchRecord } from '../settings';

export interface Pattern {
  /** One byte per comparison: 0 null, 1 + level index otherwise (else last). */
  readonly levels: Uint8Array;
  count: number;
}

export interface ComparedPairs {
  /** For each candidate pair, the index of its pattern. */
  readonly patternOf: Uint32Array;
  readonly patterns: Pattern[];
}

/** Mixed-radix code of a pattern, so a Map can find it by number (no string per pair). */
function radices(comparisons: readonly CompiledComparison[]): number[] {
  const out: number[] = [];
  let scale = 1;
  for (const c of comparisons) {
    out.push(scale);
    scale *= c.labels.length + 1;
    if (scale > Number.MAX_SAFE_INTEGER) throw new Error('too many comparison levels to encode a pattern');
  }
  return out;
}

export function comparePairs(records: readonly MatchRecord[], pairs: CandidatePairs, comparisons: readonly CompiledComparison[]): ComparedPairs {
  const radix = radices(comparisons);
  const patternOf = new Uint32Array(pairs.count);
  const patterns: Pattern[] = [];
  const byCode = new Map<number, number>();
  const levels = new Uint8Array(comparisons.length);
  for (let p = 0; p < pairs.count; p++) {
    const left = records[pairs.left[p]].fields;
    const right = records[pairs.right[p]].fields;
    let code = 0;
    for (let c = 0; c < comparisons.length; c++) {
      const level = comparisons[c].levelOf(left, right) + 1; // -1 (null) → 0
      levels[c] = level;
      code += level * radix[c];
    }
    let index = byCode.get(code);
    if (index === undefined) {
      index = patterns.length;
      byCode.set(code, index);
      patterns.push({ levels: levels.slice(), count: 0 });
    }
    patterns[index].count++;
    patternOf[p] = index;
  }
  return { patternOf, patterns };
}

/** The pattern of one pair (for explanations and single comparisons). */
export function comparePair(left: MatchRecord, right: MatchRecord, comparisons: readonly CompiledComparison[]): Uint8Array {
  return Uint8Array.from(comparisons.map((c) => c.levelOf(left.fields, right.fields) + 1));
}
