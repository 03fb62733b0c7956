import { blockPairs } from '../../../reconciliation/blocking';
import { compileComparisons, runLinkage } from '../../../reconciliation/linkage';
import { seededRandom } from '../../../reconciliation/random';
import { MatchModel, PROBABILITY_FLOOR } from '../../../reconciliation/scoring/model';
import { comparePair, comparePairs } from '../../../reconciliation/scoring/patterns';
import { trainModel, TrainingReport } from '../../../reconciliation/scoring/training';
import { ComparisonSettings, LinkSettings, MatchRecord, parseSettings } from '../../../reconciliation/settings';

const log2 = Math.log2;

/** Two comparisons with known m and u, and guards over them. */
function modelSettings(overrides: Partial<LinkSettings> = {}): LinkSettings {
  return {
    linkType: 'dedupe_and_link',
    blockingRules: [{ name: 'name', keys: [{ field: 'name' }] }],
    comparisons: [
      {
        name: 'name',
        fields: ['name'],
        levels: [
          { label: 'exact', test: 'exact', m: 0.8, u: 0.01 },
          { label: 'similar', test: 'jaroWinkler', threshold: 0.9, m: 0.15, u: 0.04 },
        ],
        else: { m: 0.05, u: 0.95 },
      },
      {
        name: 'id',
        fields: ['id'],
        levels: [{ label: 'exact', test: 'exact', m: 0.9, u: 0.001 }],
        else: { m: 0.1, u: 0.999 },
      },
    ],
    guards: [
      { name: 'no id, names differ', when: [{ comparison: 'id', levels: ['null'] }, { comparison: 'name', levels: ['else', 'similar'] }], action: 'review' },
      { name: 'ids and names differ', when: [{ comparison: 'id', levels: ['else'] }, { comparison: 'name', levels: ['else'] }], action: 'nonLink' },
      { name: 'names differ', when: [{ comparison: 'name', levels: ['else'] }], action: 'review' },
    ],
    thresholds: { link: 5, review: 0 },
    matchProbability: 0.2,
    ...overrides,
  };
}

/** Pattern bytes: 0 null, 1 + level index, else last. */
const pattern = (...bytes: number[]) => Uint8Array.from(bytes);

