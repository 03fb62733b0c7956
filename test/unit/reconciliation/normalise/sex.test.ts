import { normaliseSex } from '../../../../reconciliation/normalise';

describe('normaliseSex', () => {
  it.each([
    { description: '男', raw: '男', expected: { value: 'M', codes: [] } },
    { description: '女', raw: '女', expected: { value: 'F', codes: [] } },
    { description: '男性', raw: '男性', expected: { value: 'M', codes: [] } },
    { description: '女性', raw: '女性', expected: { value: 'F', codes: [] } },
    { description: 'GB/T 2261.1 code 1 (male)', raw: '1', expected: { value: 'M', codes: [] } },
    { description: 'GB/T 2261.1 code 2 (female)', raw: '2', expected: { value: 'F', codes: [] } },
    { description: 'M', raw: 'M', expected: { value: 'M', codes: [] } },
    { description: 'F', raw: 'F', expected: { value: 'F', codes: [] } },
    { description: 'lower-case m', raw: 'm', expected: { value: 'M', codes: [] } },
    { description: 'lower-case f', raw: 'f', expected: { value: 'F', codes: [] } },
    { description: 'male', raw: 'male', expected: { value: 'M', codes: [] } },
    { description: 'Female', raw: 'Female', expected: { value: 'F', codes: [] } },
    { description: 'full-width Ｍ', raw: 'Ｍ', expected: { value: 'M', codes: [] } },
    { description: 'full-width １', raw: '１', expected: { value: 'M', codes: [] } },
    { description: 'surrounding spaces', raw: ' 女 ', expected: { value: 'F', codes: [] } },
    { description: 'GB/T 2261.1 code 0 (unknown)', raw: '0', expected: { value: null, codes: ['sex-unknown'] } },
    { description: 'GB/T 2261.1 code 9 (not stated)', raw: '9', expected: { value: null, codes: ['sex-unknown'] } },
    { description: '未知', raw: '未知', expected: { value: null, codes: ['sex-unknown'] } },
    { description: 'blank', raw: '', expected: { value: null, codes: ['sex-empty'] } },
    { description: 'spaces only', raw: '  ', expected: { value: null, codes: ['sex-empty'] } },
    { description: 'null', raw: null, expected: { value: null, codes: ['sex-empty'] } },
    { description: 'something else', raw: 'X', expected: { value: null, codes: ['sex-unreadable'] } },
    { description: 'code 3 does not exist', raw: '3', expected: { value: null, codes: ['sex-unreadable'] } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    const result = normaliseSex(raw);
    expect({ value: result.value, codes: result.problems.map((p) => p.code) }).toEqual(expected);
  });
});
