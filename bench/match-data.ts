// Reads a generated county (hub generate) straight into match records, the way an import would
// read and normalise it, without a database: what the engine's quality and speed are measured on.
import fs from 'node:fs';
import path from 'node:path';
import { hubMatchRecord } from '../reconciliation/hub';
import { normaliseRecord, type SourceName } from '../reconciliation/normalise';
import type { FieldValue, MatchRecord } from '../reconciliation/settings';
import { ChinaDivisionRegistry } from '../src/areas/china-division-registry';
import { readCsv, readLines } from '../src/modules/ingest/csv-lines';
import { cleanRecordKey, isRejection, mapHeader, toSourceRow } from '../src/modules/ingest/source-rows';

const SOURCES: SourceName[] = ['civil-affairs', 'education', 'police'];

export interface County {
  records: MatchRecord[];
  /** `records[i]`'s normalised fields, as the import keeps them (golden records and flags read them). */
  normalised: Record<string, FieldValue>[];
  /** Record id ("source:record_key") → the generator's person id. */
  truth: Map<string, string>;
}

export async function readCounty(dir: string, today = '2024-12-31'): Promise<County> {
  const registry = ChinaDivisionRegistry.load();
  const records: MatchRecord[] = [];
  const normalised: Record<string, FieldValue>[] = [];
  // Which of the rows typed with its key each record is (0 = the first), rejected rows counted:
  // truth.csv lists a key once per row, in file order.
  const occurrence = new Map<string, number>();
  for (const source of SOURCES) {
    const file = path.join(dir, `${source}.csv`);
    const seen = new Set<string>();
    const rowsWithKey = new Map<string, number>();
    let header: ReturnType<typeof mapHeader> | null = null;
    for await (const item of readCsv(readLines(file))) {
      if (item.kind !== 'record') continue;
      if (header === null) {
        header = mapHeader(source, item.cells);
        continue;
      }
      const typedKey = cleanRecordKey(item.cells[0] ?? '');
      const nth = rowsWithKey.get(typedKey) ?? 0;
      rowsWithKey.set(typedKey, nth + 1);
      const row = toSourceRow(header, item.line, item.cells, item.text);
      if (isRejection(row) || seen.has(row.recordKey)) continue; // the import rejects these too
      seen.add(row.recordKey);
      occurrence.set(`${source}:${row.recordKey}`, nth);
      const area = (row.values.area_code ?? '').replace(/\D/g, '');
      if (area.length >= 6) await registry.prepare([area.slice(0, 6)]);
      const { fields } = normaliseRecord(source, row.values, registry, { today, countyCode: area.slice(0, 6) || undefined });
      records.push(hubMatchRecord(`${source}:${row.recordKey}`, source, fields));
      normalised.push(fields);
    }
  }
  const listed = new Map<string, string[]>();
  const lines = fs.readFileSync(path.join(dir, 'truth.csv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const [source, key, person] = line.trim().split(',');
    if (!person) continue;
    // The truth names keys as written (spaces, a lower-case x); records are keyed as the import
    // cleans them. A key typed twice in one file (a sibling's ID in the student number) is kept
    // from its first readable line by the import.
    const id = `${source}:${cleanRecordKey(key)}`;
    (listed.get(id) ?? listed.set(id, []).get(id)!).push(person);
  }
  const truth = new Map<string, string>();
  for (const [id, people] of listed) truth.set(id, people[occurrence.get(id) ?? 0] ?? people[0]);
  return { records, normalised, truth };
}

export interface PairwiseQuality {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
  /** Clusters holding records of two or more people. */
  falseMergeClusters: number;
  /** People whose records ended in two or more clusters. */
  splitPeople: number;
}

/** Pairwise precision/recall of clusters against the truth (records without truth are left out). */
export function pairwiseQuality(records: readonly MatchRecord[], clusterOf: Int32Array, truth: Map<string, string>): PairwiseQuality {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const byCluster = new Map<number, Map<string, number>>();
  const byPerson = new Map<string, Set<number>>();
  const personSize = new Map<string, number>();
  records.forEach((r, i) => {
    const person = truth.get(r.id);
    if (person === undefined) return;
    const cluster = clusterOf[i];
    const cell = byCluster.get(cluster) ?? byCluster.set(cluster, new Map()).get(cluster)!;
    cell.set(person, (cell.get(person) ?? 0) + 1);
    (byPerson.get(person) ?? byPerson.set(person, new Set()).get(person)!).add(cluster);
    personSize.set(person, (personSize.get(person) ?? 0) + 1);
  });
  let predictedPairs = 0;
  let correctPairs = 0;
  let falseMergeClusters = 0;
  for (const cell of byCluster.values()) {
    let size = 0;
    for (const n of cell.values()) {
      size += n;
      correctPairs += pairs(n);
    }
    predictedPairs += pairs(size);
    if (cell.size > 1) falseMergeClusters++;
  }
  let truePairs = 0;
  for (const n of personSize.values()) truePairs += pairs(n);
  let splitPeople = 0;
  for (const clusters of byPerson.values()) if (clusters.size > 1) splitPeople++;
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1, falseMergeClusters, splitPeople };
}
