// The lists police and education act on, measured against the generator's truth: the flags the
// hub would compute on the engine's clusters (golden record + flag facts, as a full run writes
// them) beside the same rules applied to each true person. A list entry is a child (a cluster):
// an entry is right when its person truly belongs on the list and no earlier entry named that
// person already, so a phantom or a split child on a list counts against it.
import path from 'node:path';
import { goldenRecord, HUB_SURVIVORSHIP, type GoldenInputRecord, type GoldenRecord } from '../reconciliation/golden';
import type { FieldValue, MatchRecord } from '../reconciliation/settings';
import { readCsv, readLines } from '../src/modules/ingest/csv-lines';
import { cleanRecordKey } from '../src/modules/ingest/source-rows';
import { periodEndDate } from '../src/modules/ingest/periods';
import { childFlags, policeRecordNotFound, type FlagFacts, type FlagFinding } from '../src/modules/identity/flags';

const SEARCHED = ['civil-affairs', 'education', 'police'];

/** What the truth says of one child: what the rules read. */
interface TruePerson {
  birthDate: string;
  idNumber: string | null;
  enrolmentStatus: string | null;
}

export interface ListQuality {
  /** Children on the list. */
  listed: number;
  /** Entries whose person belongs on the list (each person once). */
  correct: number;
  /** Entries whose person does not belong on it. */
  wrong: number;
  /** Further entries for a person already on the list: split children and phantoms. */
  duplicates: number;
  /** People who belong on the list (among those the exports name). */
  truth: number;
  precision: number;
  recall: number;
}

export interface ListsQuality {
  unregistered: ListQuality;
  /** With `trace`: each UNREGISTERED entry that is wrong or a duplicate, with its records and why. */
  unregisteredMisses?: ListMiss[];
  /** The list as it was before it meant unregistered: every child without a linked police record. */
  withoutPoliceRecord: ListQuality;
  dropout: ListQuality & { confirmed: number; toVerify: number };
  /** Children with a valid ID number and no police record: the dashboard's finding, not a list. */
  noPoliceRecordFound: number;
}

/**
 * `records[i]` with `normalised[i]` (what the import keeps), the clusters, the review pairs, the
 * truth per record and the county's truth-people.csv; flags as of the end of `period`.
 */
export async function listsQuality(input: {
  dir: string;
  records: readonly MatchRecord[];
  normalised: readonly Readonly<Record<string, FieldValue>>[];
  clusterOf: Int32Array;
  reviews: readonly { a: number; b: number }[];
  truth: ReadonlyMap<string, string>;
  period: string;
  /** Explain each wrong UNREGISTERED entry (bench/match-quality.ts --verbose). */
  trace?: boolean;
}): Promise<ListsQuality> {
  const { records, normalised, clusterOf, reviews, truth, period } = input;
  const day = periodEndDate(period);
  const people = await readTruthPeople(path.join(input.dir, 'truth-people.csv'));

  const members = new Map<number, number[]>();
  records.forEach((_, i) => (members.get(clusterOf[i]) ?? members.set(clusterOf[i], []).get(clusterOf[i])!).push(i));
  // A police record waiting in review beside a record of another department keeps that child off
  // the UNREGISTERED list, as in a run (every pair of a full run is open).
  const policeInReview = new Map<number, string[]>();
  for (const { a, b } of reviews) {
    for (const [self, other] of [[a, b], [b, a]]) {
      if (records[other].source !== 'police' || records[self].source === 'police') continue;
      const cluster = clusterOf[self];
      (policeInReview.get(cluster) ?? policeInReview.set(cluster, []).get(cluster)!).push(records[other].id);
    }
  }

  // The hub's lists: each cluster's flags, and the person most of its records are about.
  const listed: Record<'UNREGISTERED' | 'DROPOUT', { person: string | undefined; strength?: string; cluster: number }[]> = { UNREGISTERED: [], DROPOUT: [] };
  const withoutPoliceRecord: { person: string | undefined }[] = [];
  let noPoliceRecordFound = 0;
  for (const [cluster, indices] of members) {
    const inputs: GoldenInputRecord[] = indices.map((i) => ({ id: records[i].id, source: records[i].source, period, fields: normalised[i] }));
    const golden = goldenRecord(inputs, HUB_SURVIVORSHIP);
    const facts: FlagFacts = {
      records: inputs.map((r) => ({ recordId: r.id, source: r.source, idNumber: textOrNull(r.fields.idNumber), idStatus: idStatusOf(r.fields.idStatus) })),
      policeInReview: policeInReview.get(cluster) ?? [],
      searched: SEARCHED,
    };
    const person = majority(indices.map((i) => truth.get(records[i].id)));
    for (const f of childFlags(golden, day, facts)) if (f.flag === 'UNREGISTERED' || f.flag === 'DROPOUT') listed[f.flag].push({ person, strength: f.strength, cluster });
    if (policeRecordNotFound(golden, facts, textOrNull(golden.values.birthDate?.value))) noPoliceRecordFound++;
    if (!golden.sources.includes('police')) withoutPoliceRecord.push({ person });
  }

  // The truth's lists: the same rules on each person the exports name, with the departments
  // whose (readable) rows name it.
  const sourcesOf = new Map<string, Set<string>>();
  records.forEach((r) => {
    const person = truth.get(r.id);
    if (person !== undefined) (sourcesOf.get(person) ?? sourcesOf.set(person, new Set()).get(person)!).add(r.source);
  });
  const truly: Record<'UNREGISTERED' | 'DROPOUT', Set<string>> = { UNREGISTERED: new Set(), DROPOUT: new Set() };
  for (const [personId, sources] of sourcesOf) {
    const person = people.get(personId);
    if (person === undefined) continue;
    for (const f of trueFlags(person, [...sources].sort(), day)) if (f.flag === 'UNREGISTERED' || f.flag === 'DROPOUT') truly[f.flag].add(personId);
  }

  const dropout = listQuality(listed.DROPOUT, truly.DROPOUT);
  const misses = input.trace === true ? await traceMisses({ ...input, members, people, sourcesOf, entries: listed.UNREGISTERED, truly: truly.UNREGISTERED }) : undefined;
  return {
    unregistered: listQuality(listed.UNREGISTERED, truly.UNREGISTERED),
    ...(misses === undefined ? {} : { unregisteredMisses: misses }),
    withoutPoliceRecord: listQuality(withoutPoliceRecord, truly.UNREGISTERED),
    dropout: {
      ...dropout,
      confirmed: listed.DROPOUT.filter((e) => e.strength === 'CONFIRMED').length,
      toVerify: listed.DROPOUT.filter((e) => e.strength === 'TO_VERIFY').length,
    },
    noPoliceRecordFound,
  };
}

