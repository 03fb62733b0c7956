// Term-frequency adjustment of a name agreement (issue 12, cause 5): two records called 张子涵
// prove less than two called 张偲筠, because many children are called 张子涵. Real engine, small
// hand-set model (training off) so the arithmetic can be followed.
import { readFileSync } from 'node:fs';
import { HUB_SETTINGS_FILE } from '../../../reconciliation/hub';
import { compileComparisons, explainPair, pairWeight, runLinkage, scorePairsTouching } from '../../../reconciliation/linkage';
import { TermFrequencies } from '../../../reconciliation/scoring/term-frequency';
import { LinkSettings, MatchRecord, parseSettings } from '../../../reconciliation/settings';

const COMMON = '张子涵';

function settings(tf = true): LinkSettings {
  return parseSettings({
    linkType: 'dedupe_and_link',
    blockingRules: [{ name: 'name', keys: [{ field: 'name' }] }],
    comparisons: [
      {
        name: 'name',
        fields: ['name'],
        // log2(0.9 / 0.03) = 4.91; u is the chance that two random records share a name, on average.
        levels: [{ label: 'exact', test: 'exact', m: 0.9, u: 0.03, ...(tf ? { tfAdjustment: { field: 'name' } } : {}) }],
        else: { m: 0.1, u: 0.97 },
      },
      {
        name: 'birth date',
        fields: ['birthDate'],
        levels: [
          { label: 'exact', test: 'exact', m: 0.8, u: 0.001 },
          // log2(0.11 / 0.01) = 3.46: a name and a birth date one day apart are 8.37, just above the link threshold.
          { label: 'one day apart', test: 'dateNear', days: 1, m: 0.11, u: 0.01 },
        ],
        else: { m: 0.09, u: 0.989 },
      },
    ],
    thresholds: { link: 8, review: 4 },
    matchProbability: 0.5,
    training: { enabled: false },
  });
}

const record = (id: string, name: string, birthDate: string): MatchRecord => ({ id, source: id.split('-')[0], fields: { name, birthDate } });

/**
 * 100 records: 20 called 张子涵 (a share of 0.2, far above the average 0.03), two of them born a
 * day apart; two called 张偲筠 (0.02), born a day apart; the rest with names of their own.
 */
function county(): MatchRecord[] {
  const records: MatchRecord[] = [record('police-common', COMMON, '2015-03-14'), record('education-common', COMMON, '2015-03-15')];
  records.push(record('police-rare', '张偲筠', '2015-06-01'), record('education-rare', '张偲筠', '2015-06-02'));
  for (let i = 0; i < 18; i++) records.push(record(`civil-common${i}`, COMMON, `${1995 + i}-01-01`));
  for (let i = 0; records.length < 100; i++) records.push(record(`civil-other${i}`, `名字${i}`, '2016-01-01'));
  return records;
}

function weightBetween(records: MatchRecord[], s: LinkSettings, left: string, right: string) {
  const result = runLinkage(records, s);
  const a = records.findIndex((r) => r.id === left);
  const b = records.findIndex((r) => r.id === right);
  let p = 0;
  while (!((result.pairs.left[p] === a && result.pairs.right[p] === b) || (result.pairs.left[p] === b && result.pairs.right[p] === a))) p++;
  return { result, a, b, weight: pairWeight(result, p), linked: result.clustering.clusterOf[a] === result.clustering.clusterOf[b] };
}

describe('term-frequency adjustment of the name', () => {
  it('a popular name agreeing weighs less than a rare one, by log2(u / share)', () => {
    const records = county();
    const { result } = weightBetween(records, settings(), 'police-common', 'education-common');
    const comparisons = compileComparisons(result.settings);
    const nameWeight = (l: string, r: string) => explainPair(result, comparisons, records.find((x) => x.id === l)!, records.find((x) => x.id === r)!)[0].weight;
    expect(nameWeight('police-rare', 'education-rare')).toBeCloseTo(Math.log2(0.9 / 0.03), 2); // 0.02 < 0.03: not raised
    expect(nameWeight('police-common', 'education-common')).toBeCloseTo(Math.log2(0.9 / 0.03) + Math.log2(0.03 / 0.2), 2);
  });

  it('namesakes with a common name and a near birth date are not linked; a rare name with the same evidence is', () => {
    const records = county();
    const common = weightBetween(records, settings(), 'police-common', 'education-common');
    const rare = weightBetween(records, settings(), 'police-rare', 'education-rare');
    expect(common.weight).toBeLessThan(8);
    expect(common.linked).toBe(false);
    expect(rare.weight).toBeGreaterThanOrEqual(8);
    expect(rare.linked).toBe(true);
    // In the grey zone, the pair goes to review with the weight that kept it there.
    const review = common.result.reviews.find((r) => [r.a, r.b].includes(common.a) && [r.a, r.b].includes(common.b));
    expect(review?.weight).toBeCloseTo(common.weight, 10);
    // Without the adjustment both would link: it is the name's frequency that tells them apart.
    expect(weightBetween(records, settings(false), 'police-common', 'education-common').linked).toBe(true);
  });

  it('the explanation adds up to the weight that decided', () => {
    const records = county();
    const { result, a, b, weight } = weightBetween(records, settings(), 'police-common', 'education-common');
    const explained = explainPair(result, compileComparisons(result.settings), records[a], records[b]);
    expect(explained.reduce((sum, e) => sum + e.weight, result.model.priorWeight)).toBeCloseTo(weight, 1);
  });

  it('an incremental run weighs a pair as the full run did', () => {
    const records = county();
    const s = settings();
    const full = weightBetween(records, s, 'police-common', 'education-common');
    const focus = new Uint8Array(records.length);
    focus[full.b] = 1;
    const touching = scorePairsTouching(records, s, focus).find((p) => [p.a, p.b].includes(full.a) && [p.a, p.b].includes(full.b));
    expect(touching?.weight).toBeCloseTo(full.weight, 10);
    // The records an incremental run re-clusters are a part; the frequencies are the whole file's.
    const part = [records[full.a], records[full.b]];
    const partial = runLinkage(part, s, { skipTraining: true, frequencies: TermFrequencies.of(records, s) });
    expect(pairWeight(partial, 0)).toBeCloseTo(full.weight, 10);
  });
});

describe('term-frequency settings', () => {
  it('hub.json declares the adjustment and it survives JSON → parseSettings', () => {
    const parsed = parseSettings(JSON.parse(readFileSync(HUB_SETTINGS_FILE, 'utf8')));
    const name = parsed.comparisons.find((c) => c.name === 'name')!;
    expect(name.levels.find((l) => l.label === 'homophone')?.tfAdjustment).toEqual({ field: 'nameReadings', uLevel: 'exact as typed' });
    expect(parseSettings(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it.each([
    [{ field: '' }, /needs a field/],
    [{ field: 'name', weight: 2 }, /weight must be a number in \[0, 1\]/],
    [{ field: 'name', ceiling: -1 }, /ceiling must be a number ≥ 0/],
    [{ field: 'name', uLevel: 'no such level' }, /uLevel names no level/],
    [{ field: 'name', clamp: 0 }, /unknown option clamp/],
  ])('rejects %j', (tfAdjustment, message) => {
    const s = JSON.parse(JSON.stringify(settings())) as LinkSettings;
    s.comparisons[0].levels[0].tfAdjustment = tfAdjustment as never;
    expect(() => parseSettings(s)).toThrow(message);
  });
});
