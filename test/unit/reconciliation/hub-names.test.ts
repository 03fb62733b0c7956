// Chinese names as the hub compares them (issue 12, part A): polyphonic characters (多音字) are
// homophones on any of their readings, homophone namesakes with nothing else in common are not
// linked automatically, and a trained model's weights never run backwards. End to end through
// runLinkage with the real settings file, mixed into a generated background county like
// hub-matching.test.ts; the cases live in another county, each in its own village and birth year.
import { blockPairs } from '../../../reconciliation/blocking';
import { compileComparison } from '../../../reconciliation/comparison';
import { HUB_SETTINGS_FILE, loadSettingsFile } from '../../../reconciliation/hub';
import { compileComparisons, LinkageResult, runLinkage } from '../../../reconciliation/linkage';
import { nameReadings, namePinyin } from '../../../reconciliation/normalise/pinyin';
import { MatchModel } from '../../../reconciliation/scoring/model';
import { monotoneM } from '../../../reconciliation/scoring/monotone';
import { comparePair } from '../../../reconciliation/scoring/patterns';
import { LinkSettings, MatchRecord, parseSettings } from '../../../reconciliation/settings';
import { idNumber, matchRecord, RawRow, rowKey, syntheticChildren } from '../../support/synthetic-children';

const COUNTY = '500113';
const village = (k: number): string => `${COUNTY}102${String(201 + k)}`;
/** Another village of the same town. */
const nextVillage = (k: number): string => `${COUNTY}102${String(240 + k)}`;
const born = (k: number, monthDay: string): string => `${2008 + k}-${monthDay}`;
const id = (k: number, monthDay: string, sequence: number): string => idNumber(COUNTY, born(k, monthDay), sequence);
const adultId = (k: number, sequence: number): string => idNumber(COUNTY, `1986-0${1 + (k % 9)}-1${k % 10}`, sequence);

function parents(k: number, surname: string): RawRow {
  return { father_name: `${surname}建军`, father_id_number: adultId(k, 11), mother_name: '孙秀兰', mother_id_number: adultId(k, 22) };
}

type Source = 'civil-affairs' | 'education' | 'police';
interface CaseRow {
  child: string;
  source: Source;
  row: RawRow;
}
interface NameCase {
  description: string;
  records: [CaseRow, CaseRow];
  expected: 'same child' | 'not linked';
}