describe('MatchModel', () => {
  const model = new MatchModel(modelSettings());
  const prior = log2(0.2 / 0.8);

  test('the prior weight is the log2 odds of the match probability', () => {
    expect(model.priorWeight).toBeCloseTo(-2, 12);
    // Default prior 1e-4 when the settings give none.
    expect(new MatchModel(modelSettings({ matchProbability: undefined })).priorWeight).toBeCloseTo(log2(1e-4 / (1 - 1e-4)), 12);
  });

  test.each([
    { description: 'exact name, exact id', bytes: [1, 1], expected: prior + log2(0.8 / 0.01) + log2(0.9 / 0.001) },
    { description: 'similar name, exact id', bytes: [2, 1], expected: prior + log2(0.15 / 0.04) + log2(0.9 / 0.001) },
    { description: 'name else, id else', bytes: [3, 2], expected: prior + log2(0.05 / 0.95) + log2(0.1 / 0.999) },
    { description: 'null name weighs nothing', bytes: [0, 1], expected: prior + log2(0.9 / 0.001) },
    { description: 'both null: only the prior', bytes: [0, 0], expected: prior },
  ])('weight of $description = prior + Σ log2(m/u)', ({ bytes, expected }) => {
    expect(model.weightOf(pattern(...bytes))).toBeCloseTo(expected, 10);
  });

  test('a level without m or u weighs 0; a zero probability is floored, not infinite', () => {
    const base = modelSettings();
    const settings: LinkSettings = {
      ...base,
      comparisons: [
        { ...base.comparisons[0], levels: [{ label: 'exact', test: 'exact', m: 0.8 }, { label: 'similar', test: 'jaroWinkler', threshold: 0.9, m: 0, u: 0.04 }] },
        base.comparisons[1],
      ],
    };
    const m = new MatchModel(settings);
    expect(m.weights[0][1]).toBe(0);
    expect(m.weights[0][2]).toBeCloseTo(log2(PROBABILITY_FLOOR / 0.04), 10);
    expect(Number.isFinite(m.weightOf(pattern(2, 2)))).toBe(true);
  });

  test('explain() lists every comparison with its level and weight (2 decimals)', () => {
    expect(model.explain(pattern(2, 0))).toEqual([
      { comparison: 'name', level: 'similar', weight: Math.round(log2(0.15 / 0.04) * 100) / 100 },
      { comparison: 'id', level: 'null', weight: 0 },
    ]);
    expect(model.explain(pattern(3, 2)).map((e) => e.level)).toEqual(['else', 'else']);
  });

  test('patternFromLabels reads explain() back', () => {
    for (const bytes of [[1, 1], [2, 0], [3, 2], [0, 0]]) {
      const levels = model.explain(pattern(...bytes)).map((e) => e.level);
      expect(Array.from(model.patternFromLabels(levels))).toEqual(bytes);
    }
  });

  test.each([
    { description: 'no guard applies', bytes: [1, 1], expected: 'score' },
    { description: 'null id and a similar name: review', bytes: [2, 0], expected: 'review' },
    { description: 'names differ (id exact): review', bytes: [3, 1], expected: 'review' },
    { description: 'names and ids differ: nonLink, though a review guard holds too', bytes: [3, 2], expected: 'nonLink' },
    { description: 'similar name, id else: neither guard', bytes: [2, 2], expected: 'score' },
  ])('guards: $description', ({ bytes, expected }) => {
    expect(model.actionOf(pattern(...bytes))).toBe(expected);
  });

  test('nonLink beats review whatever order the guards are listed in', () => {
    const guards = modelSettings().guards!;
    const reversed = new MatchModel(modelSettings({ guards: [...guards].reverse() }));
    expect(reversed.actionOf(pattern(3, 2))).toBe('nonLink');
    expect(reversed.actionOf(pattern(3, 1))).toBe('review');
  });

  test('a guard naming a level its comparison does not have is refused', () => {
    const settings = modelSettings({ guards: [{ name: 'typo', when: [{ comparison: 'name', levels: ['exactly'] }], action: 'review' }] });
    expect(() => new MatchModel(settings)).toThrow('guard typo: comparison name has no level "exactly"');
  });

  test('patterns of real records, through comparePair and comparePairs', () => {
    const records: MatchRecord[] = [
      { id: '0', source: 's', fields: { name: 'wang xiaoming', id: '1' } },
      { id: '1', source: 's', fields: { name: 'wang xiaoming', id: null } },
      { id: '2', source: 's', fields: { name: 'wang xiaoming', id: '1' } },
    ];
    const settings = modelSettings();
    const comparisons = compileComparisons(settings);
    expect(Array.from(comparePair(records[0], records[1], comparisons))).toEqual([1, 0]);
    const pairs = blockPairs(records, settings);
    const compared = comparePairs(records, pairs, comparisons);
    expect(pairs.count).toBe(3);
    expect(compared.patterns.map((p) => [Array.from(p.levels), p.count])).toEqual([
      [[1, 0], 2],
      [[1, 1], 1],
    ]);
    expect(Array.from(compared.patternOf)).toEqual([0, 1, 0]);
  });
});

// ---------------------------------------------------------------------------------------------
// Training on a synthetic population with known error rates.

const PEOPLE = 2000;
const U_PAIRS = 100_000;
const SURNAMES = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu'];
const GIVEN = ['xiaoming', 'haoran', 'zixuan', 'yutong', 'jiaqi', 'shiyu', 'xinyi', 'junjie', 'yiyang', 'mengqi', 'zihan', 'ruoxi', 'tianyou', 'yichen', 'kexin', 'boyu', 'siyuan', 'chenxi', 'jiahao', 'yuxuan'];

