// Training without labels, after Splink: u from random pairs (almost all of them are different
// people), then m and the match prior by expectation–maximisation over the candidate pairs,
// with u held fixed. The result is the settings object with m, u and matchProbability filled in.
import { blockPairs } from '../blocking';
import type { CompiledComparison } from '../comparison';
import { seededRandom } from '../random';
import { ComparisonSettings, LinkSettings, MatchRecord } from '../settings';
import { clampProbability, levelProbabilities, MatchModel, PROBABILITY_FLOOR } from './model';
import { monotoneM } from './monotone';
import { comparePairs, type Pattern } from './patterns';

export interface LevelReport {
  label: string;
  m: number;
  u: number;
  weight: number;
}

export interface TrainingReport {
  uSamplePairs: number;
  sessions: SessionReport[];
  matchProbability: number;
  comparisons: { name: string; levels: LevelReport[] }[];
}

const DEFAULT_U_PAIRS = 1_000_000;
/** Fewer candidate pairs than this teach EM nothing reliable: the session is skipped and the priors stand. */
const MIN_SESSION_PAIRS = 50;

/** P(level | non-match) per comparison, the null level left out (its weight is 0 regardless). */
export function estimateU(records: readonly MatchRecord[], settings: LinkSettings, comparisons: readonly CompiledComparison[]): { u: number[][]; sampled: number } {
  const n = records.length;
  const counts = comparisons.map((c) => new Float64Array(c.labels.length));
  const random = seededRandom(settings.training?.seed ?? 42);
  const linkOnly = settings.linkType === 'link_only';
  const wanted = Math.min(settings.training?.uSamplePairs ?? DEFAULT_U_PAIRS, (n * (n - 1)) / 2);
  // Drawn by rank of record id, not by position: the same records in another order give the same u.
  const byId = idOrder(records);
  let sampled = 0;
  for (let attempt = 0; sampled < wanted && attempt < wanted * 20; attempt++) {
    const a = byId[Math.floor(random() * n)];
    const b = byId[Math.floor(random() * n)];
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

function idOrder(records: readonly MatchRecord[]): Int32Array {
  const order = Int32Array.from(records, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < records.length && sorted; i++) sorted = records[i - 1].id < records[i].id;
  if (!sorted) order.sort((a, b) => (records[a].id < records[b].id ? -1 : records[a].id > records[b].id ? 1 : 0));
  return order;
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

interface EmState {
  m: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
}

/**
 * EM over one set of patterns, u fixed. Only `active` comparisons vote on what a match is and are
 * re-estimated in the loop; context comparisons are estimated once at the end from the verdicts.
 */
function expectationMaximisation(
  patterns: readonly Pattern[],
  start: number[][],
  u: number[][],
  lambda: number,
  active: boolean[],
  context: boolean[],
  guarded: boolean[],
  fixed: boolean[][],
  limits: { maxIterations: number; tolerance: number },
): EmState {
  const m = start.map((levels) => [...levels]);
  let iterations = 0;
  let converged = false;
  while (iterations < limits.maxIterations && !converged) {
    iterations++;
    const { matchAt, expectedMatches, total } = expectation(patterns, m, u, lambda, active, guarded);
    let change = Math.abs(expectedMatches / total - lambda);
    lambda = clampProbability(expectedMatches / total);
    for (let c = 0; c < m.length; c++) if (active[c]) change = Math.max(change, maximise(m[c], matchAt[c], fixed[c]));
    converged = change < limits.tolerance;
  }
  const { matchAt } = expectation(patterns, m, u, lambda, active, guarded);
  for (let c = 0; c < m.length; c++) if (context[c]) maximise(m[c], matchAt[c], fixed[c]);
  return { m, lambda, iterations, converged };
}

/** Fields a comparison reads, at any level. */
function comparisonFields(c: ComparisonSettings): Set<string> {
  return new Set([...c.fields, ...c.levels.flatMap((l) => l.fields ?? [])]);
}

export interface SessionReport {
  blockingRule: string;
  pairs: number;
  trained: string[];
  iterations: number;
  converged: boolean;
}

/**
 * Training after Splink. u comes from random pairs. m is estimated by EM in sessions, one per
 * blocking rule: within the pairs a rule proposes, the comparisons on the rule's own fields agree
 * by construction, so they sit the session out and the others are learned. Without this, pairs
 * that share a common name would teach EM that sharing a name is what a match is. Each
 * comparison's m is the average over the sessions that learned it; the match prior is then
 * estimated on all candidate pairs with m and u fixed.
 */
export function trainModel(
  records: readonly MatchRecord[],
  settings: LinkSettings,
  comparisons: readonly CompiledComparison[],
  patterns: readonly Pattern[],
): { settings: LinkSettings; report: TrainingReport } {
  const { u, sampled } = estimateU(records, settings, comparisons);
  const prior = settings.comparisons.map(priorM);
  const fixed = settings.comparisons.map((c) => [...c.levels.map((l) => l.fixM === true), c.else?.fixM === true]);
  const limits = { maxIterations: settings.training?.maxIterations ?? 100, tolerance: settings.training?.tolerance ?? 1e-4 };
  const C = comparisons.length;
  // A pattern a guard holds back (siblings, twins, two different IDs and names) is two people by
  // the domain's rules: counted as a non-match, so twins' shared birth date cannot teach EM that
  // "same birth date, different name" is what a match looks like.
  const guards = new MatchModel(settings);
  const isGuarded = (list: readonly Pattern[]) => list.map((p) => guards.actionOf(p.levels) !== 'score');
  const context = settings.comparisons.map((c) => c.context === true);
  const fields = settings.comparisons.map(comparisonFields);

  const sessionNames = settings.training?.sessions ?? settings.blockingRules.map((r) => r.name);
  const sum = prior.map((levels) => levels.map(() => 0));
  const learned = new Array<number>(C).fill(0);
  const sessions: SessionReport[] = [];
  for (const name of sessionNames) {
    const rule = settings.blockingRules.find((r) => r.name === name);
    if (rule === undefined) throw new Error(`training session names unknown blocking rule "${name}"`);
    const sessionPairs = blockPairs(records, { ...settings, blockingRules: [rule] });
    const { patterns: sessionPatterns } = comparePairs(records, sessionPairs, comparisons);
    if (sessionPairs.count < MIN_SESSION_PAIRS) {
      sessions.push({ blockingRule: name, pairs: sessionPairs.count, trained: [], iterations: 0, converged: false });
      continue;
    }
    const keyFields = new Set(rule.keys.map((k) => k.field));
    const active = settings.comparisons.map((_, c) => !context[c] && ![...fields[c]].some((f) => keyFields.has(f)));
    const state = expectationMaximisation(sessionPatterns, prior, u, clampProbability(settings.matchProbability ?? 0.1), active, context, isGuarded(sessionPatterns), fixed, limits);
    for (let c = 0; c < C; c++) {
      if (!active[c] && !context[c]) continue;
      learned[c]++;
      state.m[c].forEach((x, l) => (sum[c][l] += x));
    }
    sessions.push({ blockingRule: name, pairs: sessionPairs.count, trained: settings.comparisons.filter((_, c) => active[c]).map((c) => c.name), iterations: state.iterations, converged: state.converged });
  }
  const estimated = prior.map((levels, c) => (learned[c] === 0 ? levels : sum[c].map((x) => x / learned[c])));
  // Weights that ran backwards would reward agreeing less: pooled back into order (monotone.ts).
  const m = estimated.map((levels, c) => (settings.comparisons[c].monotonic === false ? levels : monotoneM(levels.map(clampProbability), u[c].map(clampProbability), PROBABILITY_FLOOR)));

  // The prior on all candidate pairs: EM with m and u held, only λ moves.
  const all = new Array<boolean>(C).fill(true);
  const guarded = isGuarded(patterns);
  let lambda = clampProbability(settings.matchProbability ?? 0.1);
  let iterations = 0;
  for (let change = 1; change > limits.tolerance && iterations < limits.maxIterations; iterations++) {
    const { expectedMatches, total } = expectation(patterns, m, u, lambda, all, guarded);
    const next = clampProbability(expectedMatches / total);
    change = Math.abs(next - lambda);
    lambda = next;
  }

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
    sessions,
    matchProbability: lambda,
    comparisons: trained.comparisons.map((c, i) => ({
      name: c.name,
      levels: model.labels[i].slice(1).map((label, j) => ({ label, m: m[i][j], u: u[i][j], weight: model.weights[i][j + 1] })),
    })),
  };
  return { settings: trained, report };
}
