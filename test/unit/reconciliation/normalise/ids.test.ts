import { crossCheckId, idCheckDigit, IdNumber, normaliseIdNumber } from '../../../../reconciliation/normalise';

// Synthetic numbers only: region 500109, invented birth dates, check digits computed independently.
const BOY_2014 = '500109201406150036'; // born 2014-06-15, sequence 003 (odd → male)
const GIRL_2016 = '500109201602290044'; // born 2016-02-29 (leap day), sequence 004 (even → female)
const BOY_X = '50010920170306015X'; // born 2017-03-06, check character X
const TODAY = '2025-01-01';

function summary(raw: string | null | undefined) {
  const id = normaliseIdNumber(raw, { today: TODAY });
  return { value: id.value, status: id.status, birthDate: id.birthDate, sex: id.sex, regionCode: id.regionCode, codes: id.problems.map((p) => p.code) };
}

const valid = (value: string, birthDate: string, sex: 'M' | 'F', codes: string[] = []) => ({
  value, status: 'valid', birthDate, sex, regionCode: value.slice(0, 6), codes,
});
const missing = (codes: string[]) => ({ value: null, status: 'missing', birthDate: null, sex: null, regionCode: null, codes });
const badFormat = (value: string) => ({ value, status: 'invalid', birthDate: null, sex: null, regionCode: null, codes: ['id-format'] });

describe('normaliseIdNumber', () => {
  it.each([
    { description: 'a valid male ID', raw: BOY_2014, expected: valid(BOY_2014, '2014-06-15', 'M') },
    { description: 'a valid female ID born on a leap day', raw: GIRL_2016, expected: valid(GIRL_2016, '2016-02-29', 'F') },
    { description: 'check character X', raw: BOY_X, expected: valid(BOY_X, '2017-03-06', 'M') },
    { description: 'lower-case x', raw: '50010920170306015x', expected: valid(BOY_X, '2017-03-06', 'M') },
    { description: 'spaces inside', raw: '500109 2014 0615 0036', expected: valid(BOY_2014, '2014-06-15', 'M') },
    { description: 'surrounding spaces', raw: '  500109201406150036 ', expected: valid(BOY_2014, '2014-06-15', 'M') },
    { description: 'hyphens', raw: '500109-20140615-0036', expected: valid(BOY_2014, '2014-06-15', 'M') },
    { description: 'full-width digits', raw: '５００１０９２０１４０６１５００３６', expected: valid(BOY_2014, '2014-06-15', 'M') },
    { description: 'full-width X', raw: '５００１０９２０１７０３０６０１５Ｘ', expected: valid(BOY_X, '2017-03-06', 'M') },
    { description: "Excel's leading apostrophe", raw: "'500109201406150036", expected: valid(BOY_2014, '2014-06-15', 'M') },
    { description: 'the ="…" text wrapper', raw: '="500109201406150036"', expected: valid(BOY_2014, '2014-06-15', 'M') },
    { description: 'a 15-digit pre-1999 number upgraded to 18 (check digit 9)', raw: '500109850307123', expected: valid('500109198503071239', '1985-03-07', 'M', ['id-upgraded-15']) },
    { description: 'a 15-digit number whose upgrade ends in X', raw: '500109860215104', expected: valid('50010919860215104X', '1986-02-15', 'F', ['id-upgraded-15']) },
    {
      description: 'a wrong check digit keeps the cleaned value and the embedded fields',
      raw: '500109201406150037',
      expected: { value: '500109201406150037', status: 'invalid', birthDate: '2014-06-15', sex: 'M', regionCode: '500109', codes: ['id-check-digit'] },
    },
    {
      description: 'two transposed sequence digits (陈浩 in the education sample)',
      raw: '500109201201300167',
      expected: { value: '500109201201300167', status: 'invalid', birthDate: '2012-01-30', sex: 'F', regionCode: '500109', codes: ['id-check-digit'] },
    },
    {
      description: 'an impossible embedded date (Feb 30) with a correct check digit',
      raw: '50010920130230001X',
      expected: { value: '50010920130230001X', status: 'invalid', birthDate: null, sex: 'M', regionCode: '500109', codes: ['id-birth-date'] },
    },
    {
      description: 'an embedded birth date in the future',
      raw: '500109203001010018',
      expected: { value: '500109203001010018', status: 'invalid', birthDate: null, sex: 'M', regionCode: '500109', codes: ['id-birth-date'] },
    },
    {
      description: 'an embedded birth year before 1900',
      raw: '500109189912310013',
      expected: { value: '500109189912310013', status: 'invalid', birthDate: null, sex: 'M', regionCode: '500109', codes: ['id-birth-date'] },
    },
    {
      description: 'no such province (99)',
      raw: '990109201406150037',
      expected: { value: '990109201406150037', status: 'invalid', birthDate: '2014-06-15', sex: 'M', regionCode: '990109', codes: ['id-region'] },
    },
    {
      description: 'a wrong date and a wrong check digit are both reported',
      raw: '500109201302300010',
      expected: { value: '500109201302300010', status: 'invalid', birthDate: null, sex: 'M', regionCode: '500109', codes: ['id-birth-date', 'id-check-digit'] },
    },
    { description: 'placeholder 无', raw: '无', expected: missing(['id-placeholder']) },
    { description: 'placeholder 暂无', raw: '暂无', expected: missing(['id-placeholder']) },
    { description: 'placeholder 暫無 (traditional)', raw: '暫無', expected: missing(['id-placeholder']) },
    { description: 'placeholder 未登记', raw: '未登记', expected: missing(['id-placeholder']) },
    { description: 'placeholder /', raw: '/', expected: missing(['id-placeholder']) },
    { description: 'placeholder -', raw: '-', expected: missing(['id-placeholder']) },
    { description: 'placeholder null', raw: 'null', expected: missing(['id-placeholder']) },
    { description: 'placeholder NULL', raw: 'NULL', expected: missing(['id-placeholder']) },
    { description: 'placeholder N/A', raw: 'N/A', expected: missing(['id-placeholder']) },
    { description: 'placeholder 0', raw: '0', expected: missing(['id-placeholder']) },
    { description: 'placeholder of eighteen zeros', raw: '000000000000000000', expected: missing(['id-placeholder']) },
    { description: 'placeholder of one repeated digit', raw: '111111111111111111', expected: missing(['id-placeholder']) },
    { description: 'placeholder of fifteen zeros', raw: '000000000000000', expected: missing(['id-placeholder']) },
    { description: 'empty', raw: '', expected: missing(['id-empty']) },
    { description: 'blank', raw: '   ', expected: missing(['id-empty']) },
    { description: 'null', raw: null, expected: missing(['id-empty']) },
    { description: 'undefined', raw: undefined, expected: missing(['id-empty']) },
    { description: 'seventeen digits', raw: '50010920140615003', expected: badFormat('50010920140615003') },
    { description: 'nineteen digits', raw: '5001092014061500361', expected: badFormat('5001092014061500361') },
    { description: 'a letter inside', raw: '5001092014O6150036', expected: badFormat('5001092014O6150036') },
    { description: 'X anywhere but last', raw: '500109X01406150036', expected: badFormat('500109X01406150036') },
    // Excel's destroyed numbers (docs/FORMATS.md): the last digits are gone, so the number is missing, not another person's.
    { description: "Excel's scientific notation", raw: '5.00109E+17', expected: missing(['id-excel-destroyed']) },
    { description: "Excel's scientific notation, lower case, no plus", raw: '5.00109201406150e17', expected: missing(['id-excel-destroyed']) },
    { description: "Excel's scientific notation with a decimal comma", raw: '5,00109E+17', expected: missing(['id-excel-destroyed']) },
    { description: 'written out by Excel: 15 digits then 000', raw: '500109201406150000', expected: missing(['id-excel-destroyed']) },
    { description: 'written out by Excel, where 000 happens to pass the check digit', raw: '500109201406106000', expected: missing(['id-excel-destroyed']) },
    { description: "written out by Excel, in Excel's =\"…\" wrapper", raw: '="500109201406150000"', expected: missing(['id-excel-destroyed']) },
  ])('$description: "$raw"', ({ raw, expected }) => {
    expect(summary(raw)).toEqual(expected);
  });

  it('treats "today" as the limit for embedded birth dates', () => {
    expect(normaliseIdNumber(BOY_2014, { today: '2014-06-15' }).status).toBe('valid');
    expect(normaliseIdNumber(BOY_2014, { today: '2014-06-14' }).problems.map((p) => p.code)).toEqual(['id-birth-date']);
  });

  it('keeps "missing" apart from "invalid"', () => {
    expect(normaliseIdNumber('无').status).toBe('missing');
    expect(normaliseIdNumber('12345').status).toBe('invalid');
  });
});

