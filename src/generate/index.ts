// `hub generate`: a synthetic county for tests, demos and benchmarks. Real towns and
// villages, invented families, the three departments' exports with their usual trouble,
// and the ground truth beside them:
//   truth.csv           source,record_key,person_id      — who every data row is about
//   truth-families.csv  person_id,family_id,twin_of      — siblings and twins
//   truth-people.csv    one line per child: the facts the hub should end up believing
//   truth-noise.csv     source,line,record_key,field,kind — every deliberate damage
//
// Deterministic: the population comes from the seed alone (so one county can be generated
// at every noise level), and each source's damage from the seed and the level.
// The library writes files only; the CLI does the talking.

import { makePrivateDir } from '../fs/private-files';
import * as path from 'node:path';

import { CsvSink, csvLine } from './csv';
import { isoDay, parseIsoDay, quarterBounds, type DateFormat } from './dates';
import { CIVIL_AFFAIRS_HEADER, EDUCATION_HEADER, POLICE_HEADER, civilAffairsRow, educationRow, policeRow, type RenderContext } from './formats';
import { fullName } from './names';
import { Noise, parseNoise, type NoiseKind, type NoiseLevel } from './noise';
import { SourceOutput, type TruthSinks } from './output';
import { planCounty } from './plan';
import type { Child, PopulationState } from './model';
import { makeFamily, newPopulation } from './population';
import { canBeEnteredTwice, secondRosterRow, spreadIndexes } from './review-pairs';
import { Rng, Weighted } from './random';
import { loadCounty } from './region';

export type { NoiseLevel, NoiseKind } from './noise';
export { parseNoise, NOISE_KINDS } from './noise';

export interface GenerateOptions {
  children: number;
  seed: number | string;
  noise: NoiseLevel;
  /** 6-digit GB/T 2260 county code, default '500109' (重庆市北碚区). */
  county?: string;
  /** default '2024Q1' */
  period?: string;
  /** ISO date the data is 'as of', default '2024-03-31'. */
  today?: string;
  /**
   * Children entered a second time on the roster, by ear and without an ID number: pairs the
   * engine leaves to a person (review-pairs.ts). Default 0; the demo county asks for a few.
   */
  reviewPairs?: number;
}

export interface GenerateSummary {
  children: number;
  files: {
    civilAffairs: string;
    education: string;
    police: string;
    truth: string;
    families: string;
    people: string;
    noise: string;
  };
  /** Data rows written, duplicates and unreadable rows included (empty lines are not rows). */
  rows: { civilAffairs: number; education: number; police: number };
  /** Rows with too few or too many columns or an unclosed quote, over the three files. */
  unreadableRows: number;
  emptyLines: number;
  /** Data rows with at least one deliberate damage. */
  touchedRows: { civilAffairs: number; education: number; police: number };
  /** How often each kind of damage was done, over the three files. */
  noiseCounts: Partial<Record<NoiseKind, number>>;
}

export const FILE_NAMES = {
  civilAffairs: 'civil-affairs.csv',
  education: 'education.csv',
  police: 'police.csv',
  truth: 'truth.csv',
  families: 'truth-families.csv',
  people: 'truth-people.csv',
  noise: 'truth-noise.csv',
} as const;

const TRUTH_PEOPLE_HEADER = [
  'person_id', 'family_id', 'name', 'former_name', 'sex', 'birth_date', 'id_number', 'id_type', 'ethnicity', 'area_code',
  'police_status', 'left_behind', 'difficulty_types', 'guardianship_type', 'enrolment_status', 'schooling', 'civil_affairs_key',
];

interface Resolved {
  children: number;
  seed: string;
  noise: NoiseLevel;
  county: string;
  period: string;
  today: number;
  reviewPairs: number;
}

function resolve(opts: GenerateOptions): Resolved {
  if (!Number.isInteger(opts.children) || opts.children < 0) throw new Error(`children must be a whole number ≥ 0, not ${opts.children}`);
  const county = opts.county ?? '500109';
  if (!/^\d{6}$/.test(county)) throw new Error(`county must be a 6-digit GB/T 2260 code, not "${county}"`);
  const period = opts.period ?? '2024Q1';
  quarterBounds(period); // validates
  const reviewPairs = opts.reviewPairs ?? 0;
  if (!Number.isInteger(reviewPairs) || reviewPairs < 0) throw new Error(`reviewPairs must be a whole number ≥ 0, not ${reviewPairs}`);
  return { children: opts.children, seed: String(opts.seed), noise: parseNoise(opts.noise), county, period, today: parseIsoDay(opts.today ?? '2024-03-31'), reviewPairs };
}

