// The engine end to end: block → compare → (train) → score → cluster → pick the review pairs.
// Pure: records and settings in, clusters and explanations out. The hub's workflow (src/) and
// `hub link` both call this; so do the benchmarks.
import { blockPairs, BlockingRuleReport, CandidatePairs } from './blocking';
import { clusterRecords, ClusteringResult, WeightedPair } from './clustering';
import { compileComparison, CompiledComparison } from './comparison';
import { LevelWeight, MatchModel, PairAction } from './scoring/model';
import { comparePair, comparePairs, ComparedPairs } from './scoring/patterns';
import { PairWeigher, TermFrequencies } from './scoring/term-frequency';
import { trainModel, TrainingReport } from './scoring/training';
import { LinkSettings, MatchRecord } from './settings';

export interface LinkageOptions {
  /** Use the m/u already in the settings instead of training (an incremental run reuses the last full run's model). */
  skipTraining?: boolean;
  /** Only pairs touching these records (1 = in focus); see BlockingOptions. */
  focus?: Uint8Array;
  /** Reviewers' decisions, as record index pairs. */
  mustLink?: readonly [number, number][];
  cannotLink?: readonly [number, number][];
  /**
   * The term frequencies to weigh with, when `records` is only part of the records being linked
   * (an incremental run re-clusters a part): counted over all of them, as a full run counts.
   */
  frequencies?: TermFrequencies;
}

export interface ReviewPair extends WeightedPair {
  /** Index into compared.patterns: the levels the pair reached. */
  pattern: number;
  /** Why it is not linked: in the grey zone, or held back by a guard. */
  reason: 'grey-zone' | 'guard';
}

export interface LinkageResult {
  /** The settings that scored the pairs (trained unless skipTraining). */
  settings: LinkSettings;
  model: MatchModel;
  /** Every pair's weight: the pattern's, adjusted for how common the values that agree are. */
  weigher: PairWeigher;
  pairs: CandidatePairs;
  compared: ComparedPairs;
  /** Per pattern: its match weight before term-frequency adjustment (see pairWeight), and what the guards say. */
  patternWeight: Float64Array;
  patternAction: PairAction[];
  clustering: ClusteringResult;
  reviews: ReviewPair[];
  report: {
    records: number;
    candidatePairs: number;
    patterns: number;
    blocking: BlockingRuleReport[];
    training?: TrainingReport;
    links: number;
    timings: Record<string, number>;
  };
}

export function compileComparisons(settings: LinkSettings): CompiledComparison[] {
  return settings.comparisons.map(compileComparison);
}

export function runLinkage(records: readonly MatchRecord[], settings: LinkSettings, options: LinkageOptions = {}): LinkageResult {
  const timings: Record<string, number> = {};
  let started = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round(now - started);
    started = now;
  };

  const comparisons = compileComparisons(settings);
  const pairs = blockPairs(records, settings, { focus: options.focus });
  lap('blocking');
  const compared = comparePairs(records, pairs, comparisons);
  lap('comparing');
  let trained = settings;
  let training: TrainingReport | undefined;
  if (!(options.skipTraining ?? settings.training?.enabled === false)) {
    const result = trainModel(records, settings, comparisons, compared.patterns);
    trained = result.settings;
    training = result.report;
    lap('training');
  }
  const model = new MatchModel(trained);
  const weigher = new PairWeigher(model, records, options.frequencies ?? TermFrequencies.of(records, trained));
  const patternWeight = Float64Array.from(compared.patterns, (p) => model.weightOf(p.levels));
  const patternAction = compared.patterns.map((p) => model.actionOf(p.levels));
  const scored = { weigher, pairs, compared, patternWeight };

  const { link, review } = trained.thresholds;
  const links: WeightedPair[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const pattern = compared.patternOf[p];
    if (patternAction[pattern] !== 'score') continue;
    const weight = pairWeight(scored, p);
    if (weight >= link) links.push({ a: pairs.left[p], b: pairs.right[p], weight });
  }
  const clustering = clusterRecords({
    records,
    links,
    mustLink: options.mustLink,
    cannotLink: options.cannotLink,
    exclusive: trained.exclusive,
  });
  lap('clustering');

  const reviews = pickReviews(records, trained, scored, patternAction, clustering, options.cannotLink ?? []);
  lap('review');
  return {
    settings: trained,
    model,
    weigher,
    pairs,
    compared,
    patternWeight,
    patternAction,
    clustering,
    reviews,
    report: {
      records: records.length,
      candidatePairs: pairs.count,
      patterns: compared.patterns.length,
      blocking: pairs.report,
      training,
      links: clustering.joined.length,
      timings,
    },
  };
}

/** What a pair's weight is read from. */
type ScoredPairs = Pick<LinkageResult, 'weigher' | 'pairs' | 'compared' | 'patternWeight'>;

/**
 * Candidate pair p's match weight: its pattern's, with the term-frequency adjustments. Every
 * decision on a pair (link, review, one-to-one) reads this one.
 */
