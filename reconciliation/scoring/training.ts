// Training without labels, after Splink: u from random pairs (almost all of them are different
// people), then m and the match prior by expectation–maximisation over the candidate pairs,
// with u held fixed. The result is the settings object with m, u and matchProbability filled in.
import type { CompiledComparison } from '../comparison';
import { seededRandom } from '../random';
import { ComparisonSettings, LinkSettings, MatchRecord } from '../settings';
import { clampProbability, levelProbabilities, MatchModel } from './model';
import type { Pattern } from './patterns';

export interface LevelReport {
  label: string;
  m: number;
  u: number;
  weight: number;
}

export interface TrainingReport {
  uSamplePairs: number;
  iterations: number;
  converged: boolean;
  matchProbability: number;
  comparisons: { name: string; levels: LevelReport[] }[];
}

const DEFAULT_U_PAIRS = 1_000_000;

/** P(level | non-match) per comparison, the null level left out (its weight is 0 regardless). */
export function estimateU(records: readonly MatchRecord[], settings: LinkSettings, comparisons: readonly CompiledComparison[]): { u: number[][]; sampled: number } {
  const n = records.length;
  const counts = comparisons.map((c) => new Float64Array(c.labels.length));
  const random = seededRandom(settings.training?.seed ?? 42);
  const linkOnly = settings.linkType === 'link_only';
  const wanted = Math.min(settings.training?.uSamplePairs ?? DEFAULT_U_PAIRS, (n * (n - 1)) / 2);
  let sampled = 0;
  for (let attempt = 0; sampled < wanted && attempt < wanted * 20; attempt++) {
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (a === b || (linkOnly && records[a].source === records[b].source)) continue;
    sampled++;
    for (let c = 0; c < comparisons.length; c++) {
      const level = comparisons[c].levelOf(records[a].fields, records[b].fields);
      if (level < 0) continue;
      counts[c][level]++;
    }
  }
  const u = comparisons.map((comparison, c) => {
    // Half a pair for a level never seen: rare levels (an exact ID) get a small u, not zero.
    const smoothed = Array.from(counts[c], (k) => Math.max(k, 0.5));
    const total = smoothed.reduce((s, k) => s + k, 0);
    const probabilities = smoothed.map((k) => k / total);
    refineExactLevel(records, settings.comparisons[c], probabilities, counts[c][0]);
    return probabilities;
  });
  return { u, sampled };
}

/**
 * A first level that is an exact match on one field is usually too rare in random pairs to count
 * (two children sharing an ID number): its u is then computed from the value frequencies instead,
 * P(two records with the field share a value) = Σ f(f−1) / (n(n−1)), and the other levels rescaled.
 */
function refineExactLevel(records: readonly MatchRecord[], comparison: ComparisonSettings, probabilities: number[], seen: number): void {
  const first = comparison.levels[0];
  if (first.test !== 'exact' || seen >= 100) return;
  const field = (first.fields ?? comparison.fields)[0];
  const frequency = new Map<string, number>();
  let present = 0;
  for (const r of records) {
    const v = r.fields[field];
    if (typeof v !== 'string' || v === '') continue;
    present++;
    frequency.set(v, (frequency.get(v) ?? 0) + 1);
  }
  if (present < 2) return;
  let shared = 0;
  for (const f of frequency.values()) shared += f * (f - 1);
  const exact = Math.max(shared / (present * (present - 1)), 1 / (present * present));
  const rest = 1 - probabilities[0];
  for (let i = 1; i < probabilities.length; i++) probabilities[i] = (probabilities[i] / rest) * (1 - exact);
  probabilities[0] = exact;
}

/** Starting m when the settings give none: agreement likely for matches, 'else' unlikely. */
function priorM(comparison: ComparisonSettings): number[] {
  const given = levelProbabilities(comparison).map((p) => p.m);
  const levels = given.length;
  const fallback = given.map((_, i) => (i === levels - 1 ? 0.05 : Math.pow(0.5, i + 1)));
  const m = given.map((g, i) => g ?? fallback[i]);
  const total = m.reduce((s, x) => s + x, 0);
  return m.map((x) => x / total);
}

/**
 * E-step: each pattern's probability of being a match, from the comparisons marked active, and
 * the expected number of matches at each level of every comparison.
 */
