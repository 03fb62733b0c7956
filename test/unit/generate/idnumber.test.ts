import { dayOf } from '../../../src/generate/dates';
import {
  IdAllocator,
  checkCharacter,
  isValidId,
  mistypeDigit,
  sexOfId,
  toFifteenDigits,
  toFullWidth,
  transposeAdjacent,
} from '../../../src/generate/idnumber';
import { Rng } from '../../../src/generate/random';

describe('GB 11643 ID numbers', () => {
  it.each([
    ['11010519491231002X', true], // the standard's own example
    ['500109201304120311', true], // the hand-made police sample (王小明, test/fixtures/samples)
    ['500109201201300176', true], // 陈浩 in police
    ['500109201201300167', false], // 陈浩 in education: two digits transposed
    ['11010519491231002x', false], // lower-case x is not well formed (normalisation's job)
    ['000000000000000000', false], // the placeholder
    ['50010920130412031', false],
  ])('%s valid: %s', (id, valid) => {
    expect(isValidId(id)).toBe(valid);
  });

  it('computes the MOD 11-2 check character', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('50010919880503021')).toBe('3');
  });

  it('gives everyone a different, valid number with the sex in the sequence', () => {
    const ids = new IdAllocator();
    const day = dayOf(2013, 4, 12);
    const seen = new Set<string>();
    for (let i = 0; i < 499; i++) {
      for (const sex of ['M', 'F'] as const) {
        const id = ids.allocate('500109', day, sex);
        expect(isValidId(id)).toBe(true);
        expect(id.slice(0, 14)).toBe('50010920130412');
        expect(sexOfId(id)).toBe(sex);
        seen.add(id);
      }
    }
    expect(seen.size).toBe(998);
    expect(() => ids.allocate('500109', day, 'M')).toThrow(/more than 499/);
  });

  it('always breaks the check digit with one mistyped digit or an adjacent transposition', () => {
    const rng = new Rng('damage');
    const ids = new IdAllocator();
    for (let i = 0; i < 500; i++) {
      const id = ids.allocate('500109', dayOf(2010, 1, 1) + i, i % 2 ? 'M' : 'F');
      const typo = mistypeDigit(id, rng);
      expect(typo).not.toBe(id);
      expect(isValidId(typo)).toBe(false);
      const swapped = transposeAdjacent(id, rng);
      if (swapped) expect(isValidId(swapped)).toBe(false);
    }
  });

  it('writes the 15-digit pre-1999 form and full-width digits', () => {
    expect(toFifteenDigits('500109198805030213')).toBe('500109880503021');
    expect(toFullWidth('50010919880503021X')).toBe('５００１０９１９８８０５０３０２１Ｘ');
  });
});

describe('ID numbers of two generated counties', () => {
  it("never gives one county's people a number the other county gave its own people", () => {
    const day = dayOf(2013, 4, 12);
    // Beibei's families registered in Shapingba, and Shapingba's own children, born the same day.
    const beibei = new IdAllocator('500109', 'seed-a');
    const shapingba = new IdAllocator('500106', 'seed-b');
    const elsewhere = new Set<string>();
    for (let i = 0; i < 100; i++) for (const sex of ['M', 'F'] as const) elsewhere.add(beibei.allocate('500106', day, sex));
    const own = new Set<string>();
    for (let i = 0; i < 150; i++) for (const sex of ['M', 'F'] as const) own.add(shapingba.allocate('500106', day, sex));
    expect(elsewhere.size).toBe(200);
    expect(own.size).toBe(300);
    expect([...own].filter((id) => elsewhere.has(id))).toEqual([]);
    expect([...own, ...elsewhere].every(isValidId)).toBe(true);
  });

  it('gives a county its own numbers as before: the first places of each sequence', () => {
    const day = dayOf(2015, 9, 8);
    const plain = new IdAllocator();
    const home = new IdAllocator('500109', 'any seed');
    for (let i = 0; i < 20; i++) expect(home.allocate('500109', day, 'F')).toBe(plain.allocate('500109', day, 'F'));
  });
});
