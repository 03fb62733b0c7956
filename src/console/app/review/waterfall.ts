import { COMPARISON_LABELS, LEVEL_LABELS, word } from './review-labels';

export interface Comparison {
  comparison: string;
  level: string;
  weight: number;
}

/** One bar of the waterfall: from `start` to `end` on the weight axis. */
export interface Step {
  label: string;
  level: string;
  start: number;
  end: number;
  kind: 'prior' | 'comparison' | 'total';
}

/**
 * The pair's weight built up bar by bar: the prior (matchWeight includes it, the comparisons do
 * not: it is what is left once their weights are taken away), each comparison's weight from where
 * the previous one ended, and the total the engine compared with its thresholds.
 */
export function waterfallSteps(matchWeight: number, comparisons: readonly Comparison[]): Step[] {
  const sum = comparisons.reduce((total, c) => total + c.weight, 0);
  const prior = round(matchWeight - sum);
  const steps: Step[] = [{ label: '先验', level: '基础比值', start: 0, end: prior, kind: 'prior' }];
  let at = prior;
  for (const c of comparisons) {
    steps.push({ label: word(COMPARISON_LABELS, c.comparison), level: word(LEVEL_LABELS, c.level), start: at, end: round(at + c.weight), kind: 'comparison' });
    at = round(at + c.weight);
  }
  steps.push({ label: '匹配分', level: '合计', start: 0, end: round(matchWeight), kind: 'total' });
  return steps;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
