import { countyNamedByRows, isCountyCode, isNationalKey, keyScope, NATIONAL_SCOPE } from '../../../src/modules/ingest/record-identity';
import { recordAnchor } from '../../../src/modules/identity/child-ids';

describe('a record key is national or scoped by the county that exported it', () => {
  it.each([
    ['police', '500109201304120311', true], // 公民身份号码
    ['police', '11010519491231002X', true],
    ['police', '500109880503021', true], // the 15-digit pre-1999 form
    ['police', '5.00109E+17', false], // destroyed by Excel: not an ID number any more
    ['police', '50010920130412031', false],
    ['education', 'G500109201304120311', true], // 全国学籍号 = G + ID number
    ['education', 'L5001092017032100008', false], // a temporary number: local
    ['education', 'G5001092013', false], // a damaged G number cannot reach another county's records
    ['education', '500109201304120311', false],
    ['civil-affairs', 'MZ-2021Q3-000328', false], // numbered per county roster
    ['civil-affairs', '500109201304120311', false], // even when a clerk keyed the roster by ID number
  ])('%s %s national: %s', (source, key, national) => {
    expect(isNationalKey(source, key)).toBe(national);
    expect(keyScope(source, key, '500109')).toBe(national ? NATIONAL_SCOPE : '500109');
  });

  it('names national records as anchors always have been, and county-numbered ones with their county', () => {
    expect(recordAnchor('police', NATIONAL_SCOPE, '500109201304120311')).toBe('police:500109201304120311');
    expect(recordAnchor('civil-affairs', '500109', 'MZ-2021Q3-000328')).not.toBe(recordAnchor('civil-affairs', '500106', 'MZ-2021Q3-000328'));
    // One county's anchors keep the order of their keys (a key that is another's prefix first).
    const keys = ['MZ-1', 'MZ-10', 'MZ-1A', 'MZ-2'];
    expect(keys.map((k) => recordAnchor('civil-affairs', '500109', k)).sort()).toEqual(keys.map((k) => recordAnchor('civil-affairs', '500109', k)));
  });
});

describe('the county that exported a file, told from its rows', () => {
  it.each([
    [['500109', '500109', null, '500106'], '500109'],
    [['500109'], '500109'],
    [['500106', '500106', '500109'], '500106'],
  ])('%j → %s', (counties, county) => {
    expect(countyNamedByRows(counties)).toEqual({ county });
  });

  it.each([
    [[], /none of its first rows has an area code/],
    [[null, null], /none of its first rows has an area code/],
    [['500000', '500100'], /none of its first rows has an area code/], // a province and a city are not counties
    [['500109', '500106'], /name several counties and none holds a majority: 500106 \(1 rows\), 500109 \(1 rows\)/],
  ])('%j cannot tell', (counties, reason) => {
    const told = countyNamedByRows(counties);
    expect(told.county).toBeNull();
    expect('reason' in told && told.reason).toMatch(reason);
  });

  it('knows a county code from a province or city code', () => {
    expect(['500109', '110105'].every(isCountyCode)).toBe(true);
    expect(['500000', '500100', '50010', '5001090', 'abcdef'].some(isCountyCode)).toBe(false);
  });
});
