// Fellegi–Sunter scoring. Each comparison level has m = P(level | same person) and
// u = P(level | different people); a pair's match weight is the prior's log2 odds plus, for each
// comparison, log2(m/u) of the level it reached. A missing value (the 'null' level) adds nothing.
// Weights are log2 odds, so +10 means "about a thousand times likelier a match than not".
import { ComparisonSettings, ELSE_LEVEL, Guard, LinkSettings, NULL_LEVEL } from '../settings';

/** Probabilities are kept inside (FLOOR, 1 - FLOOR): a zero would make a weight infinite. */
export const PROBABILITY_FLOOR = 1e-6;

export function clampProbability(p: number): number {
  return Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));
}

export interface LevelWeight {
  comparison: string;
  level: string;
  /** log2(m/u); 0 for the null level. */
  weight: number;
}

export type PairAction = 'score' | 'review' | 'nonLink';

/**
 * A trained model's arithmetic: level probabilities → weights, guards → actions. A comparison
 * vector ("pattern") is one byte per comparison: 0 for null, else 1 + the level's index, with
 * the implicit 'else' level last.
 */
export class MatchModel {
  readonly priorWeight: number;
  /** weights[c][g] for pattern byte g. */
  readonly weights: Float64Array[];
  readonly labels: string[][];
  private readonly guards: { name: string; action: 'review' | 'nonLink'; conditions: { comparison: number; allowed: Uint8Array }[] }[];

  constructor(readonly settings: LinkSettings) {
    const lambda = clampProbability(settings.matchProbability ?? 1e-4);
    this.priorWeight = Math.log2(lambda / (1 - lambda));
    this.labels = settings.comparisons.map((c) => [NULL_LEVEL, ...c.levels.map((l) => l.label), ELSE_LEVEL]);
    this.weights = settings.comparisons.map((c) => {
      const w = new Float64Array(c.levels.length + 2);
      const probabilities = levelProbabilities(c);
      probabilities.forEach(({ m, u }, i) => {
        w[i + 1] = m === undefined || u === undefined ? 0 : Math.log2(clampProbability(m) / clampProbability(u));
      });
      return w;
    });
    this.guards = (settings.guards ?? []).map((g) => compileGuard(g, settings.comparisons, this.labels));
  }

  weightOf(pattern: Uint8Array): number {
    let w = this.priorWeight;
    for (let c = 0; c < pattern.length; c++) w += this.weights[c][pattern[c]];
    return w;
  }

  /** What the guards say about a pattern: 'score' when none applies. nonLink beats review. */
  actionOf(pattern: Uint8Array): PairAction {
    let action: PairAction = 'score';
    for (const g of this.guards) {
      if (this.holds(g, pattern)) {
        if (g.action === 'nonLink') return 'nonLink';
        action = 'review';
      }
    }
    return action;
  }

  /** The names of the review guards that hold a pattern back: why a pair waits for a reviewer. */
  reviewGuardsOf(pattern: Uint8Array): string[] {
    return this.guards.filter((g) => g.action === 'review' && this.holds(g, pattern)).map((g) => g.name);
  }

  private holds(guard: MatchModel['guards'][number], pattern: Uint8Array): boolean {
    return guard.conditions.every((cond) => cond.allowed[pattern[cond.comparison]] === 1);
  }

  /** Each comparison's level and weight: what a reviewer reads next to the two records. */
  explain(pattern: Uint8Array): LevelWeight[] {
    return this.settings.comparisons.map((c, i) => ({
      comparison: c.name,
      level: this.labels[i][pattern[i]],
      weight: round(this.weights[i][pattern[i]]),
    }));
  }

  /** Pattern bytes from level labels (for explanations read back from storage). */
  patternFromLabels(levels: readonly string[]): Uint8Array {
    return Uint8Array.from(levels.map((label, c) => Math.max(0, this.labels[c].indexOf(label))));
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** m and u of each level, the implicit else last. */
export function levelProbabilities(c: ComparisonSettings): { m?: number; u?: number }[] {
  return [...c.levels.map((l) => ({ m: l.m, u: l.u })), { m: c.else?.m, u: c.else?.u }];
}

function compileGuard(guard: Guard, comparisons: ComparisonSettings[], labels: string[][]) {
  return {
    name: guard.name,
    action: guard.action,
    conditions: guard.when.map((cond) => {
      const c = comparisons.findIndex((x) => x.name === cond.comparison);
      const allowed = new Uint8Array(labels[c].length);
      for (const label of cond.levels) {
        const index = labels[c].indexOf(label);
        if (index < 0) throw new Error(`guard ${guard.name}: comparison ${cond.comparison} has no level "${label}"`);
        allowed[index] = 1;
      }
      return { comparison: c, allowed };
    }),
  };
}

/** One level of one comparison in a model: what the run's summary shows, so an inversion is visible. */
export interface LevelWeightRow {
  comparison: string;
  level: string;
  /** P(level | match) and P(level | non-match); null when the settings give none (weight 0). */
  m: number | null;
  u: number | null;
  /** log2(m/u), rounded to hundredths. */
  weight: number;
}

/** Every comparison's levels in order, 'else' last, with their weights (the null level, always 0, left out). */
export function levelWeightTable(settings: LinkSettings): LevelWeightRow[] {
  const model = new MatchModel(settings);
  return settings.comparisons.flatMap((c, i) =>
    levelProbabilities(c).map(({ m, u }, l) => ({
      comparison: c.name,
      level: model.labels[i][l + 1],
      m: m ?? null,
      u: u ?? null,
      weight: round(model.weights[i][l + 1]),
    })),
  );
}
