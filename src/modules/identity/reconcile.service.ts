import { goldenRecord, HUB_SURVIVORSHIP, type GoldenInputRecord, type GoldenRecord } from '../../../reconciliation/golden';
import { HUB_SETTINGS_FILE, HubMatchRecords, loadSettingsFile } from '../../../reconciliation/hub';
import { compileComparisons, explainPair, runLinkage, scorePairsTouching, type LinkageResult } from '../../../reconciliation/linkage';
import { levelWeightTable, type LevelWeightRow } from '../../../reconciliation/scoring/model';
import { TermFrequencies } from '../../../reconciliation/scoring/term-frequency';
import { parseSettings, settingsShape, type LinkSettings, type MatchRecord } from '../../../reconciliation/settings';
import { assignChildIds, newChildId, recordAnchor, type ClusterToName } from './child-ids';
import { flagDays, flagsCounty } from './child-flags-date';
import { childFlags, type FlagFacts, type FlagFinding, type FlagRecord } from './flags';
import type { RunLock } from '../../db/run-lock';
import { IdentityStore, toMatchText, type ChildRow, type NormalisedRecord, type LinkEventRow, type PreviousLink, type RecordLinkRow, type ReviewRow, type RunOutcome, type StoredRecord } from './identity.store';
import { recordQuality } from './record-quality';
import { heldBy, type PairComparison } from './review-reason';

/**
 * At most this share of the records with new versions, an incremental run writes a new period's
 * states early (see run): beyond it, most children are written again anyway.
 */
const EARLY_PERIOD_STATES_SHARE = 0.1;

export interface ReconcileSummary {
  runId: number | null;
  mode: 'full' | 'incremental';
  records: number;
  /** Records whose matching fields are new or changed since the last run, or decided on (all of them in a full run). */
  changed: number;
  /** Records with a new version since the last run (their children's golden records are rebuilt). */
  newVersions: number;
  /** Records re-clustered: the changed ones and the children they touch. */
  reclustered: number;
  children: number;
  newChildren: number;
  mergedChildren: number;
  linkedRecords: number;
  movedRecords: number;
  /** Review items this run opened; the queue may hold more, that it left alone (`hub review list`). */
  openReviews: number;
  /** Review items open after the run, its own and those it left alone: what waits for a reviewer. */
  reviewsWaiting: number;
  candidatePairs: number;
  seconds: number;
  /** The model the run scored with, level by level (null when nothing was scored). */
  levelWeights: LevelWeightRow[] | null;
}

/**
 * `hub reconcile`: source records → children. A full run trains the model on all records and
 * re-clusters everything; an incremental run (the default once a full run exists) takes the
 * records imported or decided on since the last run, finds the children they reach, and
 * re-clusters only those, with the last full run's model. Child ids stay stable either way
 * (child-ids.ts), and the outcome is written in one transaction.
 */
export class ReconcileService {
  private readonly settings: LinkSettings;

  constructor(
    private readonly store: IdentityStore,
    settings?: LinkSettings,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.settings = settings ?? loadSettingsFile(HUB_SETTINGS_FILE);
  }

  async reconcile(options: { full?: boolean } = {}): Promise<ReconcileSummary> {
    const summary = await this.store.exclusively((lock) => this.run(lock, options.full === true), this.log);
    return { ...summary, reviewsWaiting: await this.store.openReviewCount() };
  }

