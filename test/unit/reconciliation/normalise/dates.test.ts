import { normaliseDate, normaliseMonth } from '../../../../reconciliation/normalise';

const TODAY = '2025-01-01';

function summary(result: { value: string | null; problems: { code: string }[] }) {
  return { value: result.value, codes: result.problems.map((p) => p.code) };
}

describe('normaliseDate', () => {
  it.each([
    { description: 'ISO', raw: '2013-04-12', expected: { value: '2013-04-12', codes: [] } },
    { description: 'slashes without padding', raw: '2013/4/12', expected: { value: '2013-04-12', codes: [] } },
    { description: 'slashes with padding', raw: '2013/04/12', expected: { value: '2013-04-12', codes: [] } },
    { description: 'compact', raw: '20130412', expected: { value: '2013-04-12', codes: [] } },
    { description: 'Chinese', raw: '2013年4月12日', expected: { value: '2013-04-12', codes: [] } },
    { description: 'Chinese with padding and 号', raw: '2013年04月12号', expected: { value: '2013-04-12', codes: [] } },
    { description: 'dots', raw: '2013.04.12', expected: { value: '2013-04-12', codes: [] } },
    { description: 'hyphens without padding', raw: '2013-4-12', expected: { value: '2013-04-12', codes: [] } },
    { description: 'with a midnight time', raw: '2013-04-12 00:00:00', expected: { value: '2013-04-12', codes: [] } },
    { description: "with Excel's short time", raw: '2013/4/12 0:00', expected: { value: '2013-04-12', codes: [] } },
    { description: 'ISO date-time with Z', raw: '2013-04-12T00:00:00Z', expected: { value: '2013-04-12', codes: [] } },
    { description: 'compact with a time', raw: '20130412 08:30', expected: { value: '2013-04-12', codes: [] } },
    { description: 'full-width digits', raw: '２０１３年４月１２日', expected: { value: '2013-04-12', codes: [] } },
    { description: 'full-width digits and hyphens', raw: '２０１３－０４－１２', expected: { value: '2013-04-12', codes: [] } },
    { description: 'surrounding spaces', raw: ' 2013-04-12 ', expected: { value: '2013-04-12', codes: [] } },
    { description: 'a leap day', raw: '2012-02-29', expected: { value: '2012-02-29', codes: [] } },
    { description: 'Excel serial 41376', raw: '41376', expected: { value: '2013-04-12', codes: [] } },
    { description: 'Excel serial with a time fraction', raw: '41376.75', expected: { value: '2013-04-12', codes: [] } },
    { description: 'Excel serial 1', raw: '1', expected: { value: '1900-01-01', codes: [] } },
    { description: 'Excel serial 59, the last day before the phantom', raw: '59', expected: { value: '1900-02-28', codes: [] } },
    { description: "Excel serial 60, Lotus' phantom 1900-02-29", raw: '60', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'Excel serial 61, the first day after the phantom', raw: '61', expected: { value: '1900-03-01', codes: [] } },
    { description: 'Excel serial 0 is not a day', raw: '0', expected: { value: null, codes: ['date-unreadable'] } },
    { description: 'Excel serial beyond the plausible range', raw: '80001', expected: { value: null, codes: ['date-unreadable'] } },
    { description: 'Feb 30', raw: '2013-02-30', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'compact Feb 30', raw: '20130230', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'Feb 29 in a common year', raw: '2013/2/29', expected: { value: null, codes: ['date-invalid'] } },
    { description: '1900 was not a leap year', raw: '1900-02-29', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'month 13', raw: '2013-13-01', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'day 0', raw: '2013-04-00', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'a year before 1900', raw: '1899-12-31', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'text', raw: '不详', expected: { value: null, codes: ['date-unreadable'] } },
    { description: 'a year only', raw: '2013', expected: { value: null, codes: ['date-unreadable'] } },
    { description: 'a year and month only', raw: '2013-04', expected: { value: null, codes: ['date-unreadable'] } },
    { description: 'a year and month with a dot', raw: '2013.4', expected: { value: null, codes: ['date-unreadable'] } },
    { description: 'day-first order', raw: '12/04/2013', expected: { value: null, codes: ['date-unreadable'] } },
    { description: 'in the future: value kept', raw: '2030-01-01', expected: { value: '2030-01-01', codes: ['date-future'] } },
    { description: 'today is not the future', raw: TODAY, expected: { value: TODAY, codes: [] } },
    { description: 'empty', raw: '', expected: { value: null, codes: ['date-empty'] } },
    { description: 'null', raw: null, expected: { value: null, codes: ['date-empty'] } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    expect(summary(normaliseDate(raw, { today: TODAY }))).toEqual(expected);
  });

  it('defaults "today" to the current date', () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const iso = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    expect(normaliseDate(iso).problems.map((p) => p.code)).toEqual(['date-future']);
    expect(normaliseDate('2013-04-12').problems).toEqual([]);
  });
});

describe('normaliseMonth', () => {
  it.each([
    { description: 'ISO month', raw: '2019-09', expected: { value: '2019-09', codes: [] } },
    { description: 'dot, unpadded', raw: '2019.9', expected: { value: '2019-09', codes: [] } },
    { description: 'slash', raw: '2019/9', expected: { value: '2019-09', codes: [] } },
    { description: 'compact', raw: '201909', expected: { value: '2019-09', codes: [] } },
    { description: 'Chinese', raw: '2019年9月', expected: { value: '2019-09', codes: [] } },
    { description: 'full-width Chinese', raw: '２０１９年９月', expected: { value: '2019-09', codes: [] } },
    { description: 'a full date keeps its month', raw: '2019-09-01', expected: { value: '2019-09', codes: [] } },
    { description: 'an Excel serial', raw: '43709', expected: { value: '2019-09', codes: [] } },
    { description: 'month 13', raw: '2019-13', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'month 0', raw: '201900', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'an impossible full date', raw: '2019-02-30', expected: { value: null, codes: ['date-invalid'] } },
    { description: 'text', raw: '九月', expected: { value: null, codes: ['date-unreadable'] } },
    { description: 'in the future: value kept', raw: '2025-09', expected: { value: '2025-09', codes: ['date-future'] } },
    { description: 'this month is not the future', raw: '2025-01', expected: { value: '2025-01', codes: [] } },
    { description: 'empty', raw: '', expected: { value: null, codes: ['date-empty'] } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    expect(summary(normaliseMonth(raw, { today: TODAY }))).toEqual(expected);
  });
});