/**
 * 2,000 people, each once in source 'a' (clean) and once in 'b' (noisy): name with one letter
 * changed 10% of the time, birth date a day off 6%, ID number one digit off 5% and missing 5%,
 * sex wrong 1%. Returns the records and the realised agreement rate of each field's exact level.
 */
function population(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const digit = (): string => String(Math.floor(random() * 10));
  const records: MatchRecord[] = [];
  const agree = { name: 0, birthDate: 0, id: 0, idPresent: 0, sex: 0 };
  const ids = new Set<string>();
  for (let p = 0; p < PEOPLE; p++) {
    const name = `${pick(SURNAMES)} ${pick(GIVEN)}`;
    const day = new Date(Date.UTC(2007, 0, 1) + Math.floor(random() * 14 * 365) * 86_400_000);
    const birthDate = day.toISOString().slice(0, 10);
    let id = '';
    do id = Array.from({ length: 18 }, digit).join('');
    while (ids.has(id));
    ids.add(id);
    const sex = random() < 0.5 ? 'M' : 'F';
    records.push({ id: `a${p}`, source: 'a', fields: { name, birthDate, id, sex } });

    let noisyName = name;
    if (random() < 0.1) {
      const i = name.indexOf(' ') + 1 + Math.floor(random() * (name.length - name.indexOf(' ') - 1));
      noisyName = name.slice(0, i) + (name[i] === 'q' ? 'x' : 'q') + name.slice(i + 1);
    }
    let noisyDate = birthDate;
    if (random() < 0.06) noisyDate = new Date(day.getTime() + (random() < 0.5 ? 1 : -1) * 86_400_000).toISOString().slice(0, 10);
    let noisyId: string | null = id;
    const r = random();
    if (r < 0.05) noisyId = null;
    else if (r < 0.1) {
      const i = Math.floor(random() * 18);
      noisyId = id.slice(0, i) + String((Number(id[i]) + 1 + Math.floor(random() * 9)) % 10) + id.slice(i + 1);
    }
    const noisySex = random() < 0.01 ? (sex === 'M' ? 'F' : 'M') : sex;
    records.push({ id: `b${p}`, source: 'b', fields: { name: noisyName, birthDate: noisyDate, id: noisyId, sex: noisySex } });

    if (noisyName === name) agree.name++;
    if (noisyDate === birthDate) agree.birthDate++;
    if (noisyId !== null) agree.idPresent++;
    if (noisyId === id) agree.id++;
    if (noisySex === sex) agree.sex++;
  }
  const realised = { name: agree.name / PEOPLE, birthDate: agree.birthDate / PEOPLE, id: agree.id / agree.idPresent, sex: agree.sex / PEOPLE };
  return { records, realised };
}

const TRAINING_SETTINGS: LinkSettings = {
  linkType: 'link_only',
  blockingRules: [
    { name: 'id', keys: [{ field: 'id' }] },
    { name: 'birth date', keys: [{ field: 'birthDate' }] },
    { name: 'name + birth year', keys: [{ field: 'name' }, { field: 'birthDate', prefix: 4 }] },
  ],
  comparisons: [
    { name: 'name', fields: ['name'], levels: [{ label: 'exact', test: 'exact' }, { label: 'similar', test: 'jaroWinkler', threshold: 0.9 }] },
    { name: 'birth date', fields: ['birthDate'], levels: [{ label: 'exact', test: 'exact' }, { label: 'one day', test: 'dateNear', days: 1 }] },
    { name: 'id', fields: ['id'], levels: [{ label: 'exact', test: 'exact' }, { label: 'one digit', test: 'oneEdit' }] },
    { name: 'sex', fields: ['sex'], levels: [{ label: 'exact', test: 'exact' }] },
  ],
  thresholds: { link: 6, review: 2 },
  matchProbability: 0.3,
  // Each session leaves at least two comparisons active (a single one would not identify m).
  training: { uSamplePairs: U_PAIRS, seed: 11, sessions: ['id', 'birth date'] },
};

