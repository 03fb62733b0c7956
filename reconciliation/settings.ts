// The matching model as data (after Splink's settings object): what to block on, how to compare,
// what the comparison levels weigh, and which constraints clustering obeys. A trained model is
// this object with m and u filled in, so it serialises to a JSON file and back unchanged.

/** A value of a record's field, as the normaliser produces it. */
export type FieldValue = string | boolean | string[] | null;

/** One record to match: unique id, the source it came from, and its normalised fields. */
export interface MatchRecord {
  readonly id: string;
  readonly source: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/**
 * A blocking key part: a field's value, optionally cut down. Records whose parts are all present
 * and equal become a candidate pair.
 *  - `prefix: n` keeps the first n characters (birth year from a date: `{ field: 'birthDate', prefix: 4 }`);
 *  - `firstToken` keeps the first space-separated word (a surname's pinyin).
 *  - `eachValue` (a list field, such as a name's spellings over its polyphonic characters): each
 *    value of the list is a key of its own, so two records share a block when any of their values
 *    agree. At most one part of a rule may have it.
 */
export interface BlockingKeyPart {
  field: string;
  prefix?: number;
  firstToken?: boolean;
  eachValue?: boolean;
}

export interface BlockingRule {
  name: string;
  keys: BlockingKeyPart[];
  /** Blocks larger than this are skipped (and reported): a key shared by that many records identifies nobody. */
  maxBlockSize?: number;
}

/**
 * How a comparison level decides whether a pair is at this level. Every test reads `fields`
 * (default: the comparison's `fields`) from both records; a level matches when the test holds.
 *  - exact:          the first field's values are equal
 *  - crossExact:     any value among `fields` on the left equals any value among `fields` on the right
 *                    (a name against a former name, a father's ID against a mother's…)
 *  - pinyinNear:     toneless pinyin equal after folding the sounds people mishear
 *                    (z/zh, c/ch, s/sh, n/l, f/h, -n/-ng)
 *  - jaroWinkler:    Jaro-Winkler similarity ≥ `threshold`
 *  - levenshtein:    edit distance ≤ `distance`
 *  - oneEdit:        equal length, one character different or two adjacent characters swapped
 *                    (the two ways an ID number or phone is mistyped)
 *  - idSequence:     two 18-character ID numbers equal but for the sequence code (positions 15–17)
 *                    and check character: twins' numbers
 *  - idBirthDateTypo: ID numbers (first field) equal but for one digit or one adjacent swap in the
 *                    birth-date digits (7–14) and the check character, while the second field
 *                    (the records' birth date) is equal: a typo in the number
 *  - idNotRowsOwn:   two different ID numbers (first field), one of which does not embed its own
 *                    record's birth date (second field): someone else's number in the wrong row
 *  - differ:         both records give the first field, and the values differ: put last, after the
 *                    levels that take every way two values may still be one (two different valid
 *                    ID numbers that are no typo, no twin's and no one else's: two people)
 *  - dateNear:       dates at most `days` apart
 *  - dateSwap:       month and day swapped (2013-04-12 / 2013-12-04)
 *  - prefix:         the first `length` characters equal (an area code's town or county)
 *  - numericNear:    numbers at most `distance` apart
 */
export type LevelTest =
  | { test: 'exact' }
  | { test: 'crossExact' }
  | { test: 'pinyinNear' }
  | { test: 'jaroWinkler'; threshold: number }
  | { test: 'levenshtein'; distance: number }
  | { test: 'oneEdit' }
  | { test: 'idSequence' }
  | { test: 'idBirthDateTypo' }
  | { test: 'idNotRowsOwn' }
  | { test: 'differ' }
  | { test: 'dateNear'; days: number }
  | { test: 'dateSwap' }
  | { test: 'prefix'; length: number }
  | { test: 'numericNear'; distance: number };

export type ComparisonLevel = LevelTest & {
  label: string;
  /** Fields this level reads, when not the comparison's own (the raw name for "exactly as typed"). */
  fields?: string[];
  /** P(level | match). Filled by training; a value in the settings file is the prior EM starts from. */
  m?: number;
  /** P(level | non-match). Filled by training from random pairs. */
  u?: number;
  /** Keep m as given: EM does not move it. */
  fixM?: boolean;
  /** Weigh this level's agreement by how common the agreeing value is (a level that says "the values agree"). */
  tfAdjustment?: TermFrequencyAdjustment;
};

/**
 * Term-frequency adjustment (after Splink): a pair at the level gets, on top of the level's
 * weight, `weight × log2(u / tf)`, where tf is the share of the records being linked that carry
 * the pair's value of `field` (the larger of the two sides'; for a list field, a side's most
 * common value). Two namesakes called 子涵 prove less than two called 偲筠: u is the level's
 * average over all names, tf the pair's own name's.
 *  - uLevel:  the level whose u is the average the value's frequency is measured against
 *             (default this level). As in Splink, a level below the exact one should name the
 *             exact one: its own u (how often two random records are homophones but not the same
 *             name) is far smaller than any name's frequency, and would lower every name.
 *  - weight:  how much of the adjustment applies, 0–1 (default 1)
 *  - ceiling: the largest adjustment, in bits (default 0: common values weigh less, rare ones
 *             no more than the level's average)
 */
export interface TermFrequencyAdjustment {
  field: string;
  uLevel?: string;
  weight?: number;
  ceiling?: number;
}

export interface ComparisonSettings {
  name: string;
  /** The fields compared; the comparison is "null" (weight 0) when either record has none of them. */
  fields: string[];
  /** Ordered: the first level whose test holds wins; a pair that passes none is at the implicit `else` level. */
  levels: ComparisonLevel[];
  /** The implicit last level's probabilities. */
  else?: { m?: number; u?: number; fixM?: boolean };
  /**
   * The comparison describes the record's surroundings (household, parents, village), not the
   * person: siblings share it as fully as one child's two records do. Such comparisons do not take
   * part in EM's choice of what a match is (siblings would pull it towards "same family"); their m
   * is estimated afterwards, from the pairs the person comparisons say are matches.
   */
  context?: boolean;
  /**
   * The levels are ordered from the strongest agreement down, so training keeps their weights
   * from rising along the list (inverting levels are pooled). Default true; false for a
   * comparison whose order is not one of strength.
   */
  monotonic?: boolean;
}

/** A condition on a scored pair: the named comparison ended at one of these levels ('else', 'null' allowed). */
export interface LevelCondition {
  comparison: string;
  levels: string[];
}

/**
 * A rule that overrides the score when all its conditions hold. Used for what independence
 * between comparisons cannot express: two records that share a family but not a name are
 * siblings or twins far more often than one child typed twice.
 *  - review:  never linked automatically, however high the weight (goes to review when above the review threshold)
 *  - nonLink: never linked, not reviewed
 */
export interface Guard {
  name: string;
  when: LevelCondition[];
  action: 'review' | 'nonLink';
}

/** A cluster may not hold two records of `source` whose `field` values differ (two registered IDs are two people). */
export interface ExclusiveConstraint {
  source: string;
  field: string;
}

export interface LinkSettings {
  /** `link_only` compares records of different sources only; `dedupe_and_link` also within a source. */
  linkType: 'link_only' | 'dedupe_and_link';
  /** For files read by `hub link`: the column that identifies a row (never compared). Default: the first column. */
  uniqueIdColumn?: string;
  blockingRules: BlockingRule[];
  comparisons: ComparisonSettings[];
  guards?: Guard[];
  exclusive?: ExclusiveConstraint[];
  /** Match weights (log2 odds, prior included): at or above `link` a pair links; from `review` up it is reviewed. */
  thresholds: { link: number; review: number };
  /** Prior probability that a candidate pair is a match; EM re-estimates it. */
  matchProbability?: number;
  training?: {
    /** false: score with the m and u given here, as they are (a model trained before, or set by hand). */
    enabled?: boolean;
    /** Random pairs drawn to estimate u (default 1,000,000). */
    uSamplePairs?: number;
    maxIterations?: number;
    /** Stop when no m moves by more than this (default 1e-4). */
    tolerance?: number;
    seed?: number;
    /** Blocking rules whose pairs EM learns m from, one session each (default: every rule). */
    sessions?: string[];
  };
}

/** The implicit last level's label; a pair with a missing value on either side is at 'null'. */
export const ELSE_LEVEL = 'else';
export const NULL_LEVEL = 'null';

/** Parses and checks a settings object (from a file): a clear error naming the bad part, not a crash later. */
export function parseSettings(json: unknown): LinkSettings {
  const fail = (what: string): never => {
    throw new Error(`invalid link settings: ${what}`);
  };
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.length > 0 && x.every((f) => typeof f === 'string' && f !== '');
  const probability = (x: unknown, what: string) => {
    if (x !== undefined && (typeof x !== 'number' || !(x > 0 && x <= 1))) fail(`${what} must be a probability in (0, 1]`);
  };
  if (!isObject(json)) fail('not an object');
  const s = json as unknown as LinkSettings;
  if (s.linkType !== 'link_only' && s.linkType !== 'dedupe_and_link') fail('linkType must be link_only or dedupe_and_link');
  if (!Array.isArray(s.blockingRules) || s.blockingRules.length === 0) fail('blockingRules must be a non-empty list');
  for (const rule of s.blockingRules as unknown[]) {
    if (!isObject(rule) || typeof rule.name !== 'string' || !Array.isArray(rule.keys) || rule.keys.length === 0) fail(`blocking rule ${JSON.stringify(rule)} needs a name and keys`);
    const r = rule as unknown as BlockingRule;
    for (const k of r.keys as unknown[]) if (!isObject(k) || typeof k.field !== 'string') fail(`blocking rule ${r.name}: each key needs a field`);
    if (r.keys.filter((k) => k.eachValue === true).length > 1) fail(`blocking rule ${r.name}: at most one key part may take each value`);
    if (r.maxBlockSize !== undefined && !(Number.isInteger(r.maxBlockSize) && r.maxBlockSize >= 2)) fail(`blocking rule ${r.name}: maxBlockSize must be an integer ≥ 2`);
  }
  if (!Array.isArray(s.comparisons) || s.comparisons.length === 0) fail('comparisons must be a non-empty list');
  const levelsOf = new Map<string, Set<string>>();
  const TESTS = new Set(['exact', 'crossExact', 'pinyinNear', 'jaroWinkler', 'levenshtein', 'oneEdit', 'idSequence', 'idBirthDateTypo', 'idNotRowsOwn', 'differ', 'dateNear', 'dateSwap', 'prefix', 'numericNear']);
  for (const c of s.comparisons as unknown[]) {
    if (!isObject(c)) fail(`each comparison must be an object, not ${JSON.stringify(c)}`);
    const comparison = c as unknown as ComparisonSettings;
    if (typeof comparison.name !== 'string' || levelsOf.has(comparison.name)) fail(`comparison names must be unique strings (${String(comparison.name)})`);
    if (!isStringList(comparison.fields)) fail(`comparison ${comparison.name} needs fields`);
    if (!Array.isArray(comparison.levels) || comparison.levels.length === 0) fail(`comparison ${comparison.name} needs levels`);
    if (comparison.levels.length > 30) fail(`comparison ${comparison.name} has too many levels`);
    const labels = new Set<string>();
    for (const l of comparison.levels as unknown[]) {
      if (!isObject(l)) fail(`comparison ${comparison.name}: each level must be an object`);
      const level = l as unknown as ComparisonLevel;
      if (!TESTS.has(level.test)) fail(`comparison ${comparison.name}: unknown level test "${String(level.test)}"`);
      if (level.label === ELSE_LEVEL || level.label === NULL_LEVEL) fail(`comparison ${comparison.name}: "${level.label}" is reserved`);
      if (typeof level.label !== 'string' || labels.has(level.label)) fail(`comparison ${comparison.name}: level labels must be unique strings`);
      if (level.fields !== undefined && !isStringList(level.fields)) fail(`comparison ${comparison.name}, level ${level.label}: fields must be a list of field names`);
      probability(level.m, `comparison ${comparison.name}, level ${level.label}: m`);
      probability(level.u, `comparison ${comparison.name}, level ${level.label}: u`);
      if (level.tfAdjustment !== undefined) checkTfAdjustment(level.tfAdjustment, `comparison ${comparison.name}, level ${level.label}`, fail);
      labels.add(level.label);
    }
    for (const level of comparison.levels) {
      const uLevel = level.tfAdjustment?.uLevel;
      if (uLevel !== undefined && (typeof uLevel !== 'string' || !labels.has(uLevel))) fail(`comparison ${comparison.name}, level ${level.label}: tfAdjustment uLevel names no level of the comparison`);
    }
    if (comparison.monotonic !== undefined && typeof comparison.monotonic !== 'boolean') fail(`comparison ${comparison.name}: monotonic must be true or false`);
    if (comparison.else !== undefined) {
      probability(comparison.else.m, `comparison ${comparison.name}, else: m`);
      probability(comparison.else.u, `comparison ${comparison.name}, else: u`);
    }
    levelsOf.set(comparison.name, new Set([...labels, ELSE_LEVEL, NULL_LEVEL]));
  }
  if (s.guards !== undefined && !Array.isArray(s.guards)) fail('guards must be a list');
  for (const g of (s.guards ?? []) as unknown[]) {
    if (!isObject(g) || !Array.isArray(g.when) || g.when.length === 0) fail(`guard ${JSON.stringify(g)} needs a name and conditions (when)`);
    const guard = g as unknown as Guard;
    for (const cond of guard.when as unknown[]) {
      if (!isObject(cond)) fail(`guard ${guard.name}: each condition must be an object`);
      const condition = cond as unknown as LevelCondition;
      const levels = levelsOf.get(condition.comparison);
      if (levels === undefined) fail(`guard ${guard.name} names unknown comparison ${condition.comparison}`);
      if (!Array.isArray(condition.levels)) fail(`guard ${guard.name}: levels must be a list`);
      for (const label of condition.levels) if (!levels!.has(label)) fail(`guard ${guard.name}: comparison ${condition.comparison} has no level "${label}"`);
    }
    if (guard.action !== 'review' && guard.action !== 'nonLink') fail(`guard ${guard.name}: action must be review or nonLink`);
  }
  if (s.exclusive !== undefined && !Array.isArray(s.exclusive)) fail('exclusive must be a list');
  for (const e of (s.exclusive ?? []) as unknown[]) {
    if (!isObject(e) || typeof e.source !== 'string' || typeof e.field !== 'string') fail(`exclusive constraint ${JSON.stringify(e)} needs a source and a field`);
  }
  if (typeof s.thresholds?.link !== 'number' || typeof s.thresholds?.review !== 'number' || s.thresholds.review > s.thresholds.link) {
    fail('thresholds need numbers link ≥ review');
  }
  probability(s.matchProbability, 'matchProbability');
  return s;
}

function checkTfAdjustment(tf: unknown, where: string, fail: (what: string) => never): void {
  if (typeof tf !== 'object' || tf === null || Array.isArray(tf)) fail(`${where}: tfAdjustment must be an object`);
  const { field, uLevel: _checkedWithTheLevels, weight, ceiling, ...rest } = tf as Record<string, unknown>;
  if (typeof field !== 'string' || field === '') fail(`${where}: tfAdjustment needs a field`);
  if (weight !== undefined && (typeof weight !== 'number' || !(weight >= 0 && weight <= 1))) fail(`${where}: tfAdjustment weight must be a number in [0, 1]`);
  if (ceiling !== undefined && (typeof ceiling !== 'number' || !(ceiling >= 0 && Number.isFinite(ceiling)))) fail(`${where}: tfAdjustment ceiling must be a number ≥ 0`);
  const unknown = Object.keys(rest);
  if (unknown.length > 0) fail(`${where}: tfAdjustment has unknown option ${unknown.join(', ')}`);
}

/**
 * What a model is, without what training fills in (m, u, the prior): blocking, comparisons and
 * their levels, guards, constraints, thresholds. A model trained under settings of another shape
 * (levels added, a guard changed) must not score a run under the current ones.
 */
export function settingsShape(settings: LinkSettings): string {
  const TRAINED = new Set(['m', 'u', 'matchProbability', 'training']);
  // Keys sorted: a model read back from the database (jsonb) has its keys in another order.
  return JSON.stringify(settings, (key, value: unknown) => {
    if (TRAINED.has(key)) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
