import { AreaCode, InMemoryAreaRegistry, normaliseAreaCode, padAreaCode } from '../../../../reconciliation/normalise';

// A synthetic corner of 北碚区 (500109). 万全村 exists in two towns on purpose.
const registry = new InMemoryAreaRegistry([
  { code: '50', name: '重庆市' },
  { code: '5001', name: '市辖区' },
  { code: '500109', name: '北碚区' },
  { code: '500109110', name: '静观镇' },
  { code: '500109113', name: '三圣镇' },
  { code: '500109110244', name: '素心村村民委员会' },
  { code: '500109110245', name: '万全村村民委员会' },
  { code: '500109113214', name: '古佛村村民委员会' },
  { code: '500109113215', name: '万全村村民委员会' },
  { code: '500109113001', name: '三圣社区居民委员会' },
]);

function summary(area: AreaCode) {
  return { value: area.value, level: area.level, inferredFrom: area.inferredFrom ?? null, codes: area.problems.map((p) => p.code) };
}

describe('normaliseAreaCode without a registry', () => {
  it.each([
    { description: 'a 12-digit village code', raw: '500109110244', expected: { value: '500109110244', level: 'village', inferredFrom: null, codes: [] } },
    { description: 'a 9-digit town code', raw: '500109110', expected: { value: '500109110', level: 'town', inferredFrom: null, codes: ['area-coarse'] } },
    { description: 'a 6-digit county code', raw: '500109', expected: { value: '500109', level: 'county', inferredFrom: null, codes: ['area-coarse'] } },
    { description: 'a county code padded to 12 digits', raw: '500109000000', expected: { value: '500109', level: 'county', inferredFrom: null, codes: ['area-coarse'] } },
    { description: 'a town code padded to 12 digits', raw: '500109110000', expected: { value: '500109110', level: 'town', inferredFrom: null, codes: ['area-coarse'] } },
    { description: 'a county code padded to 9 digits', raw: '500109000', expected: { value: '500109', level: 'county', inferredFrom: null, codes: ['area-coarse'] } },
    { description: 'a city-level code is coarser than a county', raw: '500100', expected: { value: '500100', level: null, inferredFrom: null, codes: ['area-coarse'] } },
    { description: 'a province padded to 12 digits', raw: '500000000000', expected: { value: '500000', level: null, inferredFrom: null, codes: ['area-coarse'] } },
    { description: 'spaces inside', raw: '500109 110 244', expected: { value: '500109110244', level: 'village', inferredFrom: null, codes: [] } },
    { description: 'full-width digits', raw: '５００１０９１１０２４４', expected: { value: '500109110244', level: 'village', inferredFrom: null, codes: [] } },
    { description: "Excel's apostrophe", raw: "'500109110244", expected: { value: '500109110244', level: 'village', inferredFrom: null, codes: [] } },
    { description: 'eleven digits', raw: '50010911024', expected: { value: null, level: null, inferredFrom: null, codes: ['area-format'] } },
    { description: 'letters', raw: '北碚区', expected: { value: null, level: null, inferredFrom: null, codes: ['area-format'] } },
    { description: 'blank', raw: '', expected: { value: null, level: null, inferredFrom: null, codes: ['area-empty'] } },
    { description: 'null', raw: null, expected: { value: null, level: null, inferredFrom: null, codes: ['area-empty'] } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    expect(summary(normaliseAreaCode(raw))).toEqual(expected);
  });
});

describe('normaliseAreaCode with a registry', () => {
  it.each([
    { description: 'a known village', raw: '500109110244', address: null, fallbackPrefix: undefined, expected: { value: '500109110244', level: 'village', inferredFrom: null, codes: [] } },
    { description: 'an unknown village code', raw: '500109110299', address: null, fallbackPrefix: undefined, expected: { value: '500109110299', level: 'village', inferredFrom: null, codes: ['area-unknown'] } },
    { description: 'an unknown county code', raw: '500199', address: null, fallbackPrefix: undefined, expected: { value: '500199', level: 'county', inferredFrom: null, codes: ['area-unknown', 'area-coarse'] } },
    {
      description: 'a town code refined from the address (素心村 ↔ 素心村村民委员会)',
      raw: '500109110', address: '重庆市北碚区静观镇素心村3组', fallbackPrefix: undefined,
      expected: { value: '500109110244', level: 'village', inferredFrom: 'address', codes: ['area-inferred-from-address'] },
    },
    {
      description: 'a county code refined from the address',
      raw: '500109', address: '重庆市北碚区三圣镇古佛村5组', fallbackPrefix: undefined,
      expected: { value: '500109113214', level: 'village', inferredFrom: 'address', codes: ['area-inferred-from-address'] },
    },
    {
      description: 'a padded county code refined from the address',
      raw: '500109000000', address: '北碚区三圣镇古佛村2组', fallbackPrefix: undefined,
      expected: { value: '500109113214', level: 'village', inferredFrom: 'address', codes: ['area-inferred-from-address'] },
    },
    {
      description: 'a community (社区) named without 居民委员会',
      raw: '500109113', address: '北碚区三圣镇三圣社区8号', fallbackPrefix: undefined,
      expected: { value: '500109113001', level: 'village', inferredFrom: 'address', codes: ['area-inferred-from-address'] },
    },
    {
      description: 'a village name shared by two towns: only the town is inferred',
      raw: '500109', address: '北碚区静观镇万全村1组', fallbackPrefix: undefined,
      expected: { value: '500109110', level: 'town', inferredFrom: 'address', codes: ['area-inferred-from-address', 'area-coarse'] },
    },
    {
      description: 'within its town the shared village name is unambiguous',
      raw: '500109113', address: '北碚区三圣镇万全村1组', fallbackPrefix: undefined,
      expected: { value: '500109113215', level: 'village', inferredFrom: 'address', codes: ['area-inferred-from-address'] },
    },
    {
      description: 'an address naming no village leaves the code coarse',
      raw: '500109110', address: '重庆市北碚区静观镇', fallbackPrefix: undefined,
      expected: { value: '500109110', level: 'town', inferredFrom: null, codes: ['area-coarse'] },
    },
    {
      description: 'a village code is not overridden by the address',
      raw: '500109110244', address: '北碚区三圣镇古佛村5组', fallbackPrefix: undefined,
      expected: { value: '500109110244', level: 'village', inferredFrom: null, codes: [] },
    },
    {
      description: 'an unknown village code replaced from the address, within its known town',
      raw: '500109110299', address: '静观镇素心村3组', fallbackPrefix: undefined,
      expected: { value: '500109110244', level: 'village', inferredFrom: 'address', codes: ['area-unknown', 'area-inferred-from-address'] },
    },
    {
      description: 'a malformed code: the address is searched within its county',
      raw: '50010911024', address: '静观镇素心村3组', fallbackPrefix: undefined,
      expected: { value: '500109110244', level: 'village', inferredFrom: 'address', codes: ['area-format', 'area-inferred-from-address'] },
    },
    {
      description: 'no code and no prefix to search in',
      raw: '', address: '静观镇素心村3组', fallbackPrefix: undefined,
      expected: { value: null, level: null, inferredFrom: null, codes: ['area-empty'] },
    },
    {
      description: "no code: the import's county is searched",
      raw: '', address: '静观镇素心村3组', fallbackPrefix: '500109',
      expected: { value: '500109110244', level: 'village', inferredFrom: 'address', codes: ['area-empty', 'area-inferred-from-address'] },
    },
  ])('$description', ({ raw, address, fallbackPrefix, expected }) => {
    expect(summary(normaliseAreaCode(raw, registry, address, { fallbackPrefix }))).toEqual(expected);
  });
});

describe('InMemoryAreaRegistry', () => {
  it.each([
    { code: '50', expected: 'province' },
    { code: '5001', expected: 'city' },
    { code: '500109', expected: 'county' },
    { code: '500109110', expected: 'town' },
    { code: '500109110244', expected: 'village' },
    { code: '500109110299', expected: null },
  ])('level($code) = $expected', ({ code, expected }) => {
    expect(registry.level(code)).toBe(expected);
  });

  it.each([
    { description: 'by the short name', prefix: '500109', address: '静观镇素心村3组', expected: '500109110244' },
    { description: 'by the full official name', prefix: '500109', address: '素心村村民委员会', expected: '500109110244' },
    { description: 'outside the prefix', prefix: '500109113', address: '静观镇素心村3组', expected: null },
    { description: 'a town only', prefix: '500109', address: '北碚区三圣镇', expected: '500109113' },
    { description: 'nothing', prefix: '500109', address: '重庆市', expected: null },
  ])('findInAddress: $description', ({ prefix, address, expected }) => {
    expect(registry.findInAddress(prefix, address)).toBe(expected);
  });

  it('refuses codes of impossible length', () => {
    expect(() => new InMemoryAreaRegistry([{ code: '5001091', name: '?' }])).toThrow(RangeError);
  });
});

describe('padAreaCode', () => {
  it.each([
    { code: '500109', expected: '500109000000' },
    { code: '500109110', expected: '500109110000' },
    { code: '500109110244', expected: '500109110244' },
  ])('$code → $expected', ({ code, expected }) => {
    expect(padAreaCode(code)).toBe(expected);
  });
});