describe('trainModel on a synthetic population with known error rates', () => {
  const { records, realised } = population(31);
  const comparisons = compileComparisons(TRAINING_SETTINGS);
  const pairs = blockPairs(records, TRAINING_SETTINGS);
  const compared = comparePairs(records, pairs, comparisons);
  let trained: LinkSettings;
  let report: TrainingReport;
  beforeAll(() => {
    ({ settings: trained, report } = trainModel(records, TRAINING_SETTINGS, comparisons, compared.patterns));
  });
  const level = (comparison: string, label: string) => {
    const c = trained.comparisons.find((x) => x.name === comparison)!;
    return label === 'else' ? c.else! : c.levels.find((l) => l.label === label)!;
  };

  // m of an exact level is a proportion over ~1,800 matched pairs: its standard error is at most
  // √(0.9·0.1/1800) ≈ 0.007. EM adds a little more (non-matches sharing a birth date it must tell
  // apart), so 0.03, about four standard errors, fails only on a real estimation error: a
  // session that learned the wrong thing is off by 0.1 or more.
  test.each([
    { comparison: 'name', field: 'name' as const },
    { comparison: 'birth date', field: 'birthDate' as const },
    { comparison: 'id', field: 'id' as const },
    { comparison: 'sex', field: 'sex' as const },
  ])('EM recovers m of the $comparison exact level', ({ comparison, field }) => {
    expect(Math.abs(level(comparison, 'exact').m! - realised[field])).toBeLessThan(0.03);
  });

  test('the near levels get the noise the generator put there', () => {
    // One day off 6%, one digit off 5% of the present IDs (≈ 5.3%): the near level, not else, takes it.
    expect(level('birth date', 'one day').m!).toBeGreaterThan(0.03);
    expect(level('birth date', 'else').m!).toBeLessThan(0.01);
    expect(level('id', 'one digit').m!).toBeGreaterThan(0.03);
    expect(level('id', 'else').m!).toBeLessThan(0.01);
  });

  test('m of every comparison sums to 1', () => {
    for (const c of trained.comparisons) {
      const total = c.levels.reduce((s, l) => s + l.m!, 0) + c.else!.m!;
      // Up to PROBABILITY_FLOOR over per level: a level EM empties is floored, not zero.
      expect(Math.abs(total - 1)).toBeLessThanOrEqual((c.levels.length + 1) * PROBABILITY_FLOOR);
    }
  });

  test('each session trains the comparisons not on its own keys', () => {
    expect(report.sessions.map((s) => [s.blockingRule, s.trained])).toEqual([
      ['id', ['name', 'birth date', 'sex']],
      ['birth date', ['name', 'id', 'sex']],
    ]);
    for (const s of report.sessions) expect(s.converged).toBe(true);
    expect(report.uSamplePairs).toBe(U_PAIRS);
  });

  test('u of a rare exact level (an ID number) is the value-frequency estimate Σ f(f−1) / (n(n−1))', () => {
    const frequency = new Map<string, number>();
    let present = 0;
    for (const r of records) {
      const v = r.fields.id;
      if (typeof v !== 'string') continue;
      present++;
      frequency.set(v, (frequency.get(v) ?? 0) + 1);
    }
    let shared = 0;
    for (const f of frequency.values()) shared += f * (f - 1);
    const expected = shared / (present * (present - 1));
    expect(level('id', 'exact').u!).toBeCloseTo(expected, 12);
    // Shared only by one person's two records: ≈ 2 · 1,800 / 3,800², far below anything sampled.
    expect(expected).toBeLessThan(5e-4);
  });

  test('u of a common exact level (a name) agrees with the cross-source value frequencies', () => {
    // link_only samples uniform pairs of one 'a' and one 'b' record: P(same name) is then
    // Σ_v f_a(v)·f_b(v) / (n_a·n_b). The sample is binomial: 4 standard errors.
    const fa = new Map<string, number>();
    const fb = new Map<string, number>();
    for (const r of records) {
      const map = r.source === 'a' ? fa : fb;
      const v = r.fields.name as string;
      map.set(v, (map.get(v) ?? 0) + 1);
    }
    let shared = 0;
    for (const [v, f] of fa) shared += f * (fb.get(v) ?? 0);
    const expected = shared / (PEOPLE * PEOPLE);
    const error = Math.sqrt((expected * (1 - expected)) / U_PAIRS);
    expect(Math.abs(level('name', 'exact').u! - expected)).toBeLessThan(4 * error);
  });

  test('the match probability is close to the share of candidate pairs that are matches', () => {
    let matches = 0;
    for (let p = 0; p < pairs.count; p++) if (records[pairs.left[p]].id.slice(1) === records[pairs.right[p]].id.slice(1)) matches++;
    expect(Math.abs(trained.matchProbability! - matches / pairs.count)).toBeLessThan(0.03);
  });

  test('the trained model links the population almost perfectly', () => {
    const result = runLinkage(records, trained, { skipTraining: true });
    let correct = 0;
    let predicted = 0;
    for (const pair of result.clustering.joined) {
      predicted++;
      if (records[pair.a].id.slice(1) === records[pair.b].id.slice(1)) correct++;
    }
    expect(correct / predicted).toBeGreaterThan(0.99);
    expect(correct / PEOPLE).toBeGreaterThan(0.97);
  });

  test('training is deterministic for a seed', () => {
    const again = trainModel(records, TRAINING_SETTINGS, comparisons, compared.patterns);
    expect(again.settings).toEqual(trained);
  });
});

