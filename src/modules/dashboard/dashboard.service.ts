import type { Pool } from 'pg';
import type { Viewer } from '../../auth/viewer';
import { BadRequestError } from '../common/requests';
import type { ReviewService } from '../identity/review.service';
import type { Dashboard, OverdueCaseTally, SourceQuality, Tally } from './dashboard.type';

/** Counts the dashboard asks of casework (visits owed) and of cases (overdue per kind and area). */
export interface WorkCounts {
  visitsDue: { count(area: string): Promise<number> };
  cases: { overdueCounts(area: string, down: number): Promise<OverdueCaseTally[]> };
}

const QUALITY_MEASURES = ['records', 'invalidIdNumbers', 'missingIdNumbers', 'unmatched', 'noRecordFound'] as const;
/** A flag name with its strength (DROPOUT/TO_VERIFY), as reconciliation writes it beside the flag. */
const isStrength = (key: string) => key.includes('/');

/**
 * Counts over the children of an area inside the viewer's: no file is read, only aggregates.
 * They come from `area_tally`, which the database keeps in step with `child` (area-tally.entity.ts),
 * so a county's dashboard sums its villages' rows instead of every child.
 */
export class DashboardService {
  constructor(
    private readonly pool: Pool,
    private readonly reviews: ReviewService,
    private readonly work: WorkCounts,
  ) {}

  async dashboard(viewer: Viewer, areaCode?: string | null): Promise<Dashboard> {
    const area = areaCode ?? viewer.area;
    if (!/^\d+$/.test(area) || ![6, 9, 12].includes(area.length)) throw new BadRequestError('areaCode must be a 6, 9 or 12-digit GB/T 2260 code');
    // Outside the viewer's area: refused like a bad argument (counts could reveal another area).
    if (!area.startsWith(viewer.area)) throw new BadRequestError(`areaCode ${area} is outside your area`);
    const down = area.length === 6 ? 9 : 12;
    const [tallies, backlog, visitsDue, overdueCases] = await Promise.all([
      this.pool.query<{ sub: string; measure: string; key: string; count: number }>({
        text: `SELECT CASE WHEN length(area_code) >= $2 THEN left(area_code, $2) END AS sub, measure, key, sum(count)::int AS count
               FROM area_tally WHERE area_code >= $1 AND area_code < $1 || ':'
               GROUP BY 1, 2, 3 HAVING sum(count) <> 0 ORDER BY 1, 2, 3`,
        values: [area, down],
      }),
      this.reviews.openCount(area),
      this.work.visitsDue.count(area),
      this.work.cases.overdueCounts(area, down),
    ]);

    const total = new Map<string, Map<string, number>>();
    const bySub = new Map<string, { children: number; flags: Tally[] }>();
    for (const { sub, measure, key, count } of tallies.rows) {
      const counts = total.get(measure) ?? total.set(measure, new Map()).get(measure)!;
      counts.set(key, (counts.get(key) ?? 0) + count);
      if (sub === null) continue;
      const subArea = bySub.get(sub) ?? bySub.set(sub, { children: 0, flags: [] }).get(sub)!;
      if (measure === 'children') subArea.children += count;
      else if (measure === 'flag' && !isStrength(key)) subArea.flags.push({ key, count });
    }
    const tally = (measure: string): Tally[] =>
      [...(total.get(measure) ?? new Map<string, number>())].map(([key, count]) => ({ key, count })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const quality = new Map<string, SourceQuality>();
    for (const measure of QUALITY_MEASURES) {
      for (const { key: source, count } of tally(measure)) {
        const q = quality.get(source) ?? quality.set(source, { source, records: 0, invalidIdNumbers: 0, missingIdNumbers: 0, unmatched: 0, noRecordFound: 0 }).get(source)!;
        q[measure] = count;
      }
    }
    return {
      areaCode: area,
      children: total.get('children')?.get('') ?? 0,
      byFlag: tally('flag').filter((t) => !isStrength(t.key)),
      byFlagStrength: tally('flag')
        .filter((t) => isStrength(t.key))
        .map((t) => ({ flag: t.key.split('/')[0], strength: t.key.split('/')[1], count: t.count })),
      byCategory: tally('category'),
      byVerification: tally('verification'),
      areas: [...bySub].filter(([, a]) => a.children > 0).map(([areaCode, a]) => ({ areaCode, ...a })),
      dataQuality: [...quality.values()].sort((a, b) => (a.source < b.source ? -1 : 1)),
      reviewBacklog: backlog,
      visitsDue,
      overdueCases,
    };
  }
}