/**
 * Each village child director keeps one date format; how varied they are is part of the
 * noise (at `low` nearly everyone types ISO dates).
 */
function dateHabits(level: NoiseLevel): Weighted<DateFormat> {
  if (level === 'low') return new Weighted<DateFormat>([['iso', 85], ['slash', 15]]);
  if (level === 'realistic') return new Weighted<DateFormat>([['iso', 40], ['slash', 25], ['chinese', 10], ['compact', 10], ['dot', 10], ['slashPadded', 5]]);
  return new Weighted<DateFormat>([['iso', 20], ['slash', 20], ['chinese', 20], ['compact', 15], ['dot', 15], ['slashPadded', 5], ['isoUnpadded', 5]]);
}

export async function generateCounty(opts: GenerateOptions, outDir: string, onProgress?: (done: number, total: number) => void): Promise<GenerateSummary> {
  const o = resolve(opts);
  makePrivateDir(outDir);
  const county = await loadCounty(o.county);

  // Separate streams: the people depend on the seed only; each source's damage on the
  // seed and the level, and not on how many rows the other sources drew.
  const people = new Rng(`${o.seed}|population`);
  const plan = planCounty(county, o.children, people);
  const state = newPopulation(plan, o.today, o.period, people, o.seed);
  const noiseFor = (source: 'civil-affairs' | 'education' | 'police'): Noise => new Noise(new Rng(`${o.seed}|noise|${o.noise}|${source}`), source, o.noise);

  const habitRng = new Rng(`${o.seed}|habits|${o.noise}`);
  const habitTable = dateHabits(o.noise);
  const habits = new Map<string, DateFormat>(county.villages.map((v) => [v.code, habitTable.pick(habitRng)]));
  const { start, end } = quarterBounds(o.period);
  const reportTo = Math.min(end, o.today);

  // L-numbers: 'L' + county + birth date + 5 digits, unique per birth date.
  const lCounters = new Map<string, number>();
  const lNumber = (child: Child): string => {
    const date = isoDay(child.birth).replace(/-/g, '');
    const n = lCounters.get(date) ?? 0;
    lCounters.set(date, n + 1);
    const serial = ((Number(date) * 31) % 90_000) + n;
    return `L${o.county}${date}${String(serial).padStart(5, '0')}`;
  };
  const lNumbers = new WeakMap<Child, string>();
  const context = (noise: Noise): RenderContext => ({
    noise,
    head: county.prefix,
    reportFrom: Math.min(start, reportTo),
    reportTo,
    dateHabit: (code) => habits.get(code) ?? 'iso',
    // A pupil keeps one temporary number, also in a duplicated row.
    lNumber: (child) => {
      let l = lNumbers.get(child);
      if (!l) lNumbers.set(child, (l = lNumber(child)));
      return l;
    },
  });

  const file = (name: string): string => path.resolve(outDir, name);
  const sinks: CsvSink[] = [];
  const open = (name: string, header: readonly string[], eol = '\n', bom = false): CsvSink => {
    const sink = new CsvSink(file(name), header, eol, bom);
    sinks.push(sink);
    return sink;
  };

  try {
    const truth: TruthSinks = {
      truth: open(FILE_NAMES.truth, ['source', 'record_key', 'person_id']),
      noise: open(FILE_NAMES.noise, ['source', 'line', 'record_key', 'field', 'kind']),
    };
    const familiesSink = open(FILE_NAMES.families, ['person_id', 'family_id', 'twin_of']);
    const peopleSink = open(FILE_NAMES.people, TRUTH_PEOPLE_HEADER);
    const force = o.noise !== 'low';
    const output = (
      source: 'civil-affairs' | 'education' | 'police',
      name: string,
      header: readonly string[],
      render: (ctx: RenderContext, child: Child, variant: boolean) => string[],
      share: number,
      eol: string,
      bom: boolean,
    ): SourceOutput => {
      const noise = noiseFor(source);
      const ctx = context(noise);
      return new SourceOutput(source, open(name, header, eol, bom), noise, (child, variant) => render(ctx, child, variant), truth, header.length, {
        estimatedRows: Math.floor(o.children * share),
        forceRowKinds: force,
      });
    };
    // Civil affairs comes out of Excel: BOM and CRLF. The two systems write plain UTF-8.
    const civil = output('civil-affairs', FILE_NAMES.civilAffairs, CIVIL_AFFAIRS_HEADER, civilAffairsRow, 0.12, '\r\n', true);
    const education = output('education', FILE_NAMES.education, EDUCATION_HEADER, educationRow, 0.55, '\n', false);
    const police = output('police', FILE_NAMES.police, POLICE_HEADER, policeRow, 0.8, '\n', false);

    // Drawn from the whole county once it is made, so the people stay those of the seed.
    const enteredTwice: Child[] = [];
    const step = Math.max(1, Math.floor(o.children / 200));
    let done = 0;
    let reported = 0;
    for (const { village, children } of plan.quotas) {
      let left = children;
      while (left > 0) {
        const family = makeFamily(state, village, left);
        left -= family.children.length;
        for (const child of family.children) {
          if (child.civilAffairs) civil.write(child);
          if (child.enrolment) education.write(child);
          if (child.police) police.write(child);
          familiesSink.writeLine(`${child.personId},${family.id},${child.twinOf?.personId ?? ''}`);
          peopleSink.writeLine(truthPerson(child));
          if (o.reviewPairs > 0 && canBeEnteredTwice(child)) enteredTwice.push(child);
        }
        done += family.children.length;
        if (onProgress && done - reported >= step) {
          reported = done;
          onProgress(done, o.children);
        }
        for (const sink of sinks) if (sink.full) await sink.flush();
      }
    }
    for (const out of [civil, education, police]) out.finish();
    writeSecondRosterRows(civil, enteredTwice, o, state);
    for (const sink of sinks) await sink.close();
    onProgress?.(o.children, o.children);

    const noiseCounts: Partial<Record<NoiseKind, number>> = {};
    for (const out of [civil, education, police]) {
      for (const [kind, n] of out.counts) noiseCounts[kind] = (noiseCounts[kind] ?? 0) + n;
    }
    return {
      children: o.children,
      files: {
        civilAffairs: file(FILE_NAMES.civilAffairs),
        education: file(FILE_NAMES.education),
        police: file(FILE_NAMES.police),
        truth: file(FILE_NAMES.truth),
        families: file(FILE_NAMES.families),
        people: file(FILE_NAMES.people),
        noise: file(FILE_NAMES.noise),
      },
      rows: { civilAffairs: civil.rows, education: education.rows, police: police.rows },
      unreadableRows: civil.unreadable + education.unreadable + police.unreadable,
      emptyLines: civil.emptyLines + education.emptyLines + police.emptyLines,
      touchedRows: { civilAffairs: civil.touched, education: education.touched, police: police.touched },
      noiseCounts,
    };
  } catch (error) {
    for (const sink of sinks) sink.abort();
    throw error;
  }
}

