import {
  compileComparison,
  dayNumber,
  foldPinyin,
  isMonthDaySwap,
  jaroWinkler,
  levenshteinWithin,
  NULL_INDEX,
  oneEdit,
} from '../../../reconciliation/comparison';
import { ComparisonLevel, ComparisonSettings, FieldValue } from '../../../reconciliation/settings';

const ID = '500109201304120017';

describe('jaroWinkler', () => {
  test.each([
    { description: 'identical', left: 'MARTHA', right: 'MARTHA', expected: 1 },
    { description: 'two empty strings', left: '', right: '', expected: 1 },
    { description: 'one empty string', left: '', right: 'wang', expected: 0 },
    { description: 'nothing in common', left: 'abc', right: 'xyz', expected: 0 },
    { description: 'Winkler reference MARTHA/MARHTA (transposition)', left: 'MARTHA', right: 'MARHTA', expected: 0.961111 },
    { description: 'Winkler reference DWAYNE/DUANE', left: 'DWAYNE', right: 'DUANE', expected: 0.84 },
    { description: 'Winkler reference DIXON/DICKSONX', left: 'DIXON', right: 'DICKSONX', expected: 0.813333 },
    { description: 'no prefix boost at Jaro ≤ 0.7', left: 'abc', right: 'axy', expected: 0.555556 },
    { description: 'Han names: one homophone character (王晓明/王小明)', left: '王晓明', right: '王小明', expected: 0.8 },
    { description: 'Han names: compound surname, two characters differ', left: '欧阳娜娜', right: '欧阳纳纳', expected: 0.666667 },
    { description: 'Han names: two characters, given name differs', left: '张伟', right: '张玮', expected: 0.666667 },
    { description: 'pinyin with -n/-ng', left: 'wang xiao ming', right: 'wang xiao min', expected: 0.985714 },
    { description: 'longer strings JELLYFISH/SMELLYFISH', left: 'JELLYFISH', right: 'SMELLYFISH', expected: 0.896296 },
    { description: 'mixed Han and Latin', left: '王Wang晓明', right: '王Wang小明', expected: 0.942857 },
  ])('$description', ({ left, right, expected }) => {
    expect(jaroWinkler(left, right)).toBeCloseTo(expected, 5);
    expect(jaroWinkler(right, left)).toBeCloseTo(expected, 5);
  });

  test('agrees with a textbook implementation on random strings (short, long, Han, > 30 units, colliding char codes)', () => {
    const reference = (a: string, b: string): number => {
      if (a.length === 0 && b.length === 0) return 1;
      if (a.length === 0 || b.length === 0) return 0;
      const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
      const usedA: boolean[] = [];
      const usedB: boolean[] = [];
      let m = 0;
      for (let i = 0; i < a.length; i++) {
        for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
          if (!usedB[j] && a[i] === b[j]) {
            usedA[i] = usedB[j] = true;
            m++;
            break;
          }
        }
      }
      if (m === 0) return 0;
      const inA = [...a].filter((_, i) => usedA[i]);
      const inB = [...b].filter((_, j) => usedB[j]);
      const t = Math.floor(inA.filter((ch, k) => ch !== inB[k]).length / 2);
      const jaro = (m / a.length + m / b.length + (m - t) / m) / 3;
      if (jaro <= 0.7) return jaro;
      let l = 0;
      while (l < 4 && l < a.length && l < b.length && a[l] === b[l]) l++;
      return jaro + l * 0.1 * (1 - jaro);
    };
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; // 32-bit LCG; its high bits are the random ones
      return (seed >>> 16) % n;
    };
    // 'a', 'á' and 'š' share their low 7 bits (0x61), as U+738B 王 and U+740B do.
    const alphabets = ['abc', 'abcdefghij ', '王汪黄明', 'ab王\u0101', 'a\u00e1\u0161b', '王\u740b明'];
    const failures: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const alphabet = alphabets[next(alphabets.length)];
      const word = (): string => Array.from({ length: next(k % 8 === 0 ? 45 : 16) }, () => alphabet[next(alphabet.length)]).join('');
      const a = word();
      const b = word();
      if (Math.abs(jaroWinkler(a, b) - reference(a, b)) > 1e-12) failures.push(`${a} / ${b}`);
    }
    // Lengths around the 30-unit limit of the 32-bit mask path.
    for (let la = 28; la <= 34; la++) {
      for (let lb = 28; lb <= 34; lb++) {
        const a = Array.from({ length: la }, () => 'abcd'[next(4)]).join('');
        const b = Array.from({ length: lb }, () => 'abcd'[next(4)]).join('');
        if (Math.abs(jaroWinkler(a, b) - reference(a, b)) > 1e-12) failures.push(`${a} / ${b}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('levenshteinWithin', () => {
  test.each([
    { description: 'equal strings, max 0', left: 'wang', right: 'wang', max: 0, expected: true },
    { description: 'two empty strings', left: '', right: '', max: 0, expected: true },
    { description: 'empty against 3 characters, max 2', left: '', right: 'abc', max: 2, expected: false },
    { description: 'empty against 3 characters, max 3', left: '', right: 'abc', max: 3, expected: true },
    { description: 'one substitution, max 0', left: 'kitten', right: 'sitten', max: 0, expected: false },
    { description: 'kitten/sitting is 3, max 2', left: 'kitten', right: 'sitting', max: 2, expected: false },
    { description: 'kitten/sitting is 3, max 3', left: 'kitten', right: 'sitting', max: 3, expected: true },
    { description: 'length gap alone exceeds max', left: 'ab', right: 'abcdef', max: 3, expected: false },
    { description: 'one insertion in the middle', left: 'wangming', right: 'wangxming', max: 1, expected: true },
    { description: 'adjacent transposition costs 2', left: 'abcd', right: 'abdc', max: 1, expected: false },
    { description: 'adjacent transposition within 2', left: 'abcd', right: 'abdc', max: 2, expected: true },
    { description: '18-digit ID, one digit typo', left: ID, right: '500109201304120018', max: 1, expected: true },
    { description: '18-digit ID, two digit typos, max 1', left: ID, right: '500109201305120018', max: 1, expected: false },
    { description: 'check digit X', left: ID, right: '50010920130412001X', max: 1, expected: true },
    { description: 'Han names, one character', left: '王晓明', right: '王小明', max: 1, expected: true },
    { description: 'Han names, dropped character', left: '欧阳娜娜', right: '欧阳娜', max: 1, expected: true },
    { description: 'differences at both ends, max 1', left: 'xabcdy', right: 'zabcdw', max: 1, expected: false },
    { description: 'differences at both ends, max 2', left: 'xabcdy', right: 'zabcdw', max: 2, expected: true },
    { description: 'band edge: deletion then insertion', left: 'abcdefgh', right: 'bcdefghi', max: 2, expected: true },
    { description: 'negative max', left: 'a', right: 'a', max: -1, expected: false },
  ])('$description', ({ left, right, max, expected }) => {
    expect(levenshteinWithin(left, right, max)).toBe(expected);
    expect(levenshteinWithin(right, left, max)).toBe(expected);
  });

  test('agrees with a full DP on random short strings', () => {
    const full = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      return d[a.length][b.length];
    };
    let seed = 42;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; // 32-bit LCG; its high bits are the random ones
      return (seed >>> 16) % n;
    };
    const word = (): string => Array.from({ length: next(9) }, () => 'abc'[next(3)]).join('');
    for (let k = 0; k < 2000; k++) {
      const a = word();
      const b = word();
      const max = next(5);
      expect([a, b, max, levenshteinWithin(a, b, max)]).toEqual([a, b, max, full(a, b) <= max]);
    }
  });
});

describe('oneEdit', () => {
  test.each([
    { description: 'equal strings are not one edit', left: ID, right: ID, expected: false },
    { description: 'two empty strings', left: '', right: '', expected: false },
    { description: '18-digit ID, one digit typo', left: ID, right: '500109201304120018', expected: true },
    { description: 'first digit typo', left: ID, right: '600109201304120017', expected: true },
    { description: 'check digit X for a digit', left: ID, right: '50010920130412001X', expected: true },
    { description: 'adjacent transposition (12 → 21)', left: ID, right: '500109201304210017', expected: true },
    { description: 'adjacent transposition at the end', left: ID, right: '500109201304120071', expected: true },
    { description: 'non-adjacent swap', left: ID, right: '500109201314020017', expected: false },
    { description: 'two separate typos', left: ID, right: '500109201305120018', expected: false },
    { description: 'different lengths (a dropped digit)', left: ID, right: '50010920130412001', expected: false },
    { description: 'phone, one digit', left: '13812345678', right: '13812345679', expected: true },
    { description: 'transposition plus a typo after it', left: 'abcde', right: 'bacdf', expected: false },
    { description: 'single character', left: 'a', right: 'b', expected: true },
  ])('$description', ({ left, right, expected }) => {
    expect(oneEdit(left, right)).toBe(expected);
    expect(oneEdit(right, left)).toBe(expected);
  });
});

describe('foldPinyin', () => {
  test.each([
    { description: 'zh → z (zhang/zang)', left: 'zhang', right: 'zang', expected: true },
    { description: 'ch → c', left: 'chen wei', right: 'cen wei', expected: true },
    { description: 'sh → s', left: 'shi', right: 'si', expected: true },
    { description: 'l → n (liu/niu)', left: 'liu', right: 'niu', expected: true },
    { description: 'hu → f (huang/fang)', left: 'huang', right: 'fang', expected: true },
    { description: 'hu → fu', left: 'hu jun', right: 'fu jun', expected: true },
    { description: 'hui → fei', left: 'hui', right: 'fei', expected: true },
    { description: 'hun → fen', left: 'hun', right: 'fen', expected: true },
    { description: '-eng → -en (cheng/chen)', left: 'cheng', right: 'chen', expected: true },
    { description: '-ing → -in (xiao ming/xiao min)', left: 'xiao ming', right: 'xiao min', expected: true },
    { description: '-iang → -ian', left: 'jiang', right: 'jian', expected: true },
    { description: 'h before other vowels is kept (he/fe)', left: 'he', right: 'fe', expected: false },
    { description: '-ong is kept (dong/don)', left: 'dong', right: 'don', expected: false },
    { description: 'different names stay different', left: 'wang xiao ming', right: 'wang xiao hong', expected: false },
    { description: 'z and j are not folded', left: 'zhang', right: 'jiang', expected: false },
    { description: 'fold applies to every syllable', left: 'zhang li hua', right: 'zang ni fa', expected: true },
  ])('$description: $left / $right', ({ left, right, expected }) => {
    expect(foldPinyin(left) === foldPinyin(right)).toBe(expected);
  });

  test.each([
    { description: 'initials and final', input: 'zhang xiao ming', expected: 'zan xiao min' },
    { description: 'hu- syllables', input: 'hu hua huai huan huang hui hun huo', expected: 'fu fa fai fan fan fei fen fo' },
    { description: 'ong and iong kept', input: 'zhong xiong', expected: 'zong xiong' },
    { description: 'l and lv', input: 'li lv lve', expected: 'ni nv nve' },
    { description: 'array values joined by ;', input: 'zhang san;li si', expected: 'zan san;ni si' },
    { description: 'empty string', input: '', expected: '' },
    { description: 'cached call gives the same answer', input: 'zhang xiao ming', expected: 'zan xiao min' },
  ])('$description: "$input"', ({ input, expected }) => {
    expect(foldPinyin(input)).toBe(expected);
  });
});

describe('dayNumber', () => {
  test.each([
    { description: 'the epoch', input: '1970-01-01', expected: 0 },
    { description: 'the day before the epoch', input: '1969-12-31', expected: -1 },
    { description: 'a date in 2013', input: '2013-04-12', expected: Date.UTC(2013, 3, 12) / 86_400_000 },
    { description: 'a leap day', input: '2024-02-29', expected: Date.UTC(2024, 1, 29) / 86_400_000 },
    { description: '1 March after a leap day', input: '2000-03-01', expected: Date.UTC(2000, 2, 1) / 86_400_000 },
    { description: 'early 1900s', input: '1900-03-01', expected: Date.UTC(1900, 2, 1) / 86_400_000 },
    { description: 'no 29 February in 2023', input: '2023-02-29', expected: NaN },
    { description: 'month 13', input: '2013-13-01', expected: NaN },
    { description: 'day 00', input: '2013-04-00', expected: NaN },
    { description: 'a month only', input: '2013-04', expected: NaN },
    { description: 'slashes', input: '2013/04/12', expected: NaN },
    { description: 'letters', input: '2013-0a-12', expected: NaN },
    { description: 'empty', input: '', expected: NaN },
  ])('$description: "$input"', ({ input, expected }) => {
    expect(dayNumber(input)).toBe(expected);
  });

  test('agrees with Date on every day from 1900 to 2099', () => {
    const mismatches: string[] = [];
    for (let ms = Date.UTC(1900, 0, 1); ms <= Date.UTC(2099, 11, 31); ms += 86_400_000) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      if (dayNumber(iso) !== ms / 86_400_000) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('isMonthDaySwap', () => {
  test.each([
    { description: 'month and day swapped', left: '2013-04-12', right: '2013-12-04', expected: true },
    { description: 'same date', left: '2013-04-04', right: '2013-04-04', expected: false },
    { description: 'swapped but different year', left: '2013-04-12', right: '2014-12-04', expected: false },
    { description: 'only the month matches the day', left: '2013-04-12', right: '2013-11-04', expected: false },
    { description: 'dates merely close', left: '2013-04-12', right: '2013-04-13', expected: false },
    { description: 'malformed', left: '2013-4-12', right: '2013-12-4', expected: false },
  ])('$description', ({ left, right, expected }) => {
    expect(isMonthDaySwap(left, right)).toBe(expected);
    expect(isMonthDaySwap(right, left)).toBe(expected);
  });
});

type Record_ = Record<string, FieldValue>;

/** One level of the given test on field v (and w where the test reads two), then else. */
function single(level: Omit<ComparisonLevel, 'label'>, fields = ['v']): ComparisonSettings {
  return { name: 't', fields, levels: [{ label: 'hit', ...level } as ComparisonLevel] };
}

describe('compileComparison: each level test', () => {
  const HIT = 0;
  const ELSE = 1;
  test.each([
    { description: 'exact, equal', level: { test: 'exact' }, left: { v: 'wang' }, right: { v: 'wang' }, expected: HIT },
    { description: 'exact, different', level: { test: 'exact' }, left: { v: 'wang' }, right: { v: 'wan' }, expected: ELSE },
    { description: 'exact, booleans equal', level: { test: 'exact' }, left: { v: false }, right: { v: false }, expected: HIT },
    { description: 'exact, booleans differ', level: { test: 'exact' }, left: { v: true }, right: { v: false }, expected: ELSE },
    { description: 'exact, arrays joined', level: { test: 'exact' }, left: { v: ['a', 'b'] }, right: { v: ['a', 'b'] }, expected: HIT },
    { description: 'exact, arrays in another order', level: { test: 'exact' }, left: { v: ['a', 'b'] }, right: { v: ['b', 'a'] }, expected: ELSE },
    { description: 'exact, array against its joined string', level: { test: 'exact' }, left: { v: ['a', 'b'] }, right: { v: 'a;b' }, expected: HIT },
    { description: 'pinyinNear, folded equal', level: { test: 'pinyinNear' }, left: { v: 'huang xiao ming' }, right: { v: 'fang xiao min' }, expected: HIT },
    { description: 'pinyinNear, different', level: { test: 'pinyinNear' }, left: { v: 'wang xiao ming' }, right: { v: 'wang da ming' }, expected: ELSE },
    { description: 'differ, both given and different', level: { test: 'differ' }, left: { v: '500109201509080464' }, right: { v: '500109201304120311' }, expected: HIT },
    { description: 'differ, the same value', level: { test: 'differ' }, left: { v: '500109201509080464' }, right: { v: '500109201509080464' }, expected: ELSE },
    { description: 'pinyinNear, one reading of a list near the other', level: { test: 'pinyinNear' }, left: { v: ['zhang yun ling', 'zhang jun ling'] }, right: { v: 'zhang jun lin' }, expected: HIT },
    { description: 'pinyinNear, no reading of either list near', level: { test: 'pinyinNear' }, left: { v: ['wang cai han', 'wang si han'] }, right: { v: ['wang xi han', 'wang qian han'] }, expected: ELSE },
    { description: 'jaroWinkler above threshold', level: { test: 'jaroWinkler', threshold: 0.95 }, left: { v: 'MARTHA' }, right: { v: 'MARHTA' }, expected: HIT },
    { description: 'jaroWinkler below threshold', level: { test: 'jaroWinkler', threshold: 0.97 }, left: { v: 'MARTHA' }, right: { v: 'MARHTA' }, expected: ELSE },
    { description: 'jaroWinkler, identical strings', level: { test: 'jaroWinkler', threshold: 0.8 }, left: { v: 'abcd' }, right: { v: 'abcd' }, expected: HIT },
    { description: 'levenshtein within distance', level: { test: 'levenshtein', distance: 1 }, left: { v: ID }, right: { v: '500109201304120018' }, expected: HIT },
    { description: 'levenshtein beyond distance', level: { test: 'levenshtein', distance: 1 }, left: { v: ID }, right: { v: '500109201304210017' }, expected: ELSE },
    { description: 'oneEdit, transposed digits', level: { test: 'oneEdit' }, left: { v: ID }, right: { v: '500109201304210017' }, expected: HIT },
    { description: 'oneEdit, non-adjacent swap', level: { test: 'oneEdit' }, left: { v: ID }, right: { v: '500109201314020017' }, expected: ELSE },
    { description: 'dateNear within days', level: { test: 'dateNear', days: 3 }, left: { v: '2013-02-27' }, right: { v: '2013-03-02' }, expected: HIT },
    { description: 'dateNear beyond days', level: { test: 'dateNear', days: 3 }, left: { v: '2013-02-27' }, right: { v: '2013-03-03' }, expected: ELSE },
    { description: 'dateNear with a malformed date', level: { test: 'dateNear', days: 3000 }, left: { v: '2013-02-27' }, right: { v: '2013-02' }, expected: ELSE },
    { description: 'dateSwap', level: { test: 'dateSwap' }, left: { v: '2013-04-12' }, right: { v: '2013-12-04' }, expected: HIT },
    { description: 'dateSwap, no swap', level: { test: 'dateSwap' }, left: { v: '2013-04-12' }, right: { v: '2013-04-21' }, expected: ELSE },
    { description: 'prefix, equal first 6', level: { test: 'prefix', length: 6 }, left: { v: '500109110244' }, right: { v: '500109113214' }, expected: HIT },
    { description: 'prefix, differ within first 9', level: { test: 'prefix', length: 9 }, left: { v: '500109110244' }, right: { v: '500109113214' }, expected: ELSE },
    { description: 'prefix, one side too short', level: { test: 'prefix', length: 9 }, left: { v: '500109110244' }, right: { v: '500109' }, expected: ELSE },
    { description: 'numericNear within', level: { test: 'numericNear', distance: 0.5 }, left: { v: '3.2' }, right: { v: '3.6' }, expected: HIT },
    { description: 'numericNear beyond', level: { test: 'numericNear', distance: 0.5 }, left: { v: '3.2' }, right: { v: '3.8' }, expected: ELSE },
    { description: 'numericNear, not a number', level: { test: 'numericNear', distance: 100 }, left: { v: '3.2' }, right: { v: 'abc' }, expected: ELSE },
    { description: 'numericNear, blank is not 0', level: { test: 'numericNear', distance: 1 }, left: { v: '0' }, right: { v: ' ' }, expected: ELSE },
  ] as { description: string; level: Omit<ComparisonLevel, 'label'>; left: Record_; right: Record_; expected: number }[])(
    '$description',
    ({ level, left, right, expected }) => {
      expect(compileComparison(single(level)).levelOf(left, right)).toBe(expected);
    },
  );
});

describe('compileComparison: crossExact', () => {
  const c = compileComparison({
    name: 'name',
    fields: ['name', 'formerName'],
    levels: [
      { label: 'exact', test: 'exact' },
      { label: 'cross', test: 'crossExact' },
    ],
  });
  test.each([
    { description: 'same name is exact first', left: { name: '王明' }, right: { name: '王明' }, expected: 0 },
    { description: 'name against former name', left: { name: '王明', formerName: '王小' }, right: { name: '王小', formerName: null }, expected: 1 },
    { description: 'former name against name', left: { name: '李四' }, right: { name: '张三', formerName: '李四' }, expected: 1 },
    { description: 'former names in a list', left: { name: '李四', formerName: ['赵五', '钱六'] }, right: { name: '钱六' }, expected: 1 },
    { description: 'lists meet on one element', left: { name: '甲', formerName: ['乙', '丙'] }, right: { name: '丁', formerName: ['丙', '戊'] }, expected: 1 },
    { description: 'nothing shared', left: { name: '甲', formerName: ['乙'] }, right: { name: '丁', formerName: ['戊'] }, expected: 2 },
    { description: 'empty list elements never meet', left: { name: '甲', formerName: [''] }, right: { name: '丁', formerName: [''] }, expected: 2 },
  ] as { description: string; left: Record_; right: Record_; expected: number }[])('$description', ({ left, right, expected }) => {
    expect(c.levelOf(left, right)).toBe(expected);
  });
});

describe('compileComparison: null level and fall-through', () => {
  const c = compileComparison({
    name: 'firstName',
    fields: ['pinyin', 'raw'],
    levels: [
      { label: 'raw exact', test: 'exact', fields: ['raw'] },
      { label: 'pinyin exact', test: 'exact' },
      { label: 'jw 0.9', test: 'jaroWinkler', threshold: 0.9 },
      { label: 'jw 0.8', test: 'jaroWinkler', threshold: 0.8 },
    ],
  });

  test('labels are the levels in order, then else', () => {
    expect(c.name).toBe('firstName');
    expect(c.labels).toEqual(['raw exact', 'pinyin exact', 'jw 0.9', 'jw 0.8', 'else']);
  });

  test.each([
    { description: 'both empty records are null', left: {}, right: {}, expected: NULL_INDEX },
    { description: 'missing on one side is null', left: { pinyin: 'wang', raw: '王' }, right: {}, expected: NULL_INDEX },
    { description: 'empty strings, null and empty arrays are not present', left: { pinyin: '', raw: [] }, right: { pinyin: null, raw: '' }, expected: NULL_INDEX },
    { description: 'present on different fields only: comparable (one may hold what the other calls by another name), else', left: { pinyin: 'wang' }, right: { raw: '王' }, expected: 4 },
    { description: 'a false boolean is present', left: { pinyin: false }, right: { pinyin: false }, expected: 1 },
    { description: 'exact raw beats everything after it', left: { pinyin: 'wang', raw: '王' }, right: { pinyin: 'wang', raw: '王' }, expected: 0 },
    { description: 'exact pinyin beats jaroWinkler', left: { pinyin: 'wang', raw: '王' }, right: { pinyin: 'wang', raw: '汪' }, expected: 1 },
    { description: 'a level missing its field falls through', left: { pinyin: 'wang' }, right: { pinyin: 'wang', raw: '汪' }, expected: 1 },
    { description: 'first jaroWinkler level that holds wins', left: { pinyin: 'MARTHA' }, right: { pinyin: 'MARHTA' }, expected: 2 },
    { description: 'lower jaroWinkler level', left: { pinyin: 'DWAYNE' }, right: { pinyin: 'DUANE' }, expected: 3 },
    { description: 'no level holds: else', left: { pinyin: 'wang' }, right: { pinyin: 'li' }, expected: 4 },
    { description: 'comparable on raw only, raw differs: else', left: { raw: '王' }, right: { raw: '汪' }, expected: 4 },
  ] as { description: string; left: Record_; right: Record_; expected: number }[])('$description', ({ left, right, expected }) => {
    expect(c.levelOf(left, right)).toBe(expected);
  });

  test('the Jaro-Winkler score remembered between levels never leaks into the next pair', () => {
    const pairs: [string, string, number][] = [
      ['MARTHA', 'MARHTA', 2],
      ['DWAYNE', 'DUANE', 3],
      ['MARTHA', 'MARHTA', 2],
      ['wang', 'li', 4],
      ['MARTHA', 'MARHTX', 3],
    ];
    expect(pairs.map(([l, r]) => c.levelOf({ pinyin: l }, { pinyin: r }))).toEqual(pairs.map(([, , level]) => level));
  });
});

describe('compileComparison: bad settings fail at compile time', () => {
  test.each([
    {
      description: 'unknown test',
      settings: { name: 'n', fields: ['v'], levels: [{ label: 'x', test: 'soundex' }] },
      expected: /comparison "n", level "x": unknown level test "soundex"/,
    },
    {
      description: 'missing threshold',
      settings: { name: 'n', fields: ['v'], levels: [{ label: 'jw', test: 'jaroWinkler' }] },
      expected: /level "jw": jaroWinkler needs a number threshold/,
    },
    {
      description: 'negative distance',
      settings: { name: 'n', fields: ['v'], levels: [{ label: 'lev', test: 'levenshtein', distance: -1 }] },
      expected: /levenshtein needs a number distance/,
    },
    {
      description: 'repeated label',
      settings: { name: 'n', fields: ['v'], levels: [{ label: 'a', test: 'exact' }, { label: 'a', test: 'oneEdit' }] },
      expected: /level label "a" is used twice/,
    },
    {
      description: 'no fields',
      settings: { name: 'n', fields: [], levels: [{ label: 'a', test: 'exact' }] },
      expected: /comparison "n" needs fields/,
    },
  ])('$description', ({ settings, expected }) => {
    expect(() => compileComparison(settings as unknown as ComparisonSettings)).toThrow(expected);
  });
});