// ---------------------------------------------------------------------------------------------

describe('parseSettings', () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(modelSettings()));
  const comparison = (overrides: Partial<ComparisonSettings>): ComparisonSettings => ({ ...modelSettings().comparisons[0], ...overrides });
  /** The good settings' comparisons with the first one changed (the guards still find theirs). */
  const comparisons = (overrides: Partial<ComparisonSettings>): ComparisonSettings[] => [comparison(overrides), modelSettings().comparisons[1]];

  test('accepts good settings and returns them', () => {
    expect(parseSettings(good())).toEqual(modelSettings());
  });

  test.each([
    { description: 'not an object', input: 'link_only', message: 'not an object' },
    { description: 'null', input: null, message: 'not an object' },
    { description: 'unknown link type', input: { ...good(), linkType: 'dedupe_only' }, message: 'linkType must be link_only or dedupe_and_link' },
    { description: 'no blocking rules', input: { ...good(), blockingRules: [] }, message: 'blockingRules must be a non-empty list' },
    { description: 'blocking rules not a list', input: { ...good(), blockingRules: { name: 'x' } }, message: 'blockingRules must be a non-empty list' },
    { description: 'blocking rule without keys', input: { ...good(), blockingRules: [{ name: 'x', keys: [] }] }, message: 'needs a name and keys' },
    { description: 'blocking rule without a name', input: { ...good(), blockingRules: [{ keys: [{ field: 'a' }] }] }, message: 'needs a name and keys' },
    { description: 'blocking key without a field', input: { ...good(), blockingRules: [{ name: 'x', keys: [{ prefix: 4 }] }] }, message: 'blocking rule x: each key needs a field' },
    { description: 'no comparisons', input: { ...good(), comparisons: [] }, message: 'comparisons must be a non-empty list' },
    { description: 'two comparisons with one name', input: { ...good(), comparisons: [comparison({}), comparison({})] }, message: 'comparison names must be unique strings (name)' },
    { description: 'comparison without fields', input: { ...good(), comparisons: comparisons({ fields: [] }) }, message: 'comparison name needs fields' },
    { description: 'comparison without levels', input: { ...good(), comparisons: comparisons({ levels: [] }) }, message: 'comparison name needs levels' },
    {
      description: 'too many levels',
      input: { ...good(), comparisons: comparisons({ levels: Array.from({ length: 31 }, (_, i) => ({ label: `l${i}`, test: 'exact' as const })) }) },
      message: 'comparison name has too many levels',
    },
    {
      description: 'unknown level test',
      input: { ...good(), comparisons: comparisons({ levels: [{ label: 'x', test: 'soundex' } as never] }) },
      message: 'comparison name: unknown level test "soundex"',
    },
    {
      description: "a level labelled 'else'",
      input: { ...good(), comparisons: comparisons({ levels: [{ label: 'else', test: 'exact' }] }) },
      message: 'comparison name: "else" is reserved',
    },
    {
      description: "a level labelled 'null'",
      input: { ...good(), comparisons: comparisons({ levels: [{ label: 'null', test: 'exact' }] }) },
      message: 'comparison name: "null" is reserved',
    },
    {
      description: 'guard naming an unknown comparison',
      input: { ...good(), guards: [{ name: 'g', when: [{ comparison: 'phone', levels: ['exact'] }], action: 'review' }] },
      message: 'guard g names unknown comparison phone',
    },
    {
      description: 'guard with an unknown action',
      input: { ...good(), guards: [{ name: 'g', when: [{ comparison: 'name', levels: ['exact'] }], action: 'block' }] },
      message: 'guard g: action must be review or nonLink',
    },
    { description: 'no thresholds', input: { ...good(), thresholds: undefined }, message: 'thresholds need numbers link ≥ review' },
    { description: 'threshold as a string', input: { ...good(), thresholds: { link: '8', review: 4 } }, message: 'thresholds need numbers link ≥ review' },
    { description: 'review above link', input: { ...good(), thresholds: { link: 4, review: 8 } }, message: 'thresholds need numbers link ≥ review' },
  ])('rejects $description', ({ input, message }) => {
    expect(() => parseSettings(input)).toThrow(/^invalid link settings: /);
    expect(() => parseSettings(input)).toThrow(message);
  });

  // Settings that are well-formed JSON but would crash later or misbehave silently.
  test.each([
    { description: 'a blocking rule that is null ', input: { ...good(), blockingRules: [null] } },
    { description: 'a blocking key that is null ', input: { ...good(), blockingRules: [{ name: 'x', keys: [null] }] } },
    { description: 'a comparison that is null ', input: { ...good(), comparisons: [null] } },
    { description: 'a level that is null ', input: { ...good(), comparisons: comparisons({ levels: [null as never] }) } },
    { description: "a guard without 'when' ", input: { ...good(), guards: [{ name: 'g', action: 'review' }] } },
    { description: 'guards not a list ', input: { ...good(), guards: { name: 'g' } } },
    { description: 'an exclusive constraint without a field', input: { ...good(), exclusive: [{ source: 'police' }] } },
    {
      description: "a level's fields given as a string",
      input: { ...good(), comparisons: comparisons({ levels: [{ label: 'x', test: 'exact', fields: 'name' as never }] }) },
    },
    { description: 'maxBlockSize not a number', input: { ...good(), blockingRules: [{ name: 'x', keys: [{ field: 'a' }], maxBlockSize: 'big' }] } },
    { description: 'matchProbability above 1', input: { ...good(), matchProbability: 2 } },
    { description: 'm above 1', input: { ...good(), comparisons: comparisons({ levels: [{ label: 'x', test: 'exact', m: 3 }] }) } },
  ])('rejects $description with a clear message', ({ input }) => {
    expect(() => parseSettings(input)).toThrow('invalid link settings');
  });
});