describe('idCheckDigit', () => {
  it.each([
    { description: 'digit check', first17: '50010920140615003', expected: '6' },
    { description: 'X check', first17: '50010920170306015', expected: 'X' },
    { description: 'zero check', first17: '50010919900716048', expected: '0' },
    { description: 'the upgrade of a 15-digit number', first17: '50010919850307123', expected: '9' },
  ])('$description: $first17 → $expected', ({ first17, expected }) => {
    expect(idCheckDigit(first17)).toBe(expected);
  });

  it.each([
    { description: 'too short', first17: '5001092014061500' },
    { description: 'not digits', first17: '5001092014061500X' },
  ])('refuses bad input: $description', ({ first17 }) => {
    expect(() => idCheckDigit(first17)).toThrow(RangeError);
  });
});

describe('crossCheckId', () => {
  const boy = normaliseIdNumber(BOY_2014, { today: TODAY });
  const none: IdNumber = normaliseIdNumber('', { today: TODAY });
  it.each([
    { description: 'all agree', id: boy, birthDate: '2014-06-15', sex: 'M' as const, expected: [] },
    { description: 'birth date disagrees', id: boy, birthDate: '2014-06-16', sex: 'M' as const, expected: ['id-birth-date-mismatch'] },
    { description: 'sex disagrees', id: boy, birthDate: '2014-06-15', sex: 'F' as const, expected: ['id-sex-mismatch'] },
    { description: 'both disagree', id: boy, birthDate: '2015-06-15', sex: 'F' as const, expected: ['id-birth-date-mismatch', 'id-sex-mismatch'] },
    { description: 'the columns are blank', id: boy, birthDate: null, sex: null, expected: [] },
    { description: 'there is no ID', id: none, birthDate: '2014-06-15', sex: 'M' as const, expected: [] },
  ])('$description', ({ id, birthDate, sex, expected }) => {
    expect(crossCheckId(id, birthDate, sex).map((p) => p.code)).toEqual(expected);
  });
});