function listQuality(entries: readonly { person: string | undefined }[], truly: ReadonlySet<string>): ListQuality {
  const named = new Set<string>();
  let correct = 0;
  let wrong = 0;
  let duplicates = 0;
  for (const { person } of entries) {
    if (person === undefined || !truly.has(person)) wrong++;
    else if (named.has(person)) duplicates++;
    else {
      named.add(person);
      correct++;
    }
  }
  return {
    listed: entries.length,
    correct,
    wrong,
    duplicates,
    truth: truly.size,
    precision: entries.length === 0 ? 1 : correct / entries.length,
    recall: truly.size === 0 ? 1 : correct / truly.size,
  };
}

/** A wrong list entry, for reading by eye: the cluster's records, the person's other clusters, and a guess at why. */
export interface ListMiss {
  why: string;
  person: string | undefined;
  truePerson: (TruePerson & { policeStatus: string; sources: string[] }) | null;
  records: TracedRecord[];
  /** The person's records in other clusters (a split child), by cluster. */
  elsewhere: TracedRecord[][];
}

interface TracedRecord {
  id: string;
  person: string | undefined;
  name: unknown;
  birthDate: unknown;
  sex: unknown;
  idNumber: unknown;
  idStatus: unknown;
  /** The generator's noise on this row (truth-noise.csv: field and kind). */
  noise: string[];
}

