// One linkage run on a generated county, in a process of its own (so peak memory is its own):
// prints one JSON line with quality against the truth, candidate pairs, review count and timings.
// Usage: node -r @swc-node/register bench/match-quality.ts <county dir>
import { blockingKey, blockingKeys } from '../reconciliation/blocking';
import { HUB_SETTINGS_FILE, loadSettingsFile } from '../reconciliation/hub';
import type { LinkSettings, MatchRecord } from '../reconciliation/settings';
import { runLinkage } from '../reconciliation/linkage';
import { pairwiseQuality, readCounty } from './match-data';
import { listsQuality } from './match-lists';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const verbose = process.argv.includes('--verbose');
  const started = performance.now();
  const { records, normalised, truth } = await readCounty(dir);
  const readSeconds = (performance.now() - started) / 1000;
  const linkStarted = performance.now();
  const settings = loadSettingsFile(HUB_SETTINGS_FILE);
  const result = runLinkage(records, settings);
  const linkSeconds = (performance.now() - linkStarted) / 1000;
  const quality = pairwiseQuality(records, result.clustering.clusterOf, truth);
  const people = new Set(records.map((r) => truth.get(r.id))).size;
  // The generator's default period (bench/match.ts generates with it): the day flags are for.
  const lists = await listsQuality({ dir, records, normalised, clusterOf: result.clustering.clusterOf, reviews: result.reviews, truth, period: '2024Q1', trace: verbose });
  if (verbose) {
    console.error(JSON.stringify(result.report.blocking));
    for (const c of result.report.training?.comparisons ?? []) {
      console.error(c.name, c.levels.map((l) => `${l.label}: m=${l.m.toPrecision(3)} u=${l.u.toPrecision(3)} w=${l.weight.toFixed(1)}`).join(' | '));
    }
    console.error("prior", result.report.training?.matchProbability, JSON.stringify(result.report.training?.sessions));
    // Each wrong UNREGISTERED entry, one JSON line each: its records, the person's other clusters, why.
    for (const miss of lists.unregisteredMisses ?? []) console.error('UNREGISTERED miss', JSON.stringify(miss));
  }
  console.log(
    JSON.stringify({
      records: records.length,
      people,
      ...quality,
      candidatePairs: result.report.candidatePairs,
      patterns: result.report.patterns,
      reviews: result.reviews.length,
      // Review items whose two records carry the same valid ID number and the same birth date: one child, nothing to ask.
      sameIdReviews: result.reviews.filter(({ a, b }) => {
        const [l, r] = [records[a].fields, records[b].fields];
        const valid = l.idStatus === 'valid' && r.idStatus === 'valid' && typeof l.idNumber === 'string';
        return valid && l.idNumber === r.idNumber && l.birthDate !== null && l.birthDate === r.birthDate;
      }).length,
      reviewShare: result.reviews.length / people,
      lists: { ...lists, unregisteredMisses: undefined },
      readSeconds,
      linkSeconds,
      timings: result.report.timings,
      blocking: blockingCoverage(records, truth, settings, result.report.blocking),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

/**
 * Per blocking rule: the candidate pairs it added (pairs an earlier rule had are not counted
 * again) and the share of all true pairs whose records agree on its key; and the share of true
 * pairs that some rule proposes (blocking's ceiling on recall).
 */
function blockingCoverage(records: MatchRecord[], truth: Map<string, string>, settings: LinkSettings, report: { rule: string; pairs: number }[]) {
  const byPerson = new Map<string, number[]>();
  records.forEach((r, i) => {
    const person = truth.get(r.id);
    if (person !== undefined) (byPerson.get(person) ?? byPerson.set(person, []).get(person)!).push(i);
  });
  // A rule with an eachValue part gives a record several keys; the others one (a string, not a list of one: 8 rules × 1M lists would skew peak memory).
  const keys = settings.blockingRules.map((rule) => (rule.keys.some((k) => k.eachValue === true) ? records.map((r) => blockingKeys(r, rule)) : records.map((r) => blockingKey(r, rule))));
  const found = new Array<number>(settings.blockingRules.length).fill(0);
  let truePairs = 0;
  let foundByAny = 0;
  for (const members of byPerson.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        truePairs++;
        let any = false;
        keys.forEach((k, r) => {
          const a = k[members[x]];
          const b = k[members[y]];
          if (a !== null && (Array.isArray(a) ? a.some((key) => (b as string[]).includes(key)) : a === b)) {
            found[r]++;
            any = true;
          }
        });
        if (any) foundByAny++;
      }
    }
  }
  return {
    rules: report.map((entry, r) => ({ rule: entry.rule, candidatePairs: entry.pairs, trueShare: found[r] / truePairs })),
    recallCeiling: foundByAny / truePairs,
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