const CASES: NameCase[] = [
  {
    description: '偲 read sī: 王偲涵 / 王思涵, same valid ID number, same birth date, same parents',
    records: [
      { child: 'A', source: 'civil-affairs', row: { record_id: 'n0-ca', name: '王思涵', sex: '女', birth_date: born(0, '03-14'), id_number: id(0, '03-14', 42), area_code: village(0), ...parents(0, '王') } },
      { child: 'A', source: 'police', row: { id_number: id(0, '03-14', 42), name: '王偲涵', sex: '女', birth_date: born(0, '03-14'), area_code: village(0), ...parents(0, '王') } },
    ],
    expected: 'same child',
  },
  {
    description: '柏 read bó: 冉轩柏 / 冉轩博, same valid ID number, same birth date, the guardian is the householder',
    records: [
      { child: 'A', source: 'education', row: { student_number: `G${id(1, '08-02', 51)}`, name: '冉轩博', sex: '男', birth_date: born(1, '08-02'), id_number: id(1, '08-02', 51), area_code: village(1), guardian_name: '冉德福' } },
      { child: 'A', source: 'police', row: { id_number: id(1, '08-02', 51), name: '冉轩柏', sex: '男', birth_date: born(1, '08-02'), area_code: village(1), householder_name: '冉德福' } },
    ],
    expected: 'same child',
  },
  {
    description: 'homophone namesakes 吴子涵 / 吴梓涵: born a day apart in one village, different fathers, one without an ID number',
    records: [
      { child: 'A', source: 'civil-affairs', row: { record_id: 'n2-ca', name: '吴子涵', sex: '女', birth_date: born(2, '05-20'), id_number: '', area_code: village(2), father_name: '吴志强', guardian_phone: '13900002002' } },
      { child: 'B', source: 'police', row: { id_number: id(2, '05-21', 62), name: '吴梓涵', sex: '女', birth_date: born(2, '05-21'), area_code: village(2), father_name: '吴国平' } },
    ],
    expected: 'not linked',
  },
  {
    description: 'homophone namesakes 李语桐 / 李雨桐: born a day apart in one village, no family fields at all, one without an ID number',
    records: [
      { child: 'A', source: 'education', row: { student_number: 'L500113201109090001', name: '李语桐', sex: '女', birth_date: born(3, '09-09'), id_number: '', area_code: village(3) } },
      { child: 'B', source: 'police', row: { id_number: id(3, '09-10', 71), name: '李雨桐', sex: '女', birth_date: born(3, '09-10'), area_code: village(3) } },
    ],
    expected: 'not linked',
  },
  {
    description: 'namesakes 赵子涵 / 赵子涵 in two villages: born a day apart, neither with an ID number, no family fields',
    records: [
      { child: 'A', source: 'education', row: { student_number: 'L500113201203260001', name: '赵子涵', sex: '女', birth_date: born(4, '03-26'), id_number: '', area_code: village(4) } },
      { child: 'B', source: 'education', row: { student_number: 'L500113201203250002', name: '赵子涵', sex: '女', birth_date: born(4, '03-25'), id_number: '', area_code: nextVillage(4) } },
    ],
    expected: 'not linked',
  },
  {
    description: 'homophone namesakes 谢希思 / 谢夕思 born the same day in one village: one without an ID number, two different fathers and guardians',
    records: [
      { child: 'A', source: 'civil-affairs', row: { record_id: 'n5-ca-a', name: '谢希思', sex: '女', birth_date: born(5, '09-24'), id_number: id(5, '09-24', 92), area_code: village(5), father_name: '谢勇大', mother_name: '何萍', guardian_phone: '15800005005' } },
      { child: 'B', source: 'civil-affairs', row: { record_id: 'n5-ca-b', name: '谢夕思', sex: '女', birth_date: born(5, '09-24'), id_number: '', area_code: village(5), father_name: '唐华军', mother_name: '曾芳', guardian_phone: '15700005005' } },
    ],
    expected: 'not linked',
  },
  {
    description: '筠 read jūn and 麟/玲 a clerk\'s -n/-ng: 张钧麟 / 张筠玲, same birth date, same mother, one without an ID number',
    records: [
      { child: 'A', source: 'civil-affairs', row: { record_id: 'n6-ca', name: '张钧麟', sex: '女', birth_date: born(6, '04-03'), id_number: '', area_code: village(6), mother_name: '张凤玲', mother_id_number: adultId(6, 22) } },
      { child: 'A', source: 'police', row: { id_number: id(6, '04-03', 68), name: '张筠玲', sex: '女', birth_date: born(6, '04-03'), area_code: village(6), mother_name: '张凤玲', mother_id_number: adultId(6, 22) } },
    ],
    expected: 'same child',
  },
  {
    description: 'homophone namesakes 于家诚 / 于嘉诚 in two towns, born a day apart, each with a valid ID number of its own',
    records: [
      { child: 'A', source: 'civil-affairs', row: { record_id: 'n7-ca', name: '于家诚', sex: '男', birth_date: born(7, '03-21'), id_number: idNumber('320803', born(7, '03-21'), 65), area_code: village(7), father_name: '胡波' } },
      { child: 'B', source: 'police', row: { id_number: id(7, '03-22', 98), name: '于嘉诚', sex: '男', birth_date: born(7, '03-22'), area_code: `${COUNTY}005204`, father_name: '于斌伟' } },
    ],
    expected: 'not linked',
  },
  {
    description: "twins 刘涵涵 / 刘偲涵: the roster's row for 刘偲涵 (typed 刘丝涵, sex blank) carries her sister's ID number",
    records: [
      { child: 'A', source: 'civil-affairs', row: { record_id: 'n8-ca', name: '刘丝涵', sex: '', birth_date: born(8, '09-10'), id_number: id(8, '09-10', 78), area_code: village(8), ...parents(8, '刘') } },
      { child: 'B', source: 'police', row: { id_number: id(8, '09-10', 78), name: '刘涵涵', sex: '女', birth_date: born(8, '09-10'), area_code: village(8), ...parents(8, '刘') } },
    ],
    expected: 'not linked',
  },
  {
    description: 'namesakes 王梓萱 / 王梓萱 born the same day in two towns, each with a valid ID number of her own',
    records: [
      { child: 'A', source: 'education', row: { student_number: `G${id(9, '07-21', 12)}`, name: '王梓萱', sex: '女', birth_date: born(9, '07-21'), id_number: id(9, '07-21', 12), area_code: village(9) } },
      { child: 'B', source: 'education', row: { student_number: `G${idNumber('500240', born(9, '07-21'), 714)}`, name: '王梓萱', sex: '女', birth_date: born(9, '07-21'), id_number: idNumber('500240', born(9, '07-21'), 714), area_code: `${COUNTY}009241` } },
    ],
    expected: 'not linked',
  },
  {
    description: 'twins 张诺雨 (a girl) / 张诺煜 (a boy): homophone names, one birth date, one village, the boy without an ID number',
    records: [
      { child: 'A', source: 'education', row: { student_number: `G${id(10, '10-19', 26)}`, name: '张诺雨', sex: '女', birth_date: born(10, '10-19'), id_number: id(10, '10-19', 26), area_code: village(10) } },
      { child: 'B', source: 'education', row: { student_number: 'L500113201810190001', name: '张诺煜', sex: '男', birth_date: born(10, '10-19'), id_number: '', area_code: village(10) } },
    ],
    expected: 'not linked',
  },
];

