// Blocking: which pairs are worth comparing at all. Comparing every record with every other is
// n²/2 pairs (5×10¹¹ for a million rows); a blocking rule proposes only pairs that agree on a key,
// and several rules together catch the pairs any one of them misses (a mistyped ID is caught by
// name + birth year, a homophone name by the ID). A pair found by an earlier rule is not proposed
// again by a later one, so each rule's count says what it adds.
import { BlockingKeyPart, BlockingRule, FieldValue, LinkSettings, MatchRecord } from '../settings';

const DEFAULT_MAX_BLOCK = 200;

export interface BlockingRuleReport {
  rule: string;
  /** Pairs this rule proposed that no earlier rule had. */
  pairs: number;
  /** Blocks skipped because they held more than maxBlockSize records. */
  oversizedBlocks: number;
  oversizedRecords: number;
}

/** Candidate pairs as parallel arrays of record indexes (left < right), in a deterministic order. */
export interface CandidatePairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Index of the blocking rule that first proposed the pair. */
  readonly rule: Uint8Array;
  readonly count: number;
  readonly report: BlockingRuleReport[];
}

export interface BlockingOptions {
  /**
   * Only pairs with at least one record marked here (an incremental run: the new and changed
   * records against everything). Unset: all pairs.
   */
  focus?: Uint8Array;
}

function valueText(v: FieldValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v.length === 0 ? null : v.join(';');
}

function keyPart(record: MatchRecord, part: BlockingKeyPart): string | null {
  let text = valueText(record.fields[part.field]);
  if (text === null) return null;
  if (part.firstToken) {
    const space = text.indexOf(' ');
    if (space > 0) text = text.slice(0, space);
  }
  if (part.prefix !== undefined) {
    if (text.length < part.prefix) return null;
    text = text.slice(0, part.prefix);
  }
  return text;
}

/** The rule's key for a record, or null when any part is missing (a missing value blocks nothing). */
export function blockingKey(record: MatchRecord, rule: BlockingRule): string | null {
  if (rule.keys.length === 1) return keyPart(record, rule.keys[0]);
  let key = '';
  for (let i = 0; i < rule.keys.length; i++) {
    const part = keyPart(record, rule.keys[i]);
    if (part === null) return null;
    key = i === 0 ? part : key + '\u0001' + part;
  }
  return key;
}

/** Growable pair buffer: typed arrays, so ten million pairs cost 90 MB, not gigabytes of objects. */
class PairBuffer {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  rule = new Uint8Array(1 << 16);
  count = 0;

  push(a: number, b: number, rule: number): void {
    if (this.count === this.left.length) {
      const size = this.left.length * 2;
      const grow = <T extends Int32Array | Uint8Array>(arr: T, make: (n: number) => T): T => {
        const next = make(size);
        next.set(arr);
        return next;
      };
      this.left = grow(this.left, (n) => new Int32Array(n));
      this.right = grow(this.right, (n) => new Int32Array(n));
      this.rule = grow(this.rule, (n) => new Uint8Array(n));
    }
    this.left[this.count] = a;
    this.right[this.count] = b;
    this.rule[this.count] = rule;
    this.count++;
  }
}

/**
 * Proposes candidate pairs. Records are grouped by each rule's key; within a group every pair is
 * proposed unless an earlier rule already did (its keys agree), the settings link only across
 * sources and both records share one, or (incremental) neither record is in focus.
 */
export function blockPairs(records: readonly MatchRecord[], settings: LinkSettings, options: BlockingOptions = {}): CandidatePairs {
  const rules = settings.blockingRules;
  if (rules.length > 255) throw new Error('at most 255 blocking rules');
  const keys: (string | null)[][] = rules.map((rule) => records.map((r) => blockingKey(r, rule)));
  // Keys of blocks each rule skipped as oversized: a pair sharing one was not proposed by that
  // rule, so a later rule must still propose it.
  const oversized: Set<string>[] = rules.map(() => new Set());
  const linkOnly = settings.linkType === 'link_only';
  const focus = options.focus;
  const out = new PairBuffer();
  const report: BlockingRuleReport[] = [];

  rules.forEach((rule, r) => {
    const max = rule.maxBlockSize ?? DEFAULT_MAX_BLOCK;
    const ruleKeys = keys[r];
    const blocks = new Map<string, number[]>();
    for (let i = 0; i < records.length; i++) {
      const key = ruleKeys[i];
      if (key === null) continue;
      const block = blocks.get(key);
      if (block === undefined) blocks.set(key, [i]);
      else block.push(i);
    }
    const entry: BlockingRuleReport = { rule: rule.name, pairs: 0, oversizedBlocks: 0, oversizedRecords: 0 };
    const before = out.count;
    for (const block of blocks.values()) {
      if (block.length < 2) continue;
      if (block.length > max) {
        oversized[r].add(ruleKeys[block[0]]!);
        entry.oversizedBlocks++;
        entry.oversizedRecords += block.length;
        continue;
      }
      for (let x = 0; x < block.length; x++) {
        const a = block[x];
        for (let y = x + 1; y < block.length; y++) {
          const b = block[y];
          if (linkOnly && records[a].source === records[b].source) continue;
          if (focus !== undefined && focus[a] === 0 && focus[b] === 0) continue;
          if (foundByEarlierRule(keys, oversized, r, a, b)) continue;
          out.push(a, b, r); // blocks list indexes in ascending order, so a < b
        }
      }
    }
    entry.pairs = out.count - before;
    report.push(entry);
  });

  return { left: out.left.subarray(0, out.count), right: out.right.subarray(0, out.count), rule: out.rule.subarray(0, out.count), count: out.count, report };
}

function foundByEarlierRule(keys: (string | null)[][], oversized: Set<string>[], rule: number, a: number, b: number): boolean {
  for (let k = 0; k < rule; k++) {
    const ka = keys[k][a];
    if (ka !== null && ka === keys[k][b] && !oversized[k].has(ka)) return true;
  }
  return false;
}
