// One linkage run on a generated county, in a process of its own (so peak memory is its own):
// prints one JSON line with quality against the truth, candidate pairs, review count and timings.
// Usage: node -r @swc-node/register bench/match-quality.ts <county dir>
import { HUB_SETTINGS_FILE, loadSettingsFile } from '../reconciliation/hub';
import { runLinkage } from '../reconciliation/linkage';
import { pairwiseQuality, readCounty } from './match-data';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const verbose = process.argv.includes('--verbose');
  const started = performance.now();
  const { records, truth } = await readCounty(dir);
  const readSeconds = (performance.now() - started) / 1000;
  const linkStarted = performance.now();
  const result = runLinkage(records, loadSettingsFile(HUB_SETTINGS_FILE));
  const linkSeconds = (performance.now() - linkStarted) / 1000;
  const quality = pairwiseQuality(records, result.clustering.clusterOf, truth);
  const people = new Set(records.map((r) => truth.get(r.id))).size;
  if (verbose) {
    console.error(JSON.stringify(result.report.blocking));
    for (const c of result.report.training?.comparisons ?? []) {
      console.error(c.name, c.levels.map((l) => `${l.label}: m=${l.m.toPrecision(3)} u=${l.u.toPrecision(3)} w=${l.weight.toFixed(1)}`).join(' | '));
    }
    console.error("prior", result.report.training?.matchProbability, JSON.stringify(result.report.training?.sessions));
  }
  console.log(
    JSON.stringify({
      records: records.length,
      people,
      ...quality,
      candidatePairs: result.report.candidatePairs,
      patterns: result.report.patterns,
      reviews: result.reviews.length,
      reviewShare: result.reviews.length / people,
      readSeconds,
      linkSeconds,
      timings: result.report.timings,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