describe('polyphonic characters: every reading of a name', () => {
  test('the usual spelling comes first, then the others', () => {
    expect(nameReadings('王偲涵')).toEqual(['wang cai han', 'wang si han']);
    expect(nameReadings('王偲涵')![0]).toBe(namePinyin('王偲涵'));
    expect(nameReadings('冉轩柏')).toContain('ran xuan bo');
    expect(nameReadings('买买提·艾力')![0]).toBe('mai mai ti ai li');
    expect(nameReadings('')).toBeNull();
  });

  test('a name of many polyphonic characters carries a bounded list', () => {
    expect(nameReadings('乐乐乐乐乐乐')!.length).toBeLessThanOrEqual(32);
  });

  const comparison = compileComparison(loadSettingsFile(HUB_SETTINGS_FILE).comparisons.find((c) => c.name === 'name')!);
  const level = (a: string, b: string) => {
    const [left, right] = [a, b].map((name) => matchRecord('police', { id_number: '', name }, name).fields);
    return comparison.labels[comparison.levelOf(left, right)];
  };
  test.each([
    ['王偲涵', '王思涵'],
    ['冉轩柏', '冉轩博'],
    ['张筠', '张君'],
    ['刘乐', '刘悦'],
  ])('%s / %s are homophones', (a, b) => {
    expect(level(a, b)).toBe('homophone');
  });
  test('names with no reading in common are not', () => {
    expect(level('王偲涵', '王梓涵')).not.toBe('homophone');
  });

  test('the name + birth year block takes every spelling, so a polyphone pair shares a block', () => {
    const settings = loadSettingsFile(HUB_SETTINGS_FILE);
    const rule = settings.blockingRules.find((r) => r.name === 'name pinyin + birth year')!;
    const records = [
      matchRecord('civil-affairs', { record_id: 'a', name: '王思涵', birth_date: '2012-03-14' }, 'a'),
      matchRecord('police', { id_number: '', name: '王偲涵', birth_date: '2012-09-01' }, 'b'),
      matchRecord('education', { student_number: 'L1', name: '王偲涵', birth_date: '2012-11-30' }, 'c'),
    ];
    const pairs = blockPairs(records, { ...settings, blockingRules: [rule] });
    const found = Array.from(pairs.left, (a, p) => `${a}-${pairs.right[p]}`).sort();
    // b and c share both their spellings: still one pair.
    expect(found).toEqual(['0-1', '0-2', '1-2']);
    // A later rule on the same records does not propose them again.
    const later = blockPairs(records, { ...settings, blockingRules: [rule, { name: 'birth year', keys: [{ field: 'birthDate', prefix: 4 }] }] });
    expect(later.count).toBe(3);
    expect(later.report.map((r) => r.pairs)).toEqual([3, 0]);
    // An incremental run: only pairs touching the record in focus, found through any of its spellings.
    const focused = blockPairs(records, { ...settings, blockingRules: [rule] }, { focus: Uint8Array.from([1, 0, 0]) });
    expect(Array.from(focused.left, (a, p) => `${a}-${focused.right[p]}`).sort()).toEqual(['0-1', '0-2']);
  });
});