  private async run(lock: RunLock, fullRequested: boolean): Promise<Omit<ReconcileSummary, 'reviewsWaiting'>> {
    const started = performance.now();
    const log = (message: string) => this.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);
    const [last, trainedModel, watermark, decisions] = await Promise.all([
      this.store.lastRun(),
      this.store.lastFullModel(),
      this.store.versionWatermark(),
      this.store.decisions(),
    ]);
    if (!fullRequested && last !== null && !decisions.some((d) => d.decidedAt > last.finishedAt) && !(await this.store.anyRecordChanged())) {
      // Nothing imported or decided since the last run: no need to read a million records to find
      // that out (nor a model: there is nothing to score).
      return this.summary(null, 'incremental', await this.store.recordCount(), 0, 0, { clusters: [], merged: [] }, [], 0, 0, started);
    }
    const lastModel = fullRequested || last === null ? null : usableModel(trainedModel, (why) => log(`the last full run's model cannot be used (${why}): training a new one`), this.settings);
    const full = lastModel === null;
    log(`loading source records (${full ? 'full' : 'incremental'} run)`);
    const loadStarted = performance.now();
    // Linked in the order of (source, key, scope), not of database id: the same data gives the same
    // order, hence the same clusters and ids, whatever order it was imported in. A full run links
    // every record, sorted here; an incremental run only those it re-clusters, sorted once found
    // (a million records took 2 s to sort).
    const loaded = await this.store.loadRecords();
    const stored = full ? loaded.sort(compareKeys) : loaded;
    log(`  read from the database${full ? ' and sorted' : ''} in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    const matchRecords = new HubMatchRecords();
    const records = stored.map((r) => {
      const fields = r.fields!;
      r.fields = null; // the match record holds what is needed: it is made of this very object
      return matchRecords.adopt(recordAnchor(r.source, r.keyScope, r.recordKey), r.source, fields);
    });
    log(`${stored.length} records loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    const positions = new RecordPositions(stored);
    const previous: PreviousLinks = { get: (id) => positions.record(stored, id)?.previous ?? undefined };

    const decidedSince = last === null ? decisions : decisions.filter((d) => d.decidedAt > last.finishedAt);
    // A record read back from its link's match text has that link's hash; the others are hashed.
    const hashes = records.map((r, i) => stored[i].linkedMatchHash ?? matchHash(r));
    // contentChanged: a new version since the last run (its golden record must be rebuilt).
    // changed: what matching reads changed too, or a reviewer decided on it: it must be re-clustered.
    const contentChanged = new Uint8Array(stored.length);
    const changed = new Uint8Array(stored.length);
    stored.forEach((r, i) => {
      const before = r.previous ?? undefined;
      if (before === undefined || r.versionId !== before.versionId) contentChanged[i] = 1;
      if (full || before === undefined || before.matchHash !== hashes[i]) changed[i] = 1;
    });
    for (const d of decidedSince) for (const id of [d.left, d.right]) if (positions.of(id) !== undefined) changed[positions.of(id)!] = 1;
    const changedCount = changed.reduce((n, c) => n + c, 0);
    const contentChangedCount = contentChanged.reduce((n, c) => n + c, 0);

    if (!full && changedCount === 0 && contentChangedCount === 0) {
      return this.summary(null, 'incremental', stored.length, 0, 0, { clusters: [], merged: [] }, [], 0, 0, started);
    }

    log(`${changedCount} records to re-cluster, ${contentChangedCount} with new versions`);
    // The run's one transaction begins now. An incremental run that rewrites few children has the
    // database write its counties' new periods' states whole meanwhile, from the children as they
    // stand (IdentityStore.beginRun), then brings them up to date with the children it writes. One
    // that rewrites many (a whole quarter exported again) writes them once, at the end.
    const begun = await this.store.beginRun(lock, { newPeriodsEarly: !full && contentChangedCount <= stored.length * EARLY_PERIOD_STATES_SHARE });
    try {
      // "Current" is the end of the latest period imported for a child's county (ages and school
      // years are counted to it): per county, never hub-wide.
      const [latestPeriods, searchedByCounty, openBefore] = await Promise.all([this.store.latestPeriods(), this.store.importedSources(), this.store.openReviewPairs()]);
      log('  periods, sources and open review pairs read');
      const flagsAsOf = flagDays(latestPeriods);
      const settings = lastModel ?? this.settings;
      // How common each name is, over every record: an incremental run re-clusters a part of them,
      // and must weigh a name as the full run did.
      const frequencies = TermFrequencies.of(records, settings, matchRecords.valueCounts);
      log('  name frequencies counted');
      const subset = full ? stored.map((_, i) => i) : this.reach(records, stored, settings, changed, frequencies).sort((i, j) => compareKeys(stored[i], stored[j]));
      const subRecords = subset.map((i) => records[i]);
      const subIndex = new Map(subset.map((i, k) => [stored[i].id, k]));
      const mustLink: [number, number][] = [];
      const cannotLink: [number, number][] = [];
      for (const d of decisions) {
        const a = subIndex.get(d.left);
        const b = subIndex.get(d.right);
        if (a === undefined || b === undefined) continue;
        (d.decision === 'MATCH' ? mustLink : cannotLink).push([a, b]);
      }

      log(`linking ${subRecords.length} records`);
      const result = runLinkage(subRecords, settings, { skipTraining: !full, mustLink, cannotLink, frequencies });
      log(`${result.report.candidatePairs} candidate pairs, ${result.report.links} links (${JSON.stringify(result.report.timings)} ms)`);
      // Trained on nothing (no records, or no candidate pair), the model is not one incremental runs
      // could score with: the run is recorded without it, so the next run trains again.
      const unusable = (why: string) => log(`the model trained on ${subRecords.length} records cannot be used (${why}): it is not kept, the next run trains again`);
      const model = full && usableModel(result.settings, unusable) === null ? null : result.settings;
      const subStored = subset.map((i) => stored[i]);
      const clusters = clustersOf(result, subStored);
      // Only the ids a new cluster could take need checking against every child and alias in use.
      const taken = await this.store.takenAmong(clusters.flatMap((c) => [0, 1, 2].map((attempt) => newChildId(c.anchor, attempt))));
      const named = assignChildIds(clusters, previousIds(subStored, previous), (id) => {
        if (taken.has(id)) return true;
        if (!taken.checked.has(id)) throw new Error(`child id ${id} was not checked for use (a fourth hash collision on one anchor)`);
        return false;
      });

      const childOf = new Map<number, string>();
      for (const c of named.clusters) for (const r of c.records) childOf.set(r, c.childId);
      // Links and events are produced while they are written: a million of them held at once would
      // cost gigabytes (each link carries its explanation).
      const links = () => this.linkRows(result, subStored, subRecords, subset.map((i) => hashes[i]), childOf, previous);
      const events = () => changeEvents(subStored, childOf, previous, named.merged);
      const { linked, moved } = countChanges(subStored, childOf, previous);
      const removedChildren = removedIds(subStored, previous, childOf);
      // A full run rebuilds every golden record (survivorship rules may have changed with the code);
      // an incremental one only those whose records or membership changed.
      const reviews = this.reviewRows(result, subStored, subRecords, childOf, cannotLink);
      // The open pairs after this run: its own, and the open items it leaves alone (neither record
      // re-clustered). A pair to a police record keeps a child off the UNREGISTERED list.
      const scope = new Set(subStored.map((r) => r.id));
      const keptOpen = full ? [] : openBefore.filter((p) => !scope.has(p.left) && !scope.has(p.right));
      const sourceOf = (id: number) => positions.record(stored, id)?.source;
      const policeInReview = policePartners([...reviews, ...keptOpen], sourceOf);
      // Whose flags an opened, settled or dropped pair can change: the children of both its records.
      const reviewTouched = new Set([...openBefore, ...reviews].flatMap((p) => [p.left, p.right]));
      const toWrite: { childId: string; records: number[] }[] = full
        ? named.clusters
        : filterChanged(named.clusters, stored, previous, (id) => contentChanged[positions.of(id)!] === 1, (c) => c.records.some((id) => reviewTouched.has(id)));
      if (!full) {
        const outside = (id: number) => (childOf.has(id) ? undefined : previous.get(id)?.childId);
        const wanted = new Set<string>();
        stored.forEach((r, i) => contentChanged[i] === 1 && outside(r.id) !== undefined && wanted.add(outside(r.id)!));
        for (const id of reviewTouched) if (outside(id) !== undefined) wanted.add(outside(id)!);
        // One by one: spreading a whole county's children (a new quarter re-exports every record)
        // into push() overflows the call stack (200k children).
        for (const child of childrenOf(wanted, stored)) toWrite.push(child);
      }

      log(`writing links and events, ${toWrite.length} children, ${reviews.length} review items`);
      const outcome: RunOutcome = {
        mode: full ? 'full' : 'incremental',
        versionWatermark: watermark,
        model,
        report: { ...result.report, changed: changedCount, newVersions: contentChangedCount, reclustered: subset.length, flagsAsOf },
        links,
        events,
        children: this.childRows(toWrite, flagsAsOf, searchedByCounty, policeInReview),
        removedChildren,
        merged: named.merged,
        reviews,
        flagsAsOf,
        previousFlagsAsOf: last?.flagsAsOf ?? null,
        refreshFlags: full ? null : (golden, day, facts) => flagsOf(golden as unknown as GoldenRecord, day, (facts ?? null) as FlagFacts | null),
        versions: stored.flatMap((r, i) => (contentChanged[i] === 1 && !childOf.has(r.id) ? [{ sourceRecordId: r.id, versionId: r.versionId }] : [])),
        reviewScope: full ? null : subStored.map((r) => r.id),
      };
      const runId = await this.store.saveRun(lock, begun, outcome, log);
      log(`run ${runId} written`);
      return {
        ...this.summary(runId, outcome.mode, stored.length, changedCount, subset.length, named, reviews, result.report.candidatePairs, linked, started, moved),
        newVersions: contentChangedCount,
        levelWeights: levelWeightTable(result.settings),
        children: childrenTouched(named.clusters, toWrite),
      };
    } catch (error) {
      await this.store.abandonRun(lock).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The records an incremental run re-clusters: the changed ones, every record of a child they
   * belonged to, and every record of a child they now score against above the review threshold.
   */
  private reach(
    records: MatchRecord[],
    stored: StoredRecord[],
    settings: LinkSettings,
    changed: Uint8Array,
    frequencies: TermFrequencies | undefined,
  ): number[] {
    const touched = new Set<string>();
    const include = new Uint8Array(stored.length);
    // A record's previous link is on the record itself (the map holds the same links): a million
    // map lookups cost more than the rest of this pass.
    const note = (i: number) => {
      include[i] = 1;
      const child = stored[i].previous?.childId;
      if (child !== undefined) touched.add(child);
    };
    changed.forEach((c, i) => c === 1 && note(i));
    for (const pair of scorePairsTouching(records, settings, changed, frequencies)) {
      if (pair.action === 'nonLink' || pair.weight < settings.thresholds.review) continue;
      note(pair.a);
      note(pair.b);
    }
    stored.forEach((r, i) => {
      const child = r.previous?.childId;
      if (child !== undefined && touched.has(child)) include[i] = 1;
    });
    const out: number[] = [];
    include.forEach((v, i) => v === 1 && out.push(i));
    return out;
  }

  /** Each record's child and the strongest link that joined it (the evidence shown with the record). */
  private *linkRows(
    result: LinkageResult,
    stored: StoredRecord[],
    records: MatchRecord[],
    hashes: string[],
    childOf: Map<number, string>,
    previous: PreviousLinks,
  ): Generator<RecordLinkRow> {
    const comparisons = compileComparisons(result.settings);
    const best = new Map<number, { other: number; weight: number }>();
    for (const edge of result.clustering.joined) {
      for (const [self, other] of [[edge.a, edge.b], [edge.b, edge.a]]) {
        const current = best.get(self);
        if (current === undefined || edge.weight > current.weight) best.set(self, { other, weight: edge.weight });
      }
    }
    for (let i = 0; i < stored.length; i++) {
      const r = stored[i];
      const edge = best.get(i);
      const decided = edge !== undefined && edge.weight === Infinity;
      const childId = childOf.get(r.id)!;
      const linkedWith = edge === undefined ? null : stored[edge.other].id;
      const matchWeight = edge === undefined || decided ? null : round(edge.weight);
      const before = previous.get(r.id);
      const same =
        before !== undefined &&
        before.childId === childId &&
        before.linkedWith === linkedWith &&
        before.matchWeight === matchWeight &&
        before.matchHash === hashes[i] &&
        before.versionId === r.versionId;
      if (same) continue;
      yield {
        sourceRecordId: r.id,
        childId,
        linkedWith,
        matchWeight,
        explanation: edge === undefined ? null : decided ? { decision: 'MATCH' } : explainPair(result, comparisons, records[i], records[edge.other]),
        versionId: r.versionId,
        matchHash: hashes[i],
        // What hubMatchRecord read, to be read back next run (it reproduces the same match record).
        matchText: toMatchText(records[i].fields),
      };
    }
  }

  /**
   * The pairs to put before a reviewer. A NO_MATCH holds for the two children, not only for the
   * two records decided on: a pair between two clusters that a NO_MATCH keeps apart (through other
   * records of theirs) has been answered already.
   */
  private reviewRows(result: LinkageResult, stored: StoredRecord[], records: MatchRecord[], childOf: Map<number, string>, cannotLink: readonly [number, number][]): ReviewRow[] {
    const comparisons = compileComparisons(result.settings);
    const { clusterOf } = result.clustering;
    const pairKey = (a: number, b: number) => (clusterOf[a] < clusterOf[b] ? `${clusterOf[a]}:${clusterOf[b]}` : `${clusterOf[b]}:${clusterOf[a]}`);
    const keptApart = new Set(cannotLink.map(([a, b]) => pairKey(a, b)));
    return result.reviews
      .filter((review) => !keptApart.has(pairKey(review.a, review.b)))
      .map((review) => {
        const [a, b] = stored[review.a].id < stored[review.b].id ? [review.a, review.b] : [review.b, review.a];
        const explanation: PairComparison[] = explainPair(result, comparisons, records[a], records[b]);
        return {
          left: stored[a].id,
          right: stored[b].id,
          leftChildId: childOf.get(stored[a].id)!,
          rightChildId: childOf.get(stored[b].id)!,
          matchWeight: round(review.weight),
          reason: review.reason,
          heldBy: heldBy(result.settings.thresholds, review.reason, round(review.weight), result.model.reviewGuardsOf(result.compared.patterns[review.pattern].levels)),
          explanation,
          countyCode: stored[a].countyCode ?? stored[b].countyCode,
        };
      });
  }

  /**
   * Golden records for the clusters to write, a chunk at a time (normalised values are loaded per
   * chunk), each child's flags as of its county's day (child-flags-date.ts).
   */
  private async *childRows(
    clusters: { childId: string; records: number[] }[],
    days: Readonly<Record<string, string>>,
    searchedByCounty: ReadonlyMap<string, string[]>,
    policeInReview: ReadonlyMap<number, string[]>,
  ): AsyncIterable<ChildRow[]> {
    // Records are read 20,000 children at a time (the next read runs while these are built);
    // golden records are yielded 1,000 at a time, each batch written while the next is built.
    const LOAD = 20_000;
    const BUILD = 1_000;
    const load = (from: number) => {
      if (from >= clusters.length) return null;
      const reading = this.store.loadNormalised(clusters.slice(from, from + LOAD).flatMap((c) => c.records));
      reading.catch(() => undefined); // awaited below; not unhandled if the write fails first
      return reading;
    };
    let next = load(0);
    for (let i = 0; i < clusters.length; i += LOAD) {
      const normalised = (await next)!;
      next = load(i + LOAD);
      const end = Math.min(i + LOAD, clusters.length);
      for (let k = i; k < end; k += BUILD) {
        yield clusters.slice(k, Math.min(k + BUILD, end)).map((c) => this.childRow(c, normalised, days, searchedByCounty, policeInReview));
      }
    }
  }

  /** A cluster's golden record, flags and the facts behind them. */
  private childRow(
    c: { childId: string; records: number[] },
    normalised: Map<number, NormalisedRecord>,
    days: Readonly<Record<string, string>>,
    searchedByCounty: ReadonlyMap<string, string[]>,
    policeInReview: ReadonlyMap<number, string[]>,
  ): ChildRow {
    const inputs: GoldenInputRecord[] = c.records.map((id) => {
      const r = normalised.get(id)!;
      return { id: String(id), source: r.source, period: r.period, fields: r.normalised };
    });
    const golden = goldenRecord(inputs, HUB_SURVIVORSHIP);
    const area = golden.values.areaCode?.value;
    const areaCode = typeof area === 'string' ? area : null;
    const countyCode = areaCode !== null && areaCode.length >= 6 ? areaCode.slice(0, 6) : null;
    const dayCounty = flagsCounty(countyCode, c.records.map((id) => normalised.get(id)!.exportedBy), days);
    const day = dayCounty === null ? null : days[dayCounty];
    const facts: FlagFacts = {
      records: inputs.map((r): FlagRecord => ({ recordId: r.id, source: r.source, idNumber: textOrNull(r.fields.idNumber), idStatus: idStatusOf(r.fields.idStatus) })),
      policeInReview: [...new Set(c.records.flatMap((id) => policeInReview.get(id) ?? []))].sort(),
      searched: dayCounty === null ? [] : (searchedByCounty.get(dayCounty) ?? []),
    };
    return {
      id: c.childId,
      countyCode,
      areaCode,
      flagsCounty: dayCounty,
      flagsAsOf: day,
      verification: golden.verification,
      golden: golden.values,
      conflicts: golden.conflicts,
      sources: golden.sources,
      ...flagsOf(golden, day, facts),
      recordCount: c.records.length,
      recordQuality: recordQuality(inputs.map((r) => ({ source: r.source, idStatus: r.fields.idStatus })), facts, textOrNull(golden.values.birthDate?.value)),
      flagFacts: facts,
    };
  }

  private summary(
    runId: number | null,
    mode: 'full' | 'incremental',
    records: number,
    changed: number,
    reclustered: number,
    named: { clusters: { isNew: boolean }[]; merged: unknown[] },
    reviews: unknown[],
    candidatePairs: number,
    linked: number,
    started: number,
    moved = 0,
  ): Omit<ReconcileSummary, 'reviewsWaiting'> {
    return {
      runId,
      mode,
      records,
      changed,
      newVersions: 0,
      reclustered,
      children: named.clusters.length,
      newChildren: named.clusters.filter((c) => c.isNew).length,
      mergedChildren: named.merged.length,
      linkedRecords: linked,
      movedRecords: moved,
      openReviews: reviews.length,
      candidatePairs,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      levelWeights: null,
    };
  }
}

/**
 * The stored model as settings, or null when there is none or it cannot be used (trained on
 * nothing, its probabilities are not numbers): the run is then a full one, which trains afresh.
 */
function usableModel(model: unknown, unusable: (why: string) => void, current?: LinkSettings): LinkSettings | null {
  if (model === null || model === undefined) return null;
  try {
    // Through JSON, as it is stored: NaN and Infinity become null there.
    const parsed = parseSettings(JSON.parse(JSON.stringify(model)));
    if (current !== undefined && settingsShape(parsed) !== settingsShape(current)) {
      unusable('the settings have changed since it was trained');
      return null;
    }
    return parsed;
  } catch (error) {
    unusable((error as Error).message);
    return null;
  }
}

/**
 * A child's flags, and their names for filtering and counting: each flag, and a flag that has a
 * strength once more as FLAG/STRENGTH (DROPOUT/TO_VERIFY), which the dashboard counts apart.
 */
function flagsOf(golden: GoldenRecord, asOf: string | null, facts: FlagFacts | null): { flags: FlagFinding[]; flagNames: string[] } {
  const flags = asOf === null ? [] : childFlags(golden, asOf, facts);
  return { flags, flagNames: flags.flatMap((f) => (f.strength === undefined ? [f.flag] : [f.flag, `${f.flag}/${f.strength}`])) };
}

/**
 * The children a run re-clustered or rewrote, each once. A full run writes every cluster: asking
 * the written list whether it holds each cluster (Array.includes) was quadratic, 20 s of a
 * 200,000-children full run after everything was written.
 */
export function childrenTouched<T>(clusters: readonly T[], written: readonly T[]): number {
  const writtenSet = new Set(written);
  return clusters.length + written.length - clusters.filter((c) => writtenSet.has(c)).length;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function idStatusOf(value: unknown): FlagRecord['idStatus'] {
  return value === 'valid' || value === 'invalid' ? value : 'missing';
}

/**
 * Record id → the police records an open pair would join it to (the other side of a pair between
 * a police record and one of another department).
 */
function policePartners(pairs: readonly { left: number; right: number }[], sourceOf: (id: number) => string | undefined): Map<number, string[]> {
  const partners = new Map<number, string[]>();
  for (const { left, right } of pairs) {
    for (const [self, other] of [[left, right], [right, left]]) {
      if (sourceOf(other) !== 'police' || sourceOf(self) === 'police') continue;
      (partners.get(self) ?? partners.set(self, []).get(self)!).push(String(other));
    }
  }
  return partners;
}

/**
 * A short hash of what matching reads from a record: two FNV-1a 32-bit hashes (different
 * offsets) over the field values, 16 hex digits. Not cryptographic: it only has to notice that a
 * new version changed a matching field, and it runs on a million records per incremental run.
 */
function matchHash(record: MatchRecord): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (const value of Object.values(record.fields)) {
    const text = value === null ? '\u0000' : typeof value === 'string' ? value : JSON.stringify(value);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
    }
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193); // field separator
    h2 = Math.imul(h2 ^ 0x1f, 0x01000193);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * Children not re-clustered whose golden record or flags must be rebuilt (a record has a new
 * version that matching does not read, such as a new enrolment status; an open pair of theirs was
 * opened or dropped): their records as the last run linked them.
 */
function childrenOf(wanted: ReadonlySet<string>, stored: readonly StoredRecord[]): { childId: string; records: number[] }[] {
  if (wanted.size === 0) return [];
  const records = new Map<string, number[]>();
  for (const r of stored) {
    const child = r.previous?.childId;
    if (child !== undefined && wanted.has(child)) (records.get(child) ?? records.set(child, []).get(child)!).push(r.id);
  }
  // By child id: the order they are written in does not hang on the order records were loaded in.
  return [...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([childId, ids]) => ({ childId, records: ids.sort((a, b) => a - b) }));
}

/** (source, key, scope): the scope only parts two counties' equal keys, so one county's records keep the order their keys gave. */
function compareKeys(a: StoredRecord, b: StoredRecord): number {
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  if (a.recordKey !== b.recordKey) return a.recordKey < b.recordKey ? -1 : 1;
  return a.keyScope < b.keyScope ? -1 : a.keyScope > b.keyScope ? 1 : 0;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Clusters as source_record ids with their anchor (the smallest record anchor, child-ids.ts). */
function clustersOf(result: LinkageResult, stored: StoredRecord[]): ClusterToName[] {
  const byRoot = new Map<number, ClusterToName>();
  result.clustering.clusterOf.forEach((root, i) => {
    const key = recordAnchor(stored[i].source, stored[i].keyScope, stored[i].recordKey);
    const cluster = byRoot.get(root);
    if (cluster === undefined) byRoot.set(root, { records: [stored[i].id], anchor: key });
    else {
      cluster.records.push(stored[i].id);
      if (key < cluster.anchor) cluster.anchor = key;
    }
  });
  return [...byRoot.values()];
}

function previousIds(stored: StoredRecord[], previous: PreviousLinks): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of stored) {
    const p = previous.get(r.id);
    if (p !== undefined) out.set(r.id, p.childId);
  }
  return out;
}

function* changeEvents(stored: StoredRecord[], childOf: Map<number, string>, previous: PreviousLinks, merged: { absorbed: string; into: string }[]): Generator<LinkEventRow> {
  for (const r of stored) {
    const now = childOf.get(r.id)!;
    const before = previous.get(r.id)?.childId;
    if (before === undefined) yield { kind: 'linked', sourceRecordId: r.id, childId: now, previousChildId: null };
    else if (before !== now) yield { kind: 'moved', sourceRecordId: r.id, childId: now, previousChildId: before };
  }
  for (const m of merged) yield { kind: 'merged', sourceRecordId: null, childId: m.into, previousChildId: m.absorbed };
}

function countChanges(stored: StoredRecord[], childOf: Map<number, string>, previous: PreviousLinks): { linked: number; moved: number } {
  let linked = 0;
  let moved = 0;
  for (const r of stored) {
    const before = previous.get(r.id)?.childId;
    if (before === undefined) linked++;
    else if (before !== childOf.get(r.id)) moved++;
  }
  return { linked, moved };
}

/** Previous child ids of these records that name no cluster any more. */
function removedIds(stored: StoredRecord[], previous: PreviousLinks, childOf: Map<number, string>): string[] {
  const now = new Set(childOf.values());
  const gone = new Set<string>();
  for (const r of stored) {
    const before = previous.get(r.id)?.childId;
    if (before !== undefined && !now.has(before)) gone.add(before);
  }
  return [...gone].sort();
}

/**
 * How many records each of these children had after the last run, counted for them alone (a
 * map of every child of a million-record county cost a second).
 */
function previousMembership(children: ReadonlySet<string>, stored: readonly StoredRecord[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const r of stored) {
    const child = r.previous?.childId;
    if (child !== undefined && children.has(child)) count.set(child, (count.get(child) ?? 0) + 1);
  }
  return count;
}

/** The clusters whose golden record must be rebuilt (clusterChanged), or that `alsoWhen` asks for. */
function filterChanged<T extends { childId: string; records: number[] }>(
  clusters: readonly T[],
  stored: readonly StoredRecord[],
  previous: PreviousLinks,
  isChanged: (id: number) => boolean,
  alsoWhen: (cluster: T) => boolean,
): T[] {
  const before = previousMembership(new Set(clusters.map((c) => c.childId)), stored);
  return clusters.filter((c) => clusterChanged(c.records, c.childId, previous, before, isChanged) || alsoWhen(c));
}

/** Whether a child's golden record must be rebuilt: new, records joined or left, or a record has a new version. */
function clusterChanged(records: number[], childId: string, previous: PreviousLinks, before: Map<string, number>, isChanged: (id: number) => boolean): boolean {
  if (before.get(childId) !== records.length) return true;
  return records.some((id) => previous.get(id)?.childId !== childId || isChanged(id));
}

/** A record's link after the last run, by record id. */
interface PreviousLinks {
  get(id: number): PreviousLink | undefined;
}

/**
 * Record id → its position among the loaded records. Ids are dense integers: an array of them
 * takes a few megabytes where a Map of a million entries took a second to build.
 */
class RecordPositions {
  private readonly at: Int32Array;

  constructor(stored: readonly StoredRecord[]) {
    let max = 0;
    for (const r of stored) if (r.id > max) max = r.id;
    this.at = new Int32Array(max + 1).fill(-1);
    stored.forEach((r, i) => (this.at[r.id] = i));
  }

  of(id: number): number | undefined {
    const i = Number.isInteger(id) && id >= 0 && id < this.at.length ? this.at[id] : -1;
    return i < 0 ? undefined : i;
  }

  record(stored: readonly StoredRecord[], id: number): StoredRecord | undefined {
    const i = this.of(id);
    return i === undefined ? undefined : stored[i];
  }
}
