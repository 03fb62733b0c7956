import { hash } from 'node:crypto';
import { NATIONAL_SCOPE } from '../ingest/record-identity';

/**
 * Stable child ids across runs:
 *  - a child keeps its id when records join it;
 *  - when clusters merge, the id holding the most of the merged records survives and the others
 *    become aliases of it (still resolvable);
 *  - when a cluster splits, the part with the most of its records keeps the id, the rest get new ids;
 *  - a new id is derived from the cluster's anchor (its smallest record anchor, see recordAnchor),
 *    so two full runs on the same data in two databases give the same ids.
 */
export interface ClusterToName {
  /** source_record ids. */
  records: number[];
  /** The smallest record anchor in the cluster. */
  anchor: string;
}

/**
 * A record's name among all records (record-identity.ts): "source:record_key" for a key unique
 * nationally, as anchors have always been named, so children anchored on an ID number keep
 * their ids; "source:record_key county" for a county-numbered key, so that two counties' record
 * MZ-2021Q3-000328 are two anchors. The space sorts before any key character (keys hold no
 * spaces): one county's anchors keep the order their keys had.
 */
export function recordAnchor(source: string, keyScope: string, recordKey: string): string {
  return keyScope === NATIONAL_SCOPE ? `${source}:${recordKey}` : `${source}:${recordKey} ${keyScope}`;
}

export interface NamedCluster {
  childId: string;
  records: number[];
  isNew: boolean;
}

export interface IdAssignment {
  clusters: NamedCluster[];
  /** Ids absorbed by a merge, and the id they now resolve to. */
  merged: { absorbed: string; into: string }[];
}

export function newChildId(anchor: string, attempt = 0): string {
  const text = attempt === 0 ? anchor : `${anchor}#${attempt}`;
  return 'C' + hash('sha256', text, 'hex').slice(0, 16).toUpperCase();
}

/**
 * @param previous source_record id → the child id it had before this run (absent: a new record)
 * @param isTaken whether an id is already used by a child or an alias outside these clusters
 */
export function assignChildIds(clusters: readonly ClusterToName[], previous: ReadonlyMap<number, string>, isTaken: (id: string) => boolean): IdAssignment {
  const ordered = [...clusters].sort((a, b) => (a.anchor < b.anchor ? -1 : a.anchor > b.anchor ? 1 : 0));
  // How many of each previous id's records each cluster holds.
  const holdings = ordered.map((cluster) => {
    const count = new Map<string, number>();
    for (const r of cluster.records) {
      const id = previous.get(r);
      if (id !== undefined) count.set(id, (count.get(id) ?? 0) + 1);
    }
    return count;
  });
  // Each previous id goes to the cluster holding most of its records (ties: the earlier anchor).
  const winner = new Map<string, { cluster: number; count: number }>();
  holdings.forEach((count, cluster) => {
    for (const [id, n] of count) {
      const best = winner.get(id);
      if (best === undefined || n > best.count) winner.set(id, { cluster, count: n });
    }
  });
  const claims = ordered.map(() => [] as { id: string; count: number }[]);
  for (const [id, { cluster, count }] of winner) claims[cluster].push({ id, count });

  const used = new Set<string>();
  const merged: IdAssignment['merged'] = [];
  const named = ordered.map((cluster, i): NamedCluster => {
    const claimed = claims[i].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
    if (claimed.length > 0) {
      const [keep, ...absorbed] = claimed;
      for (const a of absorbed) merged.push({ absorbed: a.id, into: keep.id });
      used.add(keep.id);
      return { childId: keep.id, records: cluster.records, isNew: false };
    }
    return { childId: '', records: cluster.records, isNew: true };
  });
  // New ids last, so they can avoid every id kept above.
  named.forEach((cluster, i) => {
    if (!cluster.isNew) return;
    let attempt = 0;
    let id = newChildId(ordered[i].anchor);
    while (used.has(id) || isTaken(id) || winner.has(id)) id = newChildId(ordered[i].anchor, ++attempt);
    used.add(id);
    cluster.childId = id;
  });
  return { clusters: named, merged };
}