/** The roster's second entries of a few children (review-pairs.ts), after every other row. */
function writeSecondRosterRows(civil: SourceOutput, candidates: readonly Child[], o: Resolved, state: PopulationState): void {
  const rng = new Rng(`${o.seed}|review-pairs`);
  const used = new Set<number>();
  for (const start of spreadIndexes(candidates.length, o.reviewPairs, rng)) {
    // A name with no homophone to mishear: the next child of the county instead.
    for (let i = start; i < candidates.length; i++) {
      if (used.has(i)) continue;
      // A record number of the roster's own series, after every one the county was given.
      const key = `MZ-${o.period}-${String(state.nextCivilAffairs).padStart(6, '0')}`;
      const row = secondRosterRow(candidates[i], key, o.today, rng);
      if (row === null) continue;
      state.nextCivilAffairs++;
      used.add(i);
      civil.writeAsGiven(candidates[i], row.fields, row.events);
      break;
    }
  }
}

function truthPerson(child: Child): string {
  return csvLine([
    child.personId,
    child.family.id,
    fullName(child.name),
    child.formerName ? fullName(child.formerName) : '',
    child.sex === 'M' ? '男' : '女',
    isoDay(child.birth),
    child.id ?? '',
    child.idType,
    child.ethnicity,
    child.family.village.code,
    child.police?.status ?? '',
    child.leftBehind ? '是' : '否',
    child.difficulties.join(';'),
    child.family.guardianship,
    child.enrolment?.status ?? '',
    child.schooling,
    child.civilAffairs?.key ?? '',
  ]);
}
