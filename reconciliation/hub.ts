// The hub's domain configuration of the engine: which normalised fields of a source record take
// part in matching, and the settings file that says how. Everything else about a record (school,
// welfare, guardianship…) is for the golden record, not for deciding who is who.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameReadings } from './normalise/pinyin';
import { FieldValue, LinkSettings, MatchRecord, parseSettings } from './settings';

export const HUB_SETTINGS_FILE = join(__dirname, 'settings', 'hub.json');

export function loadSettingsFile(path: string): LinkSettings {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read link settings ${path}: ${(error as Error).message}`);
  }
  return parseSettings(json);
}

/** Fields copied from the normalised record unchanged. */
const MATCH_FIELDS = [
  'name', 'nameAsTyped', 'namePinyin', 'formerNamePinyin', 'idStatus', 'birthDate', 'sex', 'areaCode',
  'fatherIdNumber', 'motherIdNumber', 'guardianPhone', 'fatherName', 'motherName', 'guardianName', 'householderName',
] as const;

/** The normalised fields hubMatchRecord reads: all a store needs to load for matching. */
export const HUB_NORMALISED_FIELDS: readonly string[] = [...MATCH_FIELDS, 'idNumber'];

/** A source record's normalised fields → what the engine compares. */
export function hubMatchRecord(id: string, source: string, normalised: Readonly<Record<string, FieldValue>>): MatchRecord {
  return matchRecordOf(id, source, normalised, readingsOf);
}

/**
 * hubMatchRecord for many records at once (a run's whole county): each distinct name's readings
 * are worked out once and shared by the records that carry it (a county's 365,000 records hold
 * 150,000 names), and the names are tallied as they pass, so that how often each name and each
 * reading occurs (term frequencies) is counted per distinct name, not again per record: at a
 * million records, counting them record by record cost an incremental run about 4 s. The shared
 * lists are read-only, as every field of a match record is.
 */
export class HubMatchRecords {
  private readonly names = new Map<string, { readings: string[] | null; records: number }>();

  private readonly readings = (name: string, usual: FieldValue): FieldValue => {
    let tally = this.names.get(name);
    if (tally === undefined) {
      tally = { readings: nameReadings(name), records: 0 };
      this.names.set(name, tally);
    }
    tally.records++;
    return collapsed(tally.readings, usual);
  };

  /** The match record of one source record, as hubMatchRecord makes it. */
  readonly record = (id: string, source: string, normalised: Readonly<Record<string, FieldValue>>): MatchRecord =>
    matchRecordOf(id, source, normalised, this.readings);

  /**
   * The same match record, made of `normalised` itself (its fields become the match record's, the
   * derived ones added): for a caller that has no further use for the object, as a run loading a
   * million records has not (one object per record instead of two). `normalised` must hold the
   * HUB_NORMALISED_FIELDS and nothing else.
   */
  readonly adopt = (id: string, source: string, normalised: Record<string, FieldValue>): MatchRecord => {
    for (const f of MATCH_FIELDS) if (normalised[f] === undefined) normalised[f] = null;
    derive(normalised, normalised, this.readings);
    return { id, source, fields: normalised };
  };

  /**
   * How many of the records made so far carry each value of `field`, as TermFrequencies counts
   * them (a list's distinct values, no empty string), for the two fields the names' tally can
   * answer: `name` and `nameReadings`. Undefined for any other field (count it from the records).
   */
  readonly valueCounts = (field: string): ReadonlyMap<string, number> | undefined => {
    if (field !== 'name' && field !== 'nameReadings') return undefined;
    const counts = new Map<string, number>();
    const add = (value: string, n: number) => value.length > 0 && counts.set(value, (counts.get(value) ?? 0) + n);
    for (const [name, { readings, records }] of this.names) {
      if (field === 'name') add(name, records);
      else if (readings !== null) for (const reading of new Set(readings)) add(reading, records);
    }
    return counts;
  };
}

function matchRecordOf(
  id: string,
  source: string,
  normalised: Readonly<Record<string, FieldValue>>,
  readings: (name: string, usual: FieldValue) => FieldValue,
): MatchRecord {
  const fields: Record<string, FieldValue> = {};
  for (const f of MATCH_FIELDS) fields[f] = normalised[f] ?? null;
  derive(fields, normalised, readings);
  return { id, source, fields };
}

/** The fields matching derives from the normalised ones (`fields` may be `normalised` itself). */
function derive(fields: Record<string, FieldValue>, normalised: Readonly<Record<string, FieldValue>>, readings: (name: string, usual: FieldValue) => FieldValue): void {
  // A number that fails its check digit is still evidence (one digit off the right one); a
  // missing or placeholder number is not.
  const idNumber = normalised.idNumber ?? null; // read before fields.idNumber is written (fields may be normalised)
  fields.idNumber = normalised.idStatus === 'missing' ? null : idNumber;
  // A valid number alone proves who the child is: "the same valid number" is the strongest ID
  // level, and only valid numbers keep two police records apart (a police row whose number fails
  // its check links like any typo: it is the same child's row, damaged).
  fields.validIdNumber = normalised.idStatus === 'valid' ? idNumber : null;
  // Blocks a police record under its former name (曾用名) too, where another source still uses it.
  fields.formerOrCurrentPinyin = normalised.formerNamePinyin ?? normalised.namePinyin ?? null;
  fields.nameReadings = typeof fields.name === 'string' ? readings(fields.name, fields.namePinyin) : null;
}

/**
 * Every spelling of the name over its characters' readings (多音字): derived from the name, so
 * nothing more needs storing; a homophone is a pair whose spellings share one. Three names in
 * four have a single spelling: they keep namePinyin's string rather than a list of one (a million
 * records would otherwise carry a million small arrays).
 */
function readingsOf(name: string, usual: FieldValue): FieldValue {
  return collapsed(nameReadings(name), usual);
}

function collapsed(readings: string[] | null, usual: FieldValue): FieldValue {
  return readings === null ? null : readings.length === 1 && readings[0] === usual ? usual : readings;
}
