// `hub link` on a Febrl-like pair of tables, with the shipped febrl4.json: the left table holds
// ~300 invented Australians, the right a corrupted copy of each (typos, missing values, swapped
// names, mistyped digits), in another order and under other record ids, as Febrl's generator does.
import path from 'node:path';
import { loadSettingsFile } from '../../../reconciliation/hub';
import { linkTables, TableLink, TableRow } from '../../../reconciliation/link-tables';
import { seededRandom } from '../../../reconciliation/random';
import type { LinkSettings } from '../../../reconciliation/settings';

const FEBRL4 = path.resolve(__dirname, '../../../reconciliation/settings/febrl4.json');
const PEOPLE = 300;

const GIVEN = ['joshua', 'emily', 'jack', 'chloe', 'thomas', 'olivia', 'lachlan', 'sophie', 'william', 'charlotte', 'james', 'ella', 'samuel', 'isabella', 'daniel', 'mia', 'benjamin', 'grace', 'ryan', 'lily', 'matthew', 'ruby', 'liam', 'jessica', 'nicholas', 'hannah', 'dylan', 'georgia', 'ethan', 'amelia'];
const SURNAMES = ['smith', 'jones', 'williams', 'brown', 'wilson', 'taylor', 'johnson', 'white', 'martin', 'anderson', 'thompson', 'nguyen', 'thomas', 'walker', 'harris', 'lee', 'ryan', 'robinson', 'kelly', 'king', 'davis', 'wright', 'evans', 'roberts', 'green', 'hall', 'wood', 'jackson', 'clarke', 'campbell'];
const STREETS = ['miller street', 'bunker street', 'macarthur avenue', 'kingsford smith drive', 'peel street', 'bellenden crescent', 'boddington crescent', 'wilkins street', 'lowanna street', 'dalrymple circuit'];
const EXTRAS = ['', '', '', 'kamara', 'villa 2', 'rivera park', 'the oaks', 'westella'];
const SUBURBS = [
  ['dubbo', '2830', 'nsw'],
  ['toowoomba', '4350', 'qld'],
  ['bendigo', '3550', 'vic'],
  ['mount gambier', '5290', 'sa'],
  ['bunbury', '6230', 'wa'],
  ['launceston', '7250', 'tas'],
  ['palmerston', '0830', 'nt'],
  ['belconnen', '2617', 'act'],
  ['wagga wagga', '2650', 'nsw'],
  ['mackay', '4740', 'qld'],
];

/** Febrl's columns, rec_id first. */
type Person = Record<'rec_id' | 'given_name' | 'surname' | 'street_number' | 'address_1' | 'address_2' | 'suburb' | 'postcode' | 'state' | 'date_of_birth' | 'soc_sec_id', string>;

function febrlLike(seed: number): { left: Person[]; right: Person[]; truth: Map<string, string> } {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const int = (n: number): number => Math.floor(random() * n);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  // Febrl's typo model: substitute, insert, delete or transpose one character.
  const typo = (s: string): string => {
    if (s.length < 2) return s;
    const i = int(s.length - 1);
    switch (int(4)) {
      case 0:
        return s.slice(0, i) + pick([...letters]) + s.slice(i + 1);
      case 1:
        return s.slice(0, i) + pick([...letters]) + s.slice(i);
      case 2:
        return s.slice(0, i) + s.slice(i + 1);
      default:
        return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    }
  };
  const digitTypo = (s: string): string => {
    const i = int(s.length);
    return s.slice(0, i) + String((Number(s[i]) + 1 + int(9)) % 10) + s.slice(i + 1);
  };
  const socSecIds = new Set<string>();
  const left: Person[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const [suburb, postcode, state] = pick(SUBURBS);
    let soc = '';
    do soc = String(1_000_000 + int(9_000_000));
    while (socSecIds.has(soc));
    socSecIds.add(soc);
    left.push({
      rec_id: `rec-${i}-org`,
      given_name: pick(GIVEN),
      surname: pick(SURNAMES),
      street_number: String(1 + int(120)),
      address_1: pick(STREETS),
      address_2: pick(EXTRAS),
      suburb,
      postcode,
      state,
      date_of_birth: `19${30 + int(70)}${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}`,
      soc_sec_id: soc,
    });
  }
  // Every duplicate gets one to five corruptions (febrl4 allows up to 3 per field, 10 per record).
  const corruptions: ((p: Person) => void)[] = [
    (p) => (p.given_name = typo(p.given_name)),
    (p) => (p.surname = typo(p.surname)),
    (p) => ([p.given_name, p.surname] = [p.surname, p.given_name]),
    (p) => (p.given_name = ''),
    (p) => (p.address_1 = typo(p.address_1)),
    (p) => (p.address_2 = ''),
    (p) => (p.suburb = typo(p.suburb)),
    (p) => (p.postcode = digitTypo(p.postcode)),
    (p) => (p.street_number = digitTypo(p.street_number)),
    (p) => (p.date_of_birth = digitTypo(p.date_of_birth)),
    (p) => (p.date_of_birth = ''),
    (p) => (p.soc_sec_id = digitTypo(p.soc_sec_id)),
    (p) => (p.state = ''),
  ];
  const right = left.map((p, i) => {
    const copy: Person = { ...p, rec_id: `rec-${i}-dup-0` };
    for (let k = 1 + int(5); k > 0; k--) pick(corruptions)(copy);
    return copy;
  });
  // Another order, as the two Febrl files are.
  for (let i = right.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [right[i], right[j]] = [right[j], right[i]];
  }
  const truth = new Map(left.map((p, i) => [p.rec_id, `rec-${i}-dup-0`]));
  return { left, right, truth };
}

