import { blockingKey, blockPairs, CandidatePairs } from '../../../reconciliation/blocking';
import type { BlockingRule, FieldValue, LinkSettings, MatchRecord } from '../../../reconciliation/settings';

const record = (id: string, source: string, fields: Record<string, FieldValue>): MatchRecord => ({ id, source, fields });

/** Minimal settings around some blocking rules (comparisons are not read by blocking). */
function settings(blockingRules: BlockingRule[], linkType: LinkSettings['linkType'] = 'dedupe_and_link'): LinkSettings {
  return {
    linkType,
    blockingRules,
    comparisons: [{ name: 'name', fields: ['name'], levels: [{ label: 'exact', test: 'exact' }] }],
    thresholds: { link: 5, review: 0 },
  };
}

/** Pairs as "left-right@rule" strings, in the order blocking produced them. */
function listed(pairs: CandidatePairs): string[] {
  return Array.from({ length: pairs.count }, (_, p) => `${pairs.left[p]}-${pairs.right[p]}@${pairs.rule[p]}`);
}

describe('blockingKey', () => {
  const r = record('r', 'a', {
    birthDate: '2013-04-12',
    namePinyin: 'wang xiao ming',
    sex: 'M',
    flag: true,
    areas: ['500109', '500112'],
    empty: '',
    none: [],
    absent: null,
  });
  test.each([
    { description: 'whole value', keys: [{ field: 'sex' }], expected: 'M' },
    { description: 'prefix: birth year from a date', keys: [{ field: 'birthDate', prefix: 4 }], expected: '2013' },
    { description: 'prefix as long as the value', keys: [{ field: 'sex', prefix: 1 }], expected: 'M' },
    { description: 'prefix longer than the value → no key', keys: [{ field: 'sex', prefix: 2 }], expected: null },
    { description: 'firstToken: the surname of a pinyin name', keys: [{ field: 'namePinyin', firstToken: true }], expected: 'wang' },
    { description: 'firstToken of a one-word value is the value', keys: [{ field: 'sex', firstToken: true }], expected: 'M' },
    { description: 'firstToken then prefix', keys: [{ field: 'namePinyin', firstToken: true, prefix: 2 }], expected: 'wa' },
    { description: 'boolean value', keys: [{ field: 'flag' }], expected: 'true' },
    { description: 'list value, joined', keys: [{ field: 'areas' }], expected: '500109;500112' },
    { description: 'two parts joined by a separator no value contains', keys: [{ field: 'namePinyin', firstToken: true }, { field: 'birthDate' }], expected: 'wang\u00012013-04-12' },
    { description: 'null value → no key', keys: [{ field: 'absent' }], expected: null },
    { description: 'empty string → no key', keys: [{ field: 'empty' }], expected: null },
    { description: 'empty list → no key', keys: [{ field: 'none' }], expected: null },
    { description: 'field the record does not have → no key', keys: [{ field: 'nowhere' }], expected: null },
    { description: 'one part missing among several → no key', keys: [{ field: 'sex' }, { field: 'absent' }, { field: 'birthDate' }], expected: null },
  ])('$description', ({ keys, expected }) => {
    expect(blockingKey(r, { name: 'rule', keys })).toBe(expected);
  });

  test('two parts cannot collide with one part holding the same text', () => {
    const a = record('a', 's', { x: 'ab', y: 'c' });
    const b = record('b', 's', { x: 'a', y: 'bc' });
    const rule = { name: 'x+y', keys: [{ field: 'x' }, { field: 'y' }] };
    expect(blockingKey(a, rule)).not.toBe(blockingKey(b, rule));
  });
});

