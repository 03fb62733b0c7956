import type { LinkSettings } from '../../../reconciliation/settings';

/** One comparison of a pair: the level it reached and that level's weight (log2 odds). */
export interface PairComparison {
  comparison: string;
  level: string;
  weight: number;
}

/**
 * Why a pair waits for a reviewer, in words: the guards that held it back (their names, as the
 * model that scored it found them: MatchModel.reviewGuardsOf), or the two thresholds its weight
 * fell between.
 */
export function heldBy(thresholds: LinkSettings['thresholds'], reason: string, weight: number, guards: readonly string[]): string {
  if (reason === 'guard') return guards.length > 0 ? `guard: ${guards.join('; ')}` : 'guard';
  const { review, link } = thresholds;
  return `weight ${weight} between the review threshold ${review} and the link threshold ${link}`;
}