async function traceMisses(input: {
  dir: string;
  records: readonly MatchRecord[];
  normalised: readonly Readonly<Record<string, FieldValue>>[];
  clusterOf: Int32Array;
  truth: ReadonlyMap<string, string>;
  members: ReadonlyMap<number, number[]>;
  people: ReadonlyMap<string, TruePerson & { policeStatus?: string }>;
  sourcesOf: ReadonlyMap<string, Set<string>>;
  entries: readonly { person: string | undefined; cluster: number }[];
  truly: ReadonlySet<string>;
}): Promise<ListMiss[]> {
  const { records, normalised, clusterOf, truth, members, people, sourcesOf } = input;
  const noise = await readNoise(path.join(input.dir, 'truth-noise.csv'));
  const traced = (i: number): TracedRecord => ({
    id: records[i].id,
    person: truth.get(records[i].id),
    name: normalised[i].name,
    birthDate: normalised[i].birthDate,
    sex: normalised[i].sex,
    idNumber: normalised[i].idNumber,
    idStatus: normalised[i].idStatus,
    noise: noise.get(records[i].id) ?? [],
  });
  const clustersOf = new Map<string, Set<number>>();
  records.forEach((r, i) => {
    const person = truth.get(r.id);
    if (person !== undefined) (clustersOf.get(person) ?? clustersOf.set(person, new Set()).get(person)!).add(clusterOf[i]);
  });
  const named = new Set<string>();
  const misses: ListMiss[] = [];
  for (const { person, cluster } of input.entries) {
    const indices = members.get(cluster)!;
    const right = person !== undefined && input.truly.has(person) && !named.has(person);
    if (right) {
      named.add(person);
      continue;
    }
    const truePerson = person === undefined ? undefined : people.get(person);
    const sources = person === undefined ? [] : [...(sourcesOf.get(person) ?? [])].sort();
    const elsewhere = person === undefined ? [] : [...clustersOf.get(person)!].filter((c) => c !== cluster).map((c) => members.get(c)!.map(traced));
    const own = indices.map(traced);
    let why: string;
    if (person === undefined) why = 'no record of this child is in the truth';
    else if (input.truly.has(person)) why = 'split: the person is listed by another cluster too';
    else if (elsewhere.some((rs) => rs.some((r) => r.id.startsWith('police:')))) why = 'split from its police record';
    else if (elsewhere.some((rs) => rs.some((r) => r.idStatus === 'valid'))) why = 'split from the record that gives its valid ID number';
    else if (own.some((r) => r.person !== person)) why = 'merged with another person';
    else if (truePerson?.idNumber != null && !sources.includes('police')) why = 'registered (a true ID number), not in the police export, and no record gives its number validly';
    else if (sources.includes('police')) why = 'its police record is in the truth but not in this cluster';
    else why = 'other';
    misses.push({ why, person, truePerson: truePerson === undefined ? null : { ...truePerson, policeStatus: truePerson.policeStatus ?? '', sources }, records: own, elsewhere });
  }
  return misses;
}

async function readNoise(file: string): Promise<Map<string, string[]>> {
  const byRecord = new Map<string, string[]>();
  let header: string[] | null = null;
  for await (const item of readCsv(readLines(file))) {
    if (item.kind !== 'record') continue;
    if (header === null) {
      header = item.cells;
      continue;
    }
    const [source, , key, field, kind] = item.cells;
    const id = `${source}:${cleanRecordKey(key ?? '')}`;
    (byRecord.get(id) ?? byRecord.set(id, []).get(id)!).push(field ? `${field}: ${kind}` : kind);
  }
  return byRecord;
}

/** The flag rules on a person's true facts: one record per department that exported it. */
function trueFlags(person: TruePerson, sources: string[], day: string): FlagFinding[] {
  const fact = (value: string | null) => (value === null ? null : { value, source: 'truth', recordId: 'truth' });
  const golden: GoldenRecord = {
    values: { birthDate: fact(person.birthDate), enrolmentStatus: sources.includes('education') ? fact(person.enrolmentStatus) : null },
    verification: 'VERIFIED',
    conflicts: [],
    sources,
  };
  const facts: FlagFacts = {
    records: [{ recordId: 'truth', source: sources[0], idNumber: person.idNumber, idStatus: person.idNumber === null ? 'missing' : 'valid' }],
    policeInReview: [],
    searched: SEARCHED,
  };
  return childFlags(golden, day, facts);
}

function majority(people: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of people) if (p !== undefined) counts.set(p, (counts.get(p) ?? 0) + 1);
  let best: string | undefined;
  for (const [p, n] of counts) if (best === undefined || n > counts.get(best)!) best = p;
  return best;
}

async function readTruthPeople(file: string): Promise<Map<string, TruePerson & { policeStatus: string }>> {
  const people = new Map<string, TruePerson & { policeStatus: string }>();
  let header: string[] | null = null;
  for await (const item of readCsv(readLines(file))) {
    if (item.kind !== 'record') continue;
    if (header === null) {
      header = item.cells;
      continue;
    }
    const cell = (name: string) => item.cells[header!.indexOf(name)] ?? '';
    people.set(cell('person_id'), { birthDate: cell('birth_date'), idNumber: cell('id_number') || null, enrolmentStatus: cell('enrolment_status') || null, policeStatus: cell('police_status') });
  }
  return people;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function idStatusOf(value: unknown): 'valid' | 'invalid' | 'missing' {
  return value === 'valid' || value === 'invalid' ? value : 'missing';
}
