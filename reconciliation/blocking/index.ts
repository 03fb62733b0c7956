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
  return cutKeyPart(valueText(record.fields[part.field]), part);
}

function cutKeyPart(text: string | null, part: BlockingKeyPart): string | null {
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

/**
 * Every key of a record under a rule with an `eachValue` part: one per value of that part's list
 * (deduplicated), the other parts as blockingKey builds them. Empty when a part is missing.
 */
export function blockingKeys(record: MatchRecord, rule: BlockingRule): string[] {
  const each = rule.keys.findIndex((k) => k.eachValue === true);
  // A single value (most records) is one key, built as blockingKey builds it.
  if (each < 0 || !Array.isArray(record.fields[rule.keys[each].field])) {
    const key = blockingKey(record, rule);
    return key === null ? [] : [key];
  }
  const parts: string[] = [];
  for (let i = 0; i < rule.keys.length; i++) {
    if (i === each) {
      parts.push('');
      continue;
    }
    const part = keyPart(record, rule.keys[i]);
    if (part === null) return [];
    parts.push(part);
  }
  const raw = record.fields[rule.keys[each].field];
  const values = Array.isArray(raw) ? raw : [valueText(raw)];
  const keys = new Set<string>();
  for (const value of values) {
    const part = cutKeyPart(value === null || value === '' ? null : value, rule.keys[each]);
    if (part === null) continue;
    parts[each] = part;
    keys.add(parts.join('\u0001'));
  }
  return [...keys];
}

function takesEachValue(rule: BlockingRule): boolean {
  return rule.keys.some((k) => k.eachValue === true);
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

/** One rule's blocks: each record's block number (-1: no key), members listed block by block. */
interface RuleBlocks {
  blockOf: Int32Array;
  /** members[start[k] .. start[k + 1]) are the records of block k, in ascending order. */
  start: Int32Array;
  members: Int32Array;
}

/**
 * Numbers the keys of one rule. Keys are strings only while a rule is being numbered; what is
 * kept is an Int32Array per rule, so eight rules over a million records cost 32 MB, not the
 * gigabyte their key strings would.
 */
function ruleBlocks(records: readonly MatchRecord[], rule: BlockingRule, focus?: Uint8Array): RuleBlocks {
  // In focus (an incremental run), only blocks holding a focused record matter: the others would
  // propose no pair, so they are not built at all.
  let wanted: Set<string> | null = null;
  // Each part of the wanted keys, by position: a record with a part not among them is passed
  // over without building its key (a million keys built and dropped cost seconds of GC).
  let wantedParts: Set<string>[] | null = null;
  if (focus !== undefined) {
    wanted = new Set();
    wantedParts = rule.keys.map(() => new Set<string>());
    for (let i = 0; i < records.length; i++) {
      if (focus[i] === 0) continue;
      const key = blockingKey(records[i], rule);
      if (key === null) continue;
      wanted.add(key);
      rule.keys.forEach((part, j) => wantedParts![j].add(keyPart(records[i], part)!));
    }
  }
  const numberOf = new Map<string, number>();
  const blockOf = new Int32Array(records.length);
  const sizes: number[] = [];
  const order = checkOrder(rule);
  for (let i = 0; i < records.length; i++) {
    if (wantedParts !== null && !partsWanted(records[i], rule, wantedParts, order)) {
      blockOf[i] = -1;
      continue;
    }
    const key = blockingKey(records[i], rule);
    if (key === null || (wanted !== null && !wanted.has(key))) {
      blockOf[i] = -1;
      continue;
    }
    let block = numberOf.get(key);
    if (block === undefined) {
      block = sizes.length;
      numberOf.set(key, block);
      sizes.push(0);
    }
    blockOf[i] = block;
    sizes[block]++;
  }
  const start = new Int32Array(sizes.length + 1);
  for (let k = 0; k < sizes.length; k++) start[k + 1] = start[k] + sizes[k];
  const fill = start.slice(0, sizes.length);
  const members = new Int32Array(start[sizes.length]);
  for (let i = 0; i < records.length; i++) if (blockOf[i] >= 0) members[fill[blockOf[i]]++] = i;
  return { blockOf, start, members };
}

/**
 * ruleBlocks for a rule with an `eachValue` part: a record sits in one block per key, so it may be
 * listed in several blocks. blockOf is -1 throughout: a record has no single block that later
 * rules could test a pair against; blockPairs remembers the pairs such a rule proposed instead.
 */
function multiValueRuleBlocks(records: readonly MatchRecord[], rule: BlockingRule, focus?: Uint8Array): RuleBlocks {
  const each = rule.keys.findIndex((k) => k.eachValue === true);
  let wanted: Set<string> | null = null;
  // As in ruleBlocks: a record with a part no wanted key has (or none of its values a wanted
  // value) is passed over before its keys are built, one per reading of its name.
  let wantedParts: Set<string>[] | null = null;
  if (focus !== undefined) {
    wanted = new Set();
    wantedParts = rule.keys.map(() => new Set<string>());
    for (let i = 0; i < records.length; i++) {
      if (focus[i] === 0) continue;
      const keys = blockingKeys(records[i], rule);
      if (keys.length === 0) continue;
      for (const key of keys) wanted.add(key);
      rule.keys.forEach((part, j) => {
        if (j !== each) wantedParts![j].add(keyPart(records[i], part)!);
      });
      for (const value of eachValues(records[i], rule.keys[each])) wantedParts[each].add(value);
    }
  }
  const numberOf = new Map<string, number>();
  const entryRecord: number[] = [];
  const entryBlock: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < records.length; i++) {
    if (wantedParts !== null && !multiPartsWanted(records[i], rule, each, wantedParts)) continue;
    for (const key of blockingKeys(records[i], rule)) {
      if (wanted !== null && !wanted.has(key)) continue;
      let block = numberOf.get(key);
      if (block === undefined) {
        block = sizes.length;
        numberOf.set(key, block);
        sizes.push(0);
      }
      entryRecord.push(i);
      entryBlock.push(block);
      sizes[block]++;
    }
  }
  const start = new Int32Array(sizes.length + 1);
  for (let k = 0; k < sizes.length; k++) start[k + 1] = start[k] + sizes[k];
  const fill = start.slice(0, sizes.length);
  const members = new Int32Array(start[sizes.length]);
  // Entries were made in record order, so each block's members stay ascending.
  for (let e = 0; e < entryRecord.length; e++) members[fill[entryBlock[e]]++] = entryRecord[e];
  return { blockOf: new Int32Array(records.length).fill(-1), start, members };
}

/** The parts an eachValue key part takes from a record: one per value of its list (or the one value), as blockingKeys cuts them. */
function eachValues(record: MatchRecord, part: BlockingKeyPart): string[] {
  const raw = record.fields[part.field];
  const values = Array.isArray(raw) ? raw : [valueText(raw)];
  const out: string[] = [];
  for (const value of values) {
    const cut = cutKeyPart(value === null || value === '' ? null : value, part);
    if (cut !== null) out.push(cut);
  }
  return out;
}

/** partsWanted for a rule with an eachValue part (at `each`): that part is wanted when any of the record's values is. */
function multiPartsWanted(record: MatchRecord, rule: BlockingRule, each: number, wantedParts: readonly Set<string>[]): boolean {
  // The listed part first: a name's readings tell most records apart; a birth year hardly any.
  if (!anyValueWanted(record, rule.keys[each], wantedParts[each])) return false;
  for (let j = 0; j < rule.keys.length; j++) {
    if (j === each) continue;
    const part = keyPart(record, rule.keys[j]);
    if (part === null || !wantedParts[j].has(part)) return false;
  }
  return true;
}

function anyValueWanted(record: MatchRecord, part: BlockingKeyPart, wanted: ReadonlySet<string>): boolean {
  const raw = record.fields[part.field];
  if (!Array.isArray(raw)) {
    const cut = keyPart(record, part);
    return cut !== null && wanted.has(cut);
  }
  for (const value of raw) {
    const cut = cutKeyPart(value === '' ? null : value, part);
    if (cut !== null && wanted.has(cut)) return true;
  }
  return false;
}

/**
 * The order in which partsWanted looks at a rule's parts: a field's value as it is first, then a
 * cut one (a prefix, a first token). A cut part is a new string for every record, hashed anew
 * to look it up; a value is a string the record holds, hashed once. Most records fail on their
 * first part that is no changed record's, so the cheap parts decide most of them.
 */
function checkOrder(rule: BlockingRule): number[] {
  const cut = (part: BlockingKeyPart) => part.prefix !== undefined || part.firstToken === true;
  return rule.keys.map((_, j) => j).sort((a, b) => Number(cut(rule.keys[a])) - Number(cut(rule.keys[b])) || a - b);
}

/** Whether each part of the record's key is a part of some wanted key (needed, not sufficient, for the key to be wanted). */
function partsWanted(record: MatchRecord, rule: BlockingRule, wantedParts: readonly Set<string>[], order: readonly number[]): boolean {
  for (const j of order) {
    const part = keyPart(record, rule.keys[j]);
    if (part === null || !wantedParts[j].has(part)) return false;
  }
  return true;
}

/**
 * Proposes candidate pairs. Records are grouped by each rule's key; within a group every pair is
 * proposed unless an earlier rule already did (same block there, and that block was not skipped
 * as oversized), the settings link only across sources and both records share one, or
 * (incremental) neither record is in focus.
 */
export function blockPairs(records: readonly MatchRecord[], settings: LinkSettings, options: BlockingOptions = {}): CandidatePairs {
  const rules = settings.blockingRules;
  if (rules.length > 255) throw new Error('at most 255 blocking rules');
  const linkOnly = settings.linkType === 'link_only';
  const focus = options.focus;
  const out = new PairBuffer();
  const report: BlockingRuleReport[] = [];
  const done: { blockOf: Int32Array; oversized: Uint8Array }[] = [];
  // Pairs proposed by a rule with an eachValue part (a×n + b): such a rule has no blockOf to test
  // against, and one pair may share several of its blocks. Few pairs: most were found before.
  const n = records.length;
  const multiValueFound = new Set<number>();

  rules.forEach((rule, r) => {
    const max = rule.maxBlockSize ?? DEFAULT_MAX_BLOCK;
    const multiValue = takesEachValue(rule);
    const { blockOf, start, members } = multiValue ? multiValueRuleBlocks(records, rule, focus) : ruleBlocks(records, rule, focus);
    const blocks = start.length - 1;
    const oversized = new Uint8Array(blocks);
    const entry: BlockingRuleReport = { rule: rule.name, pairs: 0, oversizedBlocks: 0, oversizedRecords: 0 };
    const before = out.count;
    for (let k = 0; k < blocks; k++) {
      const from = start[k];
      const size = start[k + 1] - from;
      if (size < 2) continue;
      if (size > max) {
        oversized[k] = 1;
        entry.oversizedBlocks++;
        entry.oversizedRecords += size;
        continue;
      }
      for (let x = from; x < from + size; x++) {
        const a = members[x];
        for (let y = x + 1; y < from + size; y++) {
          const b = members[y];
          if (linkOnly && records[a].source === records[b].source) continue;
          if (focus !== undefined && focus[a] === 0 && focus[b] === 0) continue;
          if (foundByEarlierRule(done, a, b)) continue;
          if (multiValueFound.size > 0 && multiValueFound.has(a * n + b)) continue;
          if (multiValue) multiValueFound.add(a * n + b);
          out.push(a, b, r); // members are in ascending order, so a < b
        }
      }
    }
    entry.pairs = out.count - before;
    report.push(entry);
    done.push({ blockOf, oversized });
  });

  return { left: out.left.subarray(0, out.count), right: out.right.subarray(0, out.count), rule: out.rule.subarray(0, out.count), count: out.count, report };
}

function foundByEarlierRule(done: readonly { blockOf: Int32Array; oversized: Uint8Array }[], a: number, b: number): boolean {
  for (const { blockOf, oversized } of done) {
    const block = blockOf[a];
    if (block >= 0 && block === blockOf[b] && oversized[block] === 0) return true;
  }
  return false;
}