describe('monotone levels: agreeing more never weighs less', () => {
  test('an inverted level is pooled with the one it passes; the total m stays', () => {
    // The figures: "similar" at −11.72, below "else" at −6.72.
    const u = [0.001, 0.01, 0.989];
    const m = [0.98, 0.01 * 2 ** -11.72, 0.989 * 2 ** -6.72];
    const fixed = monotoneM(m, u);
    const weights = fixed.map((x, i) => Math.log2(x / u[i]));
    expect(weights[1]).toBeCloseTo(weights[2], 10);
    expect(weights[1]).toBeGreaterThan(-11.72);
    expect(weights[2]).toBeLessThan(-6.72);
    expect(fixed[0]).toBe(m[0]);
    expect(fixed.reduce((s, x) => s + x, 0)).toBeCloseTo(m.reduce((s, x) => s + x, 0), 12);
  });

  test('no m is pooled below the floor the model clamps to, which would lift its weight again', () => {
    const u = [0.5, 0.485, 0.015];
    const fixed = monotoneM([0.999998, 1e-6, 1e-6], u, 1e-6);
    expect(Math.min(...fixed)).toBeGreaterThanOrEqual(1e-6);
    const weights = fixed.map((x, i) => Math.log2(x / u[i]));
    expect(weights[2]).toBeLessThanOrEqual(weights[1] + 1e-9);
  });

  test('levels already in order are left alone', () => {
    expect(monotoneM([0.9, 0.05, 0.05], [0.01, 0.1, 0.89])).toEqual([0.9, 0.05, 0.05]);
  });

  test('a run of inversions pools into one block', () => {
    const fixed = monotoneM([0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]);
    const weights = fixed.map((x, i) => Math.log2(x / [0.4, 0.3, 0.2, 0.1][i]));
    for (const w of weights) expect(w).toBeCloseTo(0, 10);
  });
});

describe('hub matching of names (end to end)', () => {
  let settings: LinkSettings;
  let records: MatchRecord[];
  let result: LinkageResult;
  const caseIndexes: number[][] = [];

  beforeAll(() => {
    const file = loadSettingsFile(HUB_SETTINGS_FILE);
    // As hub-matching.test.ts: fewer random pairs for u under Jest's sandbox.
    settings = { ...file, training: { ...file.training, uSamplePairs: 100_000 } };
    const background = syntheticChildren({ children: 400, seed: 12 });
    records = [...background.records];
    CASES.forEach((c, k) => {
      caseIndexes.push(c.records.map((_, i) => records.length + i));
      records.push(...c.records.map(({ source, row }) => matchRecord(source, row, `names${k}-${rowKey(source, row)}`)));
    });
    result = runLinkage(records, settings);
  });

  test.each(CASES.map((c, k) => ({ ...c, k })))('$description → $expected', ({ k, expected }) => {
    const [a, b] = caseIndexes[k];
    const { clusterOf } = result.clustering;
    expect(clusterOf[a] === clusterOf[b] ? 'same child' : 'not linked').toBe(expected);
  });

  test('homophone namesakes whose families disagree are two children, not a question for a reviewer', () => {
    const [a, b] = caseIndexes[2];
    const pattern = comparePair(records[a], records[b], compileComparisons(result.settings));
    expect(result.model.actionOf(pattern)).toBe('nonLink');
  });

  test('two valid ID numbers of their own are two children, whatever the names and birth dates', () => {
    for (const k of [7, 9]) {
      const [a, b] = caseIndexes[k];
      const pattern = comparePair(records[a], records[b], compileComparisons(result.settings));
      expect(result.model.actionOf(pattern)).toBe('nonLink');
    }
  });

  test('twins of two sexes whose names agree only by sound, with no ID number, wait for a reviewer', () => {
    const [a, b] = caseIndexes[10];
    const pattern = comparePair(records[a], records[b], compileComparisons(result.settings));
    expect(result.model.actionOf(pattern)).toBe('review');
  });

  test('a polyphone pair with the same valid ID number and birth date is not held for review', () => {
    for (const k of [0, 1]) {
      const [a, b] = caseIndexes[k];
      expect(result.reviews.filter((r) => [r.a, r.b].includes(a) && [r.a, r.b].includes(b))).toEqual([]);
    }
  });

  test("the trained model's weights never rise along a comparison's levels", () => {
    const model = new MatchModel(result.settings);
    const rising: string[] = [];
    result.settings.comparisons.forEach((c, i) => {
      // Pattern bytes 1.. are the levels in order, 'else' last (0 is the null level, weight 0).
      const weights = Array.from(model.weights[i].subarray(1));
      for (let l = 1; l < weights.length; l++) {
        if (weights[l] > weights[l - 1] + 1e-9) rising.push(`${c.name}: ${model.labels[i][l + 1]} ${weights[l]} > ${model.labels[i][l]} ${weights[l - 1]}`);
      }
    });
    expect(rising).toEqual([]);
  });

  test('the trained model survives JSON and parseSettings unchanged, weights included', () => {
    const reread = parseSettings(JSON.parse(JSON.stringify(result.settings)));
    expect(reread).toEqual(result.settings);
    const before = new MatchModel(result.settings);
    const after = new MatchModel(reread);
    expect(after.weights.map((w) => Array.from(w))).toEqual(before.weights.map((w) => Array.from(w)));
    expect(after.priorWeight).toBe(before.priorWeight);
  });
});