function quality(links: readonly TableLink[], truth: Map<string, string>) {
  const correct = links.filter((l) => truth.get(l.leftId) === l.rightId).length;
  return { precision: correct / links.length, recall: correct / truth.size };
}

describe('linkTables with febrl4.json', () => {
  const { left, right, truth } = febrlLike(4);
  let settings: LinkSettings;
  let links: TableLink[];

  beforeAll(() => {
    const file = loadSettingsFile(FEBRL4);
    // As shipped but for the random pairs u is estimated from: 60,000 instead of every one of the
    // ~180,000 cross pairs (Jest's sandbox runs the sampling loop ~5x slower than plain node). The
    // commonest exact level (a state, u ≈ 0.15) is then seen ~9,000 times, a given name (u ≈ 1/30)
    // ~2,000 times; the rare ones (soc_sec_id) come from value frequencies either way.
    settings = { ...file, training: { ...file.training, uSamplePairs: 60_000 } };
    ({ links } = linkTables(left, right, settings, settings.uniqueIdColumn ?? 'rec_id'));
  });

  test('the settings file names rec_id as the id column and links only across the tables', () => {
    expect(settings.uniqueIdColumn).toBe('rec_id');
    expect(settings.linkType).toBe('link_only');
  });

  test('one-to-one: no record id appears in two links', () => {
    const lefts = links.map((l) => l.leftId);
    const rights = links.map((l) => l.rightId);
    expect(new Set(lefts).size).toBe(lefts.length);
    expect(new Set(rights).size).toBe(rights.length);
    // And each side's ids come from its own table.
    expect(lefts.every((id) => id.endsWith('-org'))).toBe(true);
    expect(rights.every((id) => id.includes('-dup-'))).toBe(true);
  });

  test('one-to-one when a person is in the right table twice: one link each, to the stronger copy', () => {
    const twice = left.slice(0, 10).map((p, i) => ({ ...p, rec_id: `rec-${i}-dup-1` }));
    const { links: oneToOne, result } = linkTables(left, [...right, ...twice], settings, 'rec_id');
    const lefts = oneToOne.map((l) => l.leftId);
    const rights = oneToOne.map((l) => l.rightId);
    expect(new Set(lefts).size).toBe(lefts.length);
    expect(new Set(rights).size).toBe(rights.length);
    // Both copies of these ten clear the threshold, so one-to-one really had to choose…
    const above = new Map<number, number>();
    for (let p = 0; p < result.pairs.count; p++) {
      const pattern = result.compared.patternOf[p];
      if (result.patternAction[pattern] !== 'score' || result.patternWeight[pattern] < settings.thresholds.link) continue;
      above.set(result.pairs.left[p], (above.get(result.pairs.left[p]) ?? 0) + 1);
    }
    for (let i = 0; i < 10; i++) expect(above.get(i)).toBeGreaterThanOrEqual(2);
    // …and it chose the stronger: the clean copy (weight at least that of the corrupted one).
    for (let i = 0; i < 10; i++) expect(oneToOne.find((l) => l.leftId === `rec-${i}-org`)?.rightId).toBe(`rec-${i}-dup-1`);
  });

  test('every link clears the link threshold', () => {
    for (const l of links) expect(l.matchWeight).toBeGreaterThanOrEqual(settings.thresholds.link);
  });

  // Each duplicate carries one to five corruptions over ten compared fields, and a soc_sec_id
  // that is unique in the population unless it was mistyped: a Fellegi–Sunter model misses a pair
  // only when several strong fields are corrupted at once, and a false link needs two invented
  // people agreeing on name, date of birth or soc_sec_id by chance among 300. Over generator
  // seeds 1–6 the engine scored precision 1.00 and recall 0.99–1.00 (Splink reaches ~0.99 on the
  // real febrl4). 0.98 and 0.95 leave room for a model that shifts a little, while a broken
  // comparison, training step or one-to-one selection falls well below one of them.
  test('precision and recall', () => {
    const q = quality(links, truth);
    expect(q.precision).toBeGreaterThanOrEqual(0.98);
    expect(q.recall).toBeGreaterThanOrEqual(0.95);
  });

  test('record ids are never compared: other ids give the same links', () => {
    // Opaque ids that say nothing about the pairing (rec-5-org / rec-5-dup-0 share "rec-5-").
    const renamedLeft = left.map((p, i) => ({ ...p, rec_id: `L${String(i * 7919 % 1000).padStart(4, '0')}` }));
    const renamedRight = right.map((p, i) => ({ ...p, rec_id: `R${String(i).padStart(4, '0')}` }));
    const back = new Map<string, string>([...renamedLeft.map((p, i) => [p.rec_id, left[i].rec_id] as const), ...renamedRight.map((p, i) => [p.rec_id, right[i].rec_id] as const)]);
    // u is sampled by rank of id (so that row order does not matter), so new ids draw other random
    // pairs and the weights move a little; which rows are linked must not.
    const pairsOf = (list: { leftId: string; rightId: string }[]) => list.map((l) => `${l.leftId}|${l.rightId}`).sort();
    const again = linkTables(renamedLeft, renamedRight, settings, 'rec_id').links.map((l) => ({ leftId: back.get(l.leftId)!, rightId: back.get(l.rightId)! }));
    expect(pairsOf(again)).toEqual(pairsOf(links));
  });

  test('the id column is not a field of the records: a comparison that asks for it finds nothing', () => {
    const withId: LinkSettings = {
      ...settings,
      comparisons: [...settings.comparisons, { name: 'rec_id', fields: ['rec_id'], levels: [{ label: 'exact', test: 'exact' }] }],
      training: { ...settings.training, uSamplePairs: 2000 },
    };
    // Ids that would agree exactly if they were compared.
    const same = (rows: Person[]) => rows.slice(0, 30).map((p, i) => ({ ...p, rec_id: `id-${i}` }));
    const { result } = linkTables(same(left), same(left), withId, 'rec_id');
    expect(result.pairs.count).toBeGreaterThan(0);
    const c = withId.comparisons.length - 1;
    for (const p of result.compared.patterns) expect(p.levels[c]).toBe(0); // the null level
  });
});

