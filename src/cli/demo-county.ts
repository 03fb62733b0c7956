import path from 'node:path';
import type { Pool } from 'pg';
import { ChinaDivisionRegistry } from '../areas/china-division-registry';
import { ownPrivateDir } from '../fs/private-files';
import { generateCounty } from '../generate';
import { IdentityStore } from '../modules/identity/identity.store';
import { ReconcileService } from '../modules/identity/reconcile.service';
import { ImportService } from '../modules/ingest/import.service';
import { publicSummary } from './import.command';

/**
 * Children of the demo county entered twice on the roster, by ear and without an ID number
 * (generate/review-pairs.ts): pairs the engine leaves to a person, so that a newcomer's review
 * screen (console /review, `hub review list`) has work on it. A few, not more: each is also a
 * child counted twice until someone decides.
 */
export const DEMO_REVIEW_PAIRS = 8;

export interface DemoCounty {
  children: number;
  records: number;
  openReviews: number;
}

/**
 * A generated county (no real person) in `dataDir/demo`, loaded through the same import code a
 * clerk uses and reconciled: what `hub start` puts into an empty database.
 */
export async function loadDemoCounty(options: { dataDir: string; children: number }, pool: Pool, log: (message: string) => void): Promise<DemoCounty> {
  const dir = path.join(options.dataDir, 'demo');
  // Invented people, but the exports' format (ID numbers and all): private like real exports.
  ownPrivateDir(dir);
  log(`empty database: generating a demo county of ${options.children} children in ${dir}`);
  const generated = await generateCounty({ children: options.children, seed: 'demo', noise: 'realistic', reviewPairs: DEMO_REVIEW_PAIRS }, dir);
  const service = new ImportService(pool, ChinaDivisionRegistry.load(), path.join(options.dataDir, 'import-errors'));
  const files = [
    ['civil-affairs', generated.files.civilAffairs],
    ['education', generated.files.education],
    ['police', generated.files.police],
  ] as const;
  for (const [source, file] of files) {
    const summary = publicSummary(await service.importFile(file, { source, period: '2024Q1' }));
    log(`imported ${source}: ${summary.read} read, ${summary.new} new, ${summary.rejected} rejected`);
  }
  const reconciled = await new ReconcileService(new IdentityStore(pool), undefined, log).reconcile({ full: true });
  log(`reconciled: ${reconciled.records} records → ${reconciled.children} children, ${reconciled.openReviews} pairs for review`);
  return { children: reconciled.children, records: reconciled.records, openReviews: reconciled.openReviews };
}
