import type { Pool, PoolClient } from 'pg';
import { ACCESS, FIELD_SECTION, seesWholeFile, type RoleAccess } from '../../auth/access';
import type { Viewer } from '../../auth/viewer';
import { auditReads } from '../audit/audit.store';
import { BadRequestError, checkPageSize, decodeCursor, encodeCursor } from '../common/requests';
import { CHILD_VIEW_COLUMNS, scopePrefix } from '../sharing/child.service';
import { childView, type ChildRow } from '../sharing/child.view';
import type { Child } from '../sharing/child.type';

export const CHANGE_KINDS = ['APPEARED', 'DISAPPEARED', 'FLAG_RAISED', 'FLAG_CLEARED', 'CATEGORY_CHANGED', 'MOVED', 'MERGED', 'SPLIT'] as const;
export type ChangeKindName = (typeof CHANGE_KINDS)[number];

export interface ChangesQuery {
  areaCode?: string;
  from: string;
  to: string;
  kinds?: readonly ChangeKindName[];
  first?: number;
  after?: string | null;
}

export interface ChangeRow {
  childId: string;
  kind: ChangeKindName;
  flag: string | null;
  before: string | null;
  after: string | null;
  reasons: string[];
  child: Child | null;
}

export interface ChangesPage {
  totalCount: number;
  totals: { kind: ChangeKindName; count: number }[];
  edges: { cursor: string; node: ChangeRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PERIOD = /^\d{4}Q[1-4]$/;
const CURSOR = /^[A-Za-z0-9_-]{1,64}\|[A-Z_]+\|[A-Z_0-9]*$/;

/**
 * "What changed since last quarter" (001 §二(二)): two periods of a county compared child by
 * child, from the states the reconciliation runs kept (child_period_state), so that the answer
 * does not move when a later period lands. Each role sees the changes to what it may see, by the
 * one access table (auth/access.ts): the flags it sees, the category only with the welfare
 * section, a reason only with the section of the field that gives it; the area scope is the one
 * `children` applies (on the child's area in the later period, or the earlier when it has none),
 * and the files a page returns are audited in the read's transaction, as `children` audits.
 */
export class ChangesService {
  constructor(private readonly pool: Pool) {}

  async changes(viewer: Viewer, query: ChangesQuery): Promise<ChangesPage> {
    const first = query.first ?? 20;
    checkPageSize(first);
    const from = query.from.trim().toUpperCase();
    const to = query.to.trim().toUpperCase();
    if (!PERIOD.test(from) || !PERIOD.test(to)) throw new BadRequestError('from and to must be quarters like 2024Q1');
    // The same period twice is allowed: nothing changed.
    if (from > to) throw new BadRequestError(`from (${from}) must not be later than to (${to})`);
    const access = ACCESS[viewer.role];
    const visible = visibleKinds(access);
    const hidden = (query.kinds ?? []).filter((k) => !visible.includes(k));
    if (hidden.length > 0) throw new BadRequestError(`your role may not see ${hidden.join(', ')}`);
    const kinds = query.kinds?.length ? visible.filter((k) => query.kinds!.includes(k)) : visible;
    const cursor = query.after ? decodeCursor('change', query.after, CURSOR).split('|') : null;
    const prefix = scopePrefix(viewer, query.areaCode);
    const empty: ChangesPage = { totalCount: 0, totals: visible.map((kind) => ({ kind, count: 0 })), edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    if (prefix === null) return empty;
    const county = prefix.slice(0, 6);

    const client = await this.pool.connect();
    try {
      // One snapshot for the states, the link events and the files; not read-only: the reads are audited in it.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const runs = await snapshotRuns(client, county, from, to);
      const { rows } = await client.query(
        `/* childChanges */
         WITH ev AS (SELECT DISTINCT kind, child_id, previous_child_id FROM link_event WHERE run_id > $4 AND run_id <= $5 AND kind <> 'linked'),
         -- Identity changes are few: each is looked up in the two periods by key, never by a scan.
         merged AS (
           SELECT DISTINCT ON (e.previous_child_id) e.child_id, e.previous_child_id AS before_id, coalesce(ta.area_code, fa.area_code) AS area_code
           FROM ev e
           JOIN child_period_state fa ON fa.county_code = $1 AND fa.period = $2 AND fa.child_id = e.previous_child_id
           LEFT JOIN child_period_state ta ON ta.county_code = $1 AND ta.period = $3 AND ta.child_id = e.child_id
           WHERE e.kind = 'merged'
             AND NOT EXISTS (SELECT 1 FROM child_period_state x WHERE x.county_code = $1 AND x.period = $3 AND x.child_id = e.previous_child_id)
           ORDER BY e.previous_child_id, e.child_id),
         split AS (
           SELECT DISTINCT ON (e.child_id) e.child_id, e.previous_child_id AS before_id, ta.area_code
           FROM ev e JOIN child_period_state ta ON ta.county_code = $1 AND ta.period = $3 AND ta.child_id = e.child_id
           WHERE e.kind = 'moved'
             AND NOT EXISTS (SELECT 1 FROM child_period_state x WHERE x.county_code = $1 AND x.period = $2 AND x.child_id = e.child_id)
             AND EXISTS (SELECT 1 FROM child_period_state x WHERE x.county_code = $1 AND x.period = $2 AND x.child_id = e.previous_child_id)
           ORDER BY e.child_id, e.previous_child_id),
         pair AS (
           SELECT coalesce(t.child_id, f.child_id) AS child_id, f.child_id AS f_id, t.child_id AS t_id,
             coalesce(f.present, false) AS f_present, coalesce(t.present, false) AS t_present,
             f.flag_names AS f_flags, t.flag_names AS t_flags, f.category AS f_category, t.category AS t_category,
             f.area_code AS f_area, t.area_code AS t_area, coalesce(t.area_code, f.area_code) AS area_code, coalesce(t.leaving, f.leaving) AS leaving
           FROM (SELECT child_id, present, flag_names, category, area_code, leaving FROM child_period_state WHERE county_code = $1 AND period = $2) f
           FULL JOIN (SELECT child_id, present, flag_names, category, area_code, leaving FROM child_period_state WHERE county_code = $1 AND period = $3) t
             ON t.child_id = f.child_id
           -- Most children do not change: only those that differ in something compared go on.
           WHERE (f.present IS DISTINCT FROM t.present OR f.flag_names IS DISTINCT FROM t.flag_names OR f.category IS DISTINCT FROM t.category
                  OR f.area_code IS DISTINCT FROM t.area_code)
             AND coalesce(t.area_code, f.area_code) >= $6 AND coalesce(t.area_code, f.area_code) < $6 || ':'),
         change AS (
           SELECT child_id, 'APPEARED' AS kind, NULL AS flag, NULL AS before, NULL AS after, '{}'::text[] AS reasons, area_code FROM pair
             WHERE t_present AND NOT f_present AND child_id NOT IN (SELECT child_id FROM split)
           UNION ALL
           SELECT child_id, 'DISAPPEARED', NULL, NULL, NULL, leaving, area_code FROM pair
             WHERE f_present AND NOT t_present AND (t_id IS NOT NULL OR f_id NOT IN (SELECT before_id FROM merged))
           UNION ALL
           SELECT child_id, 'FLAG_RAISED', flag, NULL, NULL, '{}', area_code FROM pair, unnest(t_flags) AS flag WHERE f_present AND t_present AND NOT flag = ANY(f_flags)
           UNION ALL
           SELECT child_id, 'FLAG_CLEARED', flag, NULL, NULL, '{}', area_code FROM pair, unnest(f_flags) AS flag WHERE f_present AND t_present AND NOT flag = ANY(t_flags)
           UNION ALL
           SELECT child_id, 'CATEGORY_CHANGED', NULL, f_category, t_category, '{}', area_code FROM pair WHERE f_present AND t_present AND f_category IS DISTINCT FROM t_category
           UNION ALL
           SELECT child_id, 'MOVED', NULL, f_area, t_area, '{}', area_code FROM pair WHERE f_present AND t_present AND f_area IS DISTINCT FROM t_area
           UNION ALL
           SELECT child_id, 'MERGED', NULL, before_id, child_id, '{}', area_code FROM merged
           UNION ALL
           SELECT child_id, 'SPLIT', NULL, before_id, child_id, '{}', area_code FROM split),
         seen AS MATERIALIZED (
           SELECT * FROM change
           WHERE area_code >= $6 AND area_code < $6 || ':' AND kind = ANY($7::text[]) AND (flag IS NULL OR flag = ANY($8::text[]))),
         page AS (
           SELECT * FROM seen WHERE (child_id COLLATE "C", kind COLLATE "C", coalesce(flag, '') COLLATE "C") > ($9, $10, $11)
           ORDER BY child_id COLLATE "C", kind COLLATE "C", coalesce(flag, '') COLLATE "C" LIMIT $12)
         SELECT 'total' AS part, kind, count(*)::int AS n, NULL AS child_id, NULL AS flag, NULL AS before, NULL AS after, NULL::text[] AS reasons FROM seen GROUP BY kind
         UNION ALL
         SELECT 'row', kind, NULL, child_id, flag, before, after, reasons FROM page`,
        [county, from, to, runs.fromLastRun, runs.toLastRun, prefix, kinds, access.flags, cursor?.[0] ?? '', cursor?.[1] ?? '', cursor?.[2] ?? '', first + 1],
      );
      const totals = new Map<string, number>(rows.filter((r) => r.part === 'total').map((r) => [r.kind, r.n]));
      const pageRows = rows
        .filter((r) => r.part === 'row')
        .sort((a, b) => compareKeys([a.child_id, a.kind, a.flag ?? ''], [b.child_id, b.kind, b.flag ?? '']))
        .slice(0, first);
      const files = await readFiles(client, viewer, pageRows.map((r) => r.child_id));
      await client.query('COMMIT');
      const edges = pageRows.map((r) => ({
        cursor: encodeCursor('change', `${r.child_id}|${r.kind}|${r.flag ?? ''}`),
        node: toChange(r, access, files.get(r.child_id) ?? null, viewer),
      }));
      const hasNextPage = rows.filter((r) => r.part === 'row').length > first;
      const counted = kinds.map((kind) => ({ kind, count: totals.get(kind) ?? 0 }));
      return {
        totalCount: counted.reduce((sum, t) => sum + t.count, 0),
        totals: counted,
        edges,
        pageInfo: { hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null },
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** The counties whose states of both periods are kept (`hub changes` without --area needs exactly one). */
export async function countiesKeeping(pool: Pool, from: string, to: string): Promise<string[]> {
  const { rows } = await pool.query(
    `/* countiesKeepingPeriods */ SELECT county_code FROM period_snapshot WHERE period = ANY($1::text[]) GROUP BY county_code HAVING count(*) = 2 ORDER BY county_code`,
    [[from, to]],
  );
  return rows.map((r) => r.county_code as string);
}

/** The kinds a role may see: the category's only with the section of the field it comes from. */
export function visibleKinds(access: RoleAccess): ChangeKindName[] {
  return CHANGE_KINDS.filter((k) => k !== 'CATEGORY_CHANGED' || access.sections.includes(FIELD_SECTION.category));
}

/** A leaving reason (`field:value`) as the role may see it: only with the field's section (fail closed on a field no section claims). */
export function visibleReason(reason: string, access: RoleAccess): string | null {
  const [field, value] = reason.split(':');
  const section = FIELD_SECTION[field];
  if (section === undefined ? !seesWholeFile(access) : !access.sections.includes(section)) return null;
  return value === 'AGED_18' ? 'aged 18' : value;
}

function toChange(r: { child_id: string; kind: ChangeKindName; flag: string | null; before: string | null; after: string | null; reasons: string[] }, access: RoleAccess, file: ChildRow | null, viewer: Viewer): ChangeRow {
  const reasons = r.reasons.flatMap((reason) => {
    const shown = visibleReason(reason, access);
    return shown === null ? [] : [shown];
  });
  return {
    childId: r.child_id,
    kind: r.kind,
    flag: r.flag,
    before: r.before,
    after: r.kind === 'DISAPPEARED' ? (reasons.length > 0 ? reasons.join(', ') : null) : r.after,
    reasons,
    child: file === null ? null : childView(file, viewer),
  };
}

/** The runs that wrote the two periods of the county; refused when either was never kept. */
async function snapshotRuns(client: PoolClient, county: string, from: string, to: string): Promise<{ fromLastRun: number; toLastRun: number }> {
  const { rows } = await client.query(
    `/* periodSnapshotRuns */ SELECT period, last_run_id AS "lastRunId" FROM period_snapshot WHERE county_code = $1 AND period = ANY($2::text[])`,
    [county, [from, to]],
  );
  const last = new Map(rows.map((r) => [r.period as string, r.lastRunId as number]));
  for (const period of [from, to]) {
    if (!last.has(period)) throw new BadRequestError(`no state is kept for county ${county} in ${period}: only periods imported and reconciled are`);
  }
  return { fromLastRun: last.get(from)!, toLastRun: last.get(to)! };
}

/**
 * The page's children as they are now (an absorbed id resolves to its survivor), inside the
 * viewer's area, audited in the read's transaction like a page of `children`.
 */
async function readFiles(client: PoolClient, viewer: Viewer, ids: string[]): Promise<Map<string, ChildRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<ChildRow & { asked: string }>(
    `/* changedChildrenFiles */
     SELECT w.asked, ${CHILD_VIEW_COLUMNS}
     FROM unnest($1::text[]) AS w(asked)
     JOIN child c ON c.id = coalesce((SELECT child_id FROM child_alias WHERE alias = w.asked), w.asked) AND c.area_code >= $2 AND c.area_code < $2 || ':'`,
    [[...new Set(ids)], viewer.area],
  );
  await auditReads(client, viewer, 'changes', [...new Set(rows.map((r) => r.id))]);
  return new Map(rows.map((r) => [r.asked, r]));
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