describe('linkTables input handling', () => {
  const settings = (): LinkSettings => loadSettingsFile(FEBRL4);
  const row = (id: string, given: string, surname: string): TableRow => ({ rec_id: id, given_name: given, surname, date_of_birth: '19800101', soc_sec_id: '1234567' });

  test('a row without an id is refused, naming its table and row', () => {
    expect(() => linkTables([row('a1', 'jo', 'smith')], [row('b1', 'jo', 'smith'), row('  ', 'x', 'y')], settings(), 'rec_id')).toThrow('right row 2 has no rec_id');
  });

  test('links across the tables only, even when the settings say dedupe_and_link', () => {
    const left = [row('a1', 'jo', 'smith'), row('a2', 'jo', 'smith')];
    const right = [row('b1', 'jo', 'smith')];
    const { result } = linkTables(left, right, { ...settings(), linkType: 'dedupe_and_link' }, 'rec_id');
    expect(result.settings.linkType).toBe('link_only');
    for (let p = 0; p < result.pairs.count; p++) expect(result.pairs.right[p]).toBe(2); // a1/a2 never paired
  });

  test('blank and whitespace cells are missing values, not empty strings', () => {
    const left = [{ ...row('a1', 'jo', 'smith'), given_name: '   ' }];
    const { result } = linkTables(left, [row('b1', 'jo', 'smith')], settings(), 'rec_id');
    // given_name null on the left → that comparison is at the null level for the pair.
    const pattern = result.compared.patterns[result.compared.patternOf[0]];
    expect(result.model.explain(pattern.levels).find((e) => e.comparison === 'given_name')).toEqual({ comparison: 'given_name', level: 'null', weight: 0 });
  });
});
