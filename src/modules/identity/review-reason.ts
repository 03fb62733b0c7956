import type { LinkSettings } from '../../../reconciliation/settings';

/** One comparison of a pair: the level it reached and that level's weight (log2 odds). */
export interface PairComparison {
  comparison: string;
  level: string;
  weight: number;
}

/**
 * Why a pair waits for a reviewer, in words: the guards that held it back (their names, from the
 * settings that scored it), or the two thresholds its weight fell between. Read from the pair's
 * levels, the same way the model's guards read them.
 */
export function heldBy(settings: LinkSettings, reason: string, weight: number, comparisons: readonly PairComparison[]): string {
  if (reason === 'guard') {
    const levelOf = new Map(comparisons.map((c) => [c.comparison, c.level]));
    const names = (settings.guards ?? [])
      .filter((g) => g.action === 'review' && g.when.every((cond) => cond.levels.includes(levelOf.get(cond.comparison) ?? '')))
      .map((g) => g.name);
    if (names.length > 0) return `guard: ${names.join('; ')}`;
    return 'guard';
  }
  const { review, link } = settings.thresholds;
  return `weight ${weight} between the review threshold ${review} and the link threshold ${link}`;
}