function expectation(patterns: readonly Pattern[], m: number[][], u: number[][], lambda: number, active: boolean[], guarded: boolean[]) {
  const matchAt = m.map((levels) => new Float64Array(levels.length));
  let expectedMatches = 0;
  let total = 0;
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i];
    total += p.count;
    if (guarded[i]) continue;
    let logMatch = Math.log(lambda);
    let logNonMatch = Math.log(1 - lambda);
    for (let c = 0; c < m.length; c++) {
      const g = p.levels[c];
      if (g === 0 || !active[c]) continue;
      logMatch += Math.log(clampProbability(m[c][g - 1]));
      logNonMatch += Math.log(clampProbability(u[c][g - 1]));
    }
    const weight = p.count / (1 + Math.exp(logNonMatch - logMatch));
    expectedMatches += weight;
    for (let c = 0; c < m.length; c++) if (p.levels[c] !== 0) matchAt[c][p.levels[c] - 1] += weight;
  }
  return { matchAt, expectedMatches, total };
}

/** M-step for one comparison: m ∝ expected matches per level, fixed levels kept. Returns the largest change. */
function maximise(m: number[], atLevels: Float64Array, fixed: boolean[]): number {
  let free = 0;
  let fixedMass = 0;
  for (let l = 0; l < atLevels.length; l++) {
    if (fixed[l]) fixedMass += m[l];
    else free += atLevels[l];
  }
  if (free <= 0) return 0;
  let change = 0;
  for (let l = 0; l < atLevels.length; l++) {
    if (fixed[l]) continue;
    const next = clampProbability((atLevels[l] / free) * (1 - fixedMass));
    change = Math.max(change, Math.abs(next - m[l]));
    m[l] = next;
  }
  return change;
}

/**
 * EM over patterns. E-step: each pattern's probability of being a match under the current m, u
 * and prior. M-step: m of a level = the expected matches at that level over the expected
 * matches where the comparison is not null; the prior = the expected share of matches.
 */
export function trainModel(
  records: readonly MatchRecord[],
  settings: LinkSettings,
  comparisons: readonly CompiledComparison[],
  patterns: readonly Pattern[],
): { settings: LinkSettings; report: TrainingReport } {
  const { u, sampled } = estimateU(records, settings, comparisons);
  const m = settings.comparisons.map(priorM);
  const fixed = settings.comparisons.map((c) => [...c.levels.map((l) => l.fixM === true), c.else?.fixM === true]);
  let lambda = clampProbability(settings.matchProbability ?? 0.1);
  const maxIterations = settings.training?.maxIterations ?? 100;
  const tolerance = settings.training?.tolerance ?? 1e-4;
  const C = comparisons.length;
  let iterations = 0;
  let converged = false;

  // Person comparisons decide what a match is; context comparisons (household, village) follow.
  const person = settings.comparisons.map((c) => c.context !== true);
  // A pattern a guard holds back (siblings, twins, two different IDs and names) is two people by
  // the domain's rules: counted as a non-match, so twins' shared birth date cannot teach EM that
  // "same birth date, different name" is what a match looks like.
  const guards = new MatchModel(settings);
  const guarded = patterns.map((p) => guards.actionOf(p.levels) !== 'score');

  while (iterations < maxIterations && !converged) {
    iterations++;
    const { matchAt, expectedMatches, total } = expectation(patterns, m, u, lambda, person, guarded);
    let change = Math.abs(expectedMatches / total - lambda);
    lambda = clampProbability(expectedMatches / total);
    for (let c = 0; c < C; c++) if (person[c]) change = Math.max(change, maximise(m[c], matchAt[c], fixed[c]));
    converged = change < tolerance;
  }
  const { matchAt } = expectation(patterns, m, u, lambda, person, guarded);
  for (let c = 0; c < C; c++) if (!person[c]) maximise(m[c], matchAt[c], fixed[c]);

  const trained: LinkSettings = {
    ...settings,
    matchProbability: lambda,
    comparisons: settings.comparisons.map((c, i) => ({
      ...c,
      levels: c.levels.map((l, j) => ({ ...l, m: m[i][j], u: u[i][j] })),
      else: { ...c.else, m: m[i][c.levels.length], u: u[i][c.levels.length] },
    })),
  };
  const model = new MatchModel(trained);
  const report: TrainingReport = {
    uSamplePairs: sampled,
    iterations,
    converged,
    matchProbability: lambda,
    comparisons: trained.comparisons.map((c, i) => ({
      name: c.name,
      levels: model.labels[i].slice(1).map((label, j) => ({ label, m: m[i][j], u: u[i][j], weight: model.weights[i][j + 1] })),
    })),
  };
  return { settings: trained, report };
}
