import { normaliseEthnicity } from '../../../../reconciliation/normalise';

describe('normaliseEthnicity', () => {
  it.each([
    { description: 'full name', raw: '汉族', expected: { value: '汉族', codes: [] } },
    { description: 'short name (police style)', raw: '汉', expected: { value: '汉族', codes: [] } },
    { description: 'a two-character group, short', raw: '蒙古', expected: { value: '蒙古族', codes: [] } },
    { description: 'GB/T 3304 code 01', raw: '01', expected: { value: '汉族', codes: [] } },
    { description: 'GB/T 3304 code 5 unpadded', raw: '5', expected: { value: '维吾尔族', codes: [] } },
    { description: 'GB/T 3304 code 56', raw: '56', expected: { value: '基诺族', codes: [] } },
    { description: 'GB/T 3304 code 97 (other)', raw: '97', expected: { value: '其他', codes: [] } },
    { description: 'traditional characters', raw: '滿族', expected: { value: '满族', codes: [] } },
    { description: 'surrounding spaces', raw: ' 土家族 ', expected: { value: '土家族', codes: [] } },
    { description: 'not a listed group: kept, flagged', raw: '穿青人', expected: { value: '穿青人', codes: ['enum-unknown'] } },
    { description: 'code 57 does not exist', raw: '57', expected: { value: '57', codes: ['enum-unknown'] } },
    { description: 'blank', raw: '', expected: { value: null, codes: ['ethnicity-empty'] } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    const result = normaliseEthnicity(raw);
    expect({ value: result.value, codes: result.problems.map((p) => p.code) }).toEqual(expected);
  });
});
