import type { Pool } from 'pg';
import type { Viewer } from '../../auth/viewer';
import { BadRequestError } from '../sharing/child.service';
import type { Dashboard } from './dashboard.type';

const IN_AREA = "c.area_code >= $1 AND c.area_code < $1 || ':'";

/** Counts over the children of an area inside the viewer's: no file is read, only aggregates. */
export class DashboardService {
  constructor(private readonly pool: Pool) {}

  async dashboard(viewer: Viewer, areaCode?: string | null): Promise<Dashboard> {
    const area = areaCode ?? viewer.area;
    if (!/^\d+$/.test(area) || ![6, 9, 12].includes(area.length)) throw new BadRequestError('areaCode must be a 6, 9 or 12-digit GB/T 2260 code');
    // Outside the viewer's area: refused like a bad argument (counts could reveal another area).
    if (!area.startsWith(viewer.area)) throw new BadRequestError(`areaCode ${area} is outside your area`);
    const down = area.length === 6 ? 9 : 12;
    const q = (sql: string) => this.pool.query(sql, [area]).then((r) => r.rows);
    const [total, flags, categories, verification, areas, areaFlags, quality, backlog] = await Promise.all([
      q(`SELECT count(*)::int AS n FROM child c WHERE ${IN_AREA}`),
      q(`SELECT f AS key, count(*)::int AS count FROM child c, unnest(c.flag_names) f WHERE ${IN_AREA} GROUP BY f ORDER BY f`),
      q(`SELECT v AS key, count(*)::int AS count FROM child c, jsonb_array_elements_text(coalesce(c.golden->'category'->'value', '[]')) v WHERE ${IN_AREA} GROUP BY v ORDER BY v`),
      q(`SELECT verification AS key, count(*)::int AS count FROM child c WHERE ${IN_AREA} GROUP BY verification ORDER BY verification`),
      q(`SELECT left(c.area_code, ${down}) AS "areaCode", count(*)::int AS children FROM child c
         WHERE ${IN_AREA} AND length(c.area_code) >= ${down} GROUP BY 1 ORDER BY 1`),
      q(`SELECT left(c.area_code, ${down}) AS "areaCode", f AS key, count(*)::int AS count FROM child c, unnest(c.flag_names) f
         WHERE ${IN_AREA} AND length(c.area_code) >= ${down} GROUP BY 1, 2 ORDER BY 1, 2`),
      q(`SELECT r.source, count(*)::int AS records,
           count(*) FILTER (WHERE v.normalised->>'idStatus' = 'invalid')::int AS "invalidIdNumbers",
           count(*) FILTER (WHERE coalesce(v.normalised->>'idStatus', 'missing') = 'missing')::int AS "missingIdNumbers",
           count(*) FILTER (WHERE c.record_count = 1)::int AS unmatched
         FROM child c JOIN child_record cr ON cr.child_id = c.id JOIN source_record r ON r.id = cr.source_record_id
         JOIN source_record_version v ON v.id = r.current_version_id
         WHERE ${IN_AREA} GROUP BY r.source ORDER BY r.source`),
      q(`SELECT count(*)::int AS n FROM review_item WHERE status = 'OPEN' AND county_code = left($1, 6)`),
    ]);
    return {
      areaCode: area,
      children: total[0].n,
      byFlag: flags,
      byCategory: categories,
      byVerification: verification,
      areas: areas.map((a) => ({
        areaCode: a.areaCode,
        children: a.children,
        flags: areaFlags.filter((f) => f.areaCode === a.areaCode).map((f) => ({ key: f.key, count: f.count })),
      })),
      dataQuality: quality,
      reviewBacklog: backlog[0].n,
    };
  }
}