export function pairWeight(scored: ScoredPairs, p: number): number {
  const pattern = scored.compared.patternOf[p];
  const base = scored.patternWeight[pattern];
  if (scored.weigher.patternOnly) return base;
  return scored.weigher.weight(scored.pairs.left[p], scored.pairs.right[p], scored.compared.patterns[pattern].levels, base);
}

/**
 * The pairs a person should look at: above the review threshold, not linked (grey zone or held by
 * a guard), in two different clusters that could still be one child (not two records of an
 * exclusive source with different keys: two registered IDs are two children, nothing to ask), and
 * not decided before. One per pair of clusters, the strongest.
 */
function pickReviews(
  records: readonly MatchRecord[],
  settings: LinkSettings,
  scored: ScoredPairs,
  patternAction: PairAction[],
  clustering: ClusteringResult,
  decided: readonly [number, number][],
): ReviewPair[] {
  const { clusterOf } = clustering;
  const exclusiveKey = exclusiveKeysByCluster(records, settings, clusterOf);
  const decidedPairs = new Set(decided.map(([a, b]) => (a < b ? `${a}:${b}` : `${b}:${a}`)));
  const { pairs, compared } = scored;
  const best = new Map<string, ReviewPair>();
  for (let p = 0; p < pairs.count; p++) {
    const pattern = compared.patternOf[p];
    const action = patternAction[pattern];
    if (action === 'nonLink') continue;
    const weight = pairWeight(scored, p);
    if (weight < settings.thresholds.review) continue;
    if (action === 'score' && weight >= settings.thresholds.link) continue;
    const a = pairs.left[p];
    const b = pairs.right[p];
    const ca = clusterOf[a];
    const cb = clusterOf[b];
    if (ca === cb || decidedPairs.has(`${a}:${b}`)) continue;
    if (exclusiveKey.some((keys) => keys.has(ca) && keys.has(cb) && keys.get(ca) !== keys.get(cb))) continue;
    const key = ca < cb ? `${ca}:${cb}` : `${cb}:${ca}`;
    const current = best.get(key);
    if (current === undefined || weight > current.weight || (weight === current.weight && (a < current.a || (a === current.a && b < current.b)))) {
      best.set(key, { a, b, weight, pattern, reason: action === 'review' ? 'guard' : 'grey-zone' });
    }
  }
  return [...best.values()].sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);
}

function exclusiveKeysByCluster(records: readonly MatchRecord[], settings: LinkSettings, clusterOf: Int32Array): Map<number, string>[] {
  return (settings.exclusive ?? []).map((rule) => {
    const keys = new Map<number, string>();
    records.forEach((r, i) => {
      const v = r.fields[rule.field];
      if (r.source === rule.source && typeof v === 'string' && v !== '') keys.set(clusterOf[i], v);
    });
    return keys;
  });
}

/**
 * One-to-one links between two files (each record in at most one link): strongest pairs first,
 * for linking two lists that each hold a person once (`hub link`).
 */
export function oneToOneLinks(result: LinkageResult): WeightedPair[] {
  const { pairs, compared, patternAction } = result;
  const candidates: WeightedPair[] = [];
  for (let p = 0; p < pairs.count; p++) {
    if (patternAction[compared.patternOf[p]] !== 'score') continue;
    const weight = pairWeight(result, p);
    if (weight >= result.settings.thresholds.link) candidates.push({ a: pairs.left[p], b: pairs.right[p], weight });
  }
  candidates.sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);
  const used = new Set<number>();
  const out: WeightedPair[] = [];
  for (const c of candidates) {
    if (used.has(c.a) || used.has(c.b)) continue;
    used.add(c.a);
    used.add(c.b);
    out.push(c);
  }
  return out;
}

export interface ScoredPair extends WeightedPair {
  action: PairAction;
}

/**
 * Candidate pairs touching the focused records, scored with trained settings and not clustered:
 * what an incremental run needs to find which existing clusters its new records reach. `records`
 * are all the records being linked (term frequencies are counted over them, unless given).
 */
export function scorePairsTouching(records: readonly MatchRecord[], settings: LinkSettings, focus: Uint8Array, frequencies?: TermFrequencies): ScoredPair[] {
  const comparisons = compileComparisons(settings);
  const model = new MatchModel(settings);
  const weigher = new PairWeigher(model, records, frequencies ?? TermFrequencies.of(records, settings));
  const pairs = blockPairs(records, settings, { focus });
  const out: ScoredPair[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const a = pairs.left[p];
    const b = pairs.right[p];
    const pattern = comparePair(records[a], records[b], comparisons);
    out.push({ a, b, weight: weigher.weight(a, b, pattern), action: model.actionOf(pattern) });
  }
  return out;
}

/**
 * Each comparison's level and weight for one pair (a link's or a review item's explanation), the
 * name's term-frequency adjustment included: the weights add up to the weight that decided.
 */
export function explainPair(result: LinkageResult, comparisons: readonly CompiledComparison[], left: MatchRecord, right: MatchRecord): LevelWeight[] {
  return result.weigher.explain(left, right, comparePair(left, right, comparisons)).map(({ comparison, level, weight }) => ({ comparison, level, weight }));
}
