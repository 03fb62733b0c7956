// Pairs → clusters (one cluster = one child). Links are applied strongest first, and a link that
// would break a constraint is refused rather than letting one weak pair chain two people together:
//  - a reviewer's NO_MATCH keeps two records apart for good, whatever links them indirectly;
//  - a cluster never holds two records of an exclusive source whose key differs (two different
//    registered ID numbers from police are two people; docs/DOMAIN.md: police issue the IDs);
//  - a reviewer's MATCH joins two records before any scored link is considered.
import { ExclusiveConstraint, MatchRecord } from '../settings';

export interface WeightedPair {
  a: number;
  b: number;
  weight: number;
}

export type RefusalReason = 'no-match-decision' | 'exclusive';

export interface ClusteringInput {
  records: readonly MatchRecord[];
  /** Scored pairs allowed to link (weight at or above the link threshold, no guard against them). */
  links: readonly WeightedPair[];
  mustLink?: readonly [number, number][];
  cannotLink?: readonly [number, number][];
  exclusive?: readonly ExclusiveConstraint[];
}

export interface ClusteringResult {
  /** For each record, its cluster's smallest record index (a deterministic cluster name). */
  clusterOf: Int32Array;
  /** The links that joined two clusters, in the order applied (the evidence each child rests on). */
  joined: WeightedPair[];
  refused: { pair: WeightedPair; reason: RefusalReason }[];
}

export function clusterRecords(input: ClusteringInput): ClusteringResult {
  const n = input.records.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };

  const exclusive = input.exclusive ?? [];
  // Per cluster root: the exclusive key value each constraint holds (undefined: none yet).
  const held: (string | undefined)[][] = exclusive.map((rule) =>
    input.records.map((r) => {
      const v = r.fields[rule.field];
      return r.source === rule.source && typeof v === 'string' && v !== '' ? v : undefined;
    }),
  );
  // Per cluster root: the records it must never join.
  const forbidden = new Map<number, number[]>();
  for (const [a, b] of input.cannotLink ?? []) {
    (forbidden.get(a) ?? forbidden.set(a, []).get(a)!).push(b);
    (forbidden.get(b) ?? forbidden.set(b, []).get(b)!).push(a);
  }

  const union = (ra: number, rb: number): void => {
    // The smaller index becomes the root, so the cluster's name is its smallest record.
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    for (const values of held) if (values[root] === undefined) values[root] = values[child];
    const moved = forbidden.get(child);
    if (moved !== undefined) {
      const into = forbidden.get(root);
      if (into === undefined) forbidden.set(root, moved);
      else into.push(...moved);
      forbidden.delete(child);
    }
  };

  const refusal = (ra: number, rb: number): RefusalReason | null => {
    const fa = forbidden.get(ra);
    if (fa !== undefined && fa.some((x) => find(x) === rb)) return 'no-match-decision';
    for (const values of held) {
      const va = values[ra];
      const vb = values[rb];
      if (va !== undefined && vb !== undefined && va !== vb) return 'exclusive';
    }
    return null;
  };

  const joined: WeightedPair[] = [];
  const refused: ClusteringResult['refused'] = [];
  for (const [a, b] of input.mustLink ?? []) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    // A reviewer's MATCH overrides the exclusive rule (they have seen both files), not a NO_MATCH.
    const fa = forbidden.get(ra);
    if (fa !== undefined && fa.some((x) => find(x) === rb)) {
      refused.push({ pair: { a, b, weight: Infinity }, reason: 'no-match-decision' });
      continue;
    }
    union(ra, rb);
    joined.push({ a, b, weight: Infinity });
  }

  const ordered = [...input.links].sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);
  for (const pair of ordered) {
    const ra = find(pair.a);
    const rb = find(pair.b);
    if (ra === rb) continue;
    const reason = refusal(ra, rb);
    if (reason !== null) {
      refused.push({ pair, reason });
      continue;
    }
    union(ra, rb);
    joined.push(pair);
  }

  const clusterOf = new Int32Array(n);
  for (let i = 0; i < n; i++) clusterOf[i] = find(i);
  return { clusterOf, joined, refused };
}

/**
 * Clusters holding two or more records of `source` (for police: one child registered twice, 一人多户,
 * or a corrupted copy of the child's row), with those records' indexes in record order. The
 * exclusive rule lets these form only when at most one of the numbers is valid (or a reviewer
 * said MATCH); police are shown them to clean up, not hidden.
 */
export function clustersWithSeveral(records: readonly MatchRecord[], clusterOf: Int32Array, source: string): { cluster: number; records: number[] }[] {
  const bySource = new Map<number, number[]>();
  records.forEach((r, i) => {
    if (r.source !== source) return;
    const members = bySource.get(clusterOf[i]);
    if (members === undefined) bySource.set(clusterOf[i], [i]);
    else members.push(i);
  });
  return [...bySource].filter(([, members]) => members.length > 1).map(([cluster, members]) => ({ cluster, records: members })).sort((x, y) => x.cluster - y.cluster);
}