describe('blockPairs', () => {
  test('proposes every pair within a block, none across blocks, none for records without a key', () => {
    const records = [
      record('0', 'a', { k: 'x' }),
      record('1', 'a', { k: 'y' }),
      record('2', 'a', { k: 'x' }),
      record('3', 'a', { k: null }),
      record('4', 'a', { k: 'x' }),
      record('5', 'a', { k: null }),
    ];
    const pairs = blockPairs(records, settings([{ name: 'k', keys: [{ field: 'k' }] }]));
    expect(listed(pairs)).toEqual(['0-2@0', '0-4@0', '2-4@0']);
    expect(pairs.report).toEqual([{ rule: 'k', pairs: 3, oversizedBlocks: 0, oversizedRecords: 0 }]);
  });

  test.each([
    { description: 'link_only skips pairs within one source', linkType: 'link_only' as const, expected: ['0-1@0', '0-3@0', '1-2@0', '2-3@0'] },
    { description: 'dedupe_and_link keeps them', linkType: 'dedupe_and_link' as const, expected: ['0-1@0', '0-2@0', '0-3@0', '1-2@0', '1-3@0', '2-3@0'] },
  ])('$description', ({ linkType, expected }) => {
    const records = [record('0', 'civil', { k: 'x' }), record('1', 'police', { k: 'x' }), record('2', 'civil', { k: 'x' }), record('3', 'police', { k: 'x' })];
    expect(listed(blockPairs(records, settings([{ name: 'k', keys: [{ field: 'k' }] }], linkType)))).toEqual(expected);
  });

  test('a pair an earlier rule found is not proposed again; each rule counts only what it adds', () => {
    const records = [
      record('0', 's', { id: 'A', name: 'wang', year: '2013' }),
      record('1', 's', { id: 'A', name: 'wang', year: '2013' }), // found by id, and again by name+year
      record('2', 's', { id: 'B', name: 'wang', year: '2013' }), // only name+year reaches it
      record('3', 's', { id: 'C', name: 'li', year: '2013' }),
      record('4', 's', { id: 'C', name: 'li', year: '2014' }), // only id
    ];
    const rules: BlockingRule[] = [
      { name: 'id', keys: [{ field: 'id' }] },
      { name: 'name+year', keys: [{ field: 'name' }, { field: 'year' }] },
      { name: 'year', keys: [{ field: 'year' }] },
    ];
    const pairs = blockPairs(records, settings(rules));
    expect(listed(pairs)).toEqual(['0-1@0', '3-4@0', '0-2@1', '1-2@1', '0-3@2', '1-3@2', '2-3@2']);
    expect(pairs.report.map((r) => [r.rule, r.pairs])).toEqual([
      ['id', 2],
      ['name+year', 2],
      ['year', 3],
    ]);
    // Each pair exactly once.
    const unordered = listed(pairs).map((p) => p.split('@')[0]);
    expect(new Set(unordered).size).toBe(unordered.length);
  });

  test('a block larger than maxBlockSize is skipped and reported; smaller ones are kept', () => {
    const records = [
      ...Array.from({ length: 5 }, (_, i) => record(`big${i}`, 's', { phone: '13800000000' })),
      record('s0', 's', { phone: '13911111111' }),
      record('s1', 's', { phone: '13911111111' }),
    ];
    const pairs = blockPairs(records, settings([{ name: 'phone', keys: [{ field: 'phone' }], maxBlockSize: 4 }]));
    expect(listed(pairs)).toEqual(['5-6@0']);
    expect(pairs.report).toEqual([{ rule: 'phone', pairs: 1, oversizedBlocks: 1, oversizedRecords: 5 }]);
    // A block exactly at the limit is not oversized.
    const atLimit = blockPairs(records.slice(1), settings([{ name: 'phone', keys: [{ field: 'phone' }], maxBlockSize: 4 }]));
    expect(atLimit.report[0]).toMatchObject({ pairs: 7, oversizedBlocks: 0 });
  });

  test('without maxBlockSize a block of 200 is kept and one of 201 is skipped', () => {
    const make = (n: number) => Array.from({ length: n }, (_, i) => record(`${i}`, 's', { k: 'x' }));
    expect(blockPairs(make(200), settings([{ name: 'k', keys: [{ field: 'k' }] }])).count).toBe((200 * 199) / 2);
    const over = blockPairs(make(201), settings([{ name: 'k', keys: [{ field: 'k' }] }]));
    expect(over.count).toBe(0);
    expect(over.report[0]).toMatchObject({ oversizedBlocks: 1, oversizedRecords: 201 });
  });

  // A block skipped as oversized proposed nothing, so later rules must still propose its pairs.
  test('a pair skipped in an oversized block can still come from a later rule', () => {
    const records = Array.from({ length: 4 }, (_, i) => record(`${i}`, 's', { phone: 'same', year: i < 2 ? '2013' : `${2014 + i}` }));
    const rules: BlockingRule[] = [
      { name: 'phone', keys: [{ field: 'phone' }], maxBlockSize: 3 },
      { name: 'year', keys: [{ field: 'year' }] },
    ];
    expect(listed(blockPairs(records, settings(rules)))).toEqual(['0-1@1']);
  });

  test('focus keeps only pairs touching a focused record', () => {
    const records = Array.from({ length: 5 }, (_, i) => record(`${i}`, 's', { k: 'x' }));
    const focus = Uint8Array.from([0, 0, 1, 0, 0]);
    const pairs = blockPairs(records, settings([{ name: 'k', keys: [{ field: 'k' }] }]), { focus });
    expect(listed(pairs)).toEqual(['0-2@0', '1-2@0', '2-3@0', '2-4@0']);
    const none = blockPairs(records, settings([{ name: 'k', keys: [{ field: 'k' }] }]), { focus: new Uint8Array(5) });
    expect(none.count).toBe(0);
  });

  test("focus applies to every rule, and a later rule still does not re-propose an earlier rule's pair", () => {
    const records = [record('0', 's', { id: 'A', y: '1' }), record('1', 's', { id: 'A', y: '1' }), record('2', 's', { id: 'B', y: '1' })];
    const rules: BlockingRule[] = [
      { name: 'id', keys: [{ field: 'id' }] },
      { name: 'y', keys: [{ field: 'y' }] },
    ];
    const pairs = blockPairs(records, settings(rules), { focus: Uint8Array.from([1, 0, 0]) });
    expect(listed(pairs)).toEqual(['0-1@0', '0-2@1']);
  });

  test('with multi-part keys, focus gives exactly the unfocused pairs that touch a focused record, from the same rules', () => {
    // Parts that agree with a focused record's part while the whole key differs, missing parts,
    // prefixes and first tokens: the cases where passing over a record by its parts could go wrong.
    const records = Array.from({ length: 400 }, (_, i) =>
      record(`${i}`, i % 3 === 0 ? 'police' : 'civil', {
        name: i % 17 === 0 ? null : `${['wang', 'li', 'zhang', 'liu'][(i * 7) % 4]} ${['xiao', 'ming', 'hua'][(i * 5) % 3]}`,
        birthDate: `${2008 + ((i * 11) % 6)}-0${1 + (i % 3)}-1${i % 4}`,
        village: i % 13 === 0 ? '' : `5001090010${(i * 3) % 5}`,
        id: `${(i * 31) % 211}`,
      }),
    );
    const rules: BlockingRule[] = [
      { name: 'id', keys: [{ field: 'id' }] },
      { name: 'surname+year', keys: [{ field: 'name', firstToken: true }, { field: 'birthDate', prefix: 4 }] },
      { name: 'date+village', keys: [{ field: 'birthDate' }, { field: 'village' }] },
    ];
    const focus = Uint8Array.from(records, (_, i) => (i % 29 === 3 ? 1 : 0));
    const all = listed(blockPairs(records, settings(rules)));
    const touching = all.filter((pair) => pair.split('@')[0].split('-').some((i) => focus[Number(i)] === 1));
    const focused = listed(blockPairs(records, settings(rules), { focus }));
    expect(touching.length).toBeGreaterThan(20);
    expect([...focused].sort()).toEqual([...touching].sort());
  });

  test('with a listed part (every reading of a name), focus gives exactly the unfocused pairs that touch a focused record', () => {
    // Readings as a list or one string, lists sharing only their second reading, a cut listed
    // part (first token), a cut part checked after an uncut one, missing values: what passing over
    // a record by its parts before building its keys must not get wrong.
    // One of 40 spellings, scattered (a record's readings must not repeat another record's pattern).
    const spelling = (i: number, salt: number) => {
      const k = ((i * 7919 + salt * 104729) % 1009) % 40;
      return `${['wang', 'li', 'zhang', 'liu'][k % 4]} ${['si', 'cai', 'bo', 'bai', 'yu', 'xuan', 'han', 'tong', 'ming', 'hua'][Math.floor(k / 4)]}`;
    };
    const records = Array.from({ length: 500 }, (_, i) =>
      record(`${i}`, i % 3 === 0 ? 'police' : 'civil', {
        readings: i % 19 === 0 ? null : i % 4 === 0 ? spelling(i, 0) : [spelling(i, 1), spelling(i, 2), ''],
        birthDate: i % 23 === 0 ? null : `${2008 + ((i * 13) % 5)}-0${1 + (i % 4)}-1${i % 3}`,
        village: `5001090010${(i * 3) % 4}`,
      }),
    );
    const rules: BlockingRule[] = [
      { name: 'year+surname+village', keys: [{ field: 'birthDate', prefix: 4 }, { field: 'readings', eachValue: true, firstToken: true }, { field: 'village' }] },
      { name: 'readings+year', keys: [{ field: 'readings', eachValue: true }, { field: 'birthDate', prefix: 4 }] },
      { name: 'year+village', keys: [{ field: 'birthDate', prefix: 4 }, { field: 'village' }] },
    ];
    const focus = Uint8Array.from(records, (_, i) => (i % 97 === 5 ? 1 : 0));
    const all = listed(blockPairs(records, settings(rules)));
    const touching = all.filter((pair) => pair.split('@')[0].split('-').some((i) => focus[Number(i)] === 1));
    const focused = listed(blockPairs(records, settings(rules), { focus }));
    expect(touching.filter((pair) => pair.endsWith('@0')).length).toBeGreaterThan(20);
    expect(touching.filter((pair) => pair.endsWith('@1')).length).toBeGreaterThan(20);
    expect([...focused].sort()).toEqual([...touching].sort());
  });

  test('left < right in every pair, and the same records in the same order give the same pairs', () => {
    const records = Array.from({ length: 300 }, (_, i) =>
      record(`${i}`, i % 3 === 0 ? 'police' : 'civil', { year: `${2010 + ((i * 7) % 5)}`, surname: ['wang', 'li', 'zhang'][(i * 11) % 3], id: `${(i * 13) % 97}` }),
    );
    const rules: BlockingRule[] = [
      { name: 'id', keys: [{ field: 'id' }] },
      { name: 'surname+year', keys: [{ field: 'surname' }, { field: 'year' }] },
    ];
    const first = blockPairs(records, settings(rules));
    const second = blockPairs(records.map((r) => ({ ...r, fields: { ...r.fields } })), settings(rules));
    expect(listed(second)).toEqual(listed(first));
    expect(first.count).toBeGreaterThan(0);
    for (let p = 0; p < first.count; p++) expect(first.left[p]).toBeLessThan(first.right[p]);
  });

  test('the pairs grow past the first buffer (65,536 pairs) intact', () => {
    const records = Array.from({ length: 800 }, (_, i) => record(`${i}`, 's', { k: `${i % 2}` }));
    const pairs = blockPairs(records, settings([{ name: 'k', keys: [{ field: 'k' }], maxBlockSize: 1000 }]));
    expect(pairs.count).toBe(2 * ((400 * 399) / 2)); // 159,600: the buffer doubles twice
    expect(pairs.left.length).toBe(pairs.count);
    const last = pairs.count - 1;
    expect([pairs.left[last], pairs.right[last], pairs.rule[last]]).toEqual([797, 799, 0]);
    expect([pairs.left[0], pairs.right[0]]).toEqual([0, 2]);
    // Nothing lost or garbled where the buffer grew: block '0' (even records) fills the first
    // 79,800 pairs, block '1' the rest, each in increasing (left, right) order.
    const half = (400 * 399) / 2;
    let broken = 0;
    for (let p = 0; p < pairs.count; p++) {
      if (pairs.left[p] % 2 !== (p < half ? 0 : 1) || pairs.right[p] % 2 !== pairs.left[p] % 2) broken++;
      if (p > 0 && p !== half && !(pairs.left[p] > pairs.left[p - 1] || (pairs.left[p] === pairs.left[p - 1] && pairs.right[p] > pairs.right[p - 1]))) broken++;
    }
    expect(broken).toBe(0);
  });

  test('more than 255 rules is refused (rule indexes are bytes)', () => {
    const rules = Array.from({ length: 256 }, (_, i) => ({ name: `r${i}`, keys: [{ field: 'k' }] }));
    expect(() => blockPairs([record('0', 's', { k: 'x' })], settings(rules))).toThrow('at most 255 blocking rules');
  });
});
