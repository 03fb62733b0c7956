import { chinaToday, currentQuarter, parsePeriod } from '../../../src/modules/ingest/periods';
import { ImportRefusedError } from '../../../src/modules/ingest/source-rows';

describe('an import period', () => {
  const may2024 = new Date('2024-05-15T12:00:00Z');

  it.each([
    ['2024Q1', '2024Q1'],
    [' 2024q2 ', '2024Q2'], // the current quarter itself
    ['2000Q1', '2000Q1'],
  ])('accepts %j as %s', (raw, period) => {
    expect(parsePeriod(raw, may2024)).toBe(period);
  });

  it.each([
    ['2099Q4', /2099Q4 has not begun: the current quarter is 2024Q2/],
    ['2024Q3', /has not begun/],
    ['1999Q4', /before 2000/],
    ['2024Q5', /a quarter like 2024Q1/],
    ['2024-03', /a quarter like 2024Q1/],
  ])('refuses %j', (raw, reason) => {
    expect(() => parsePeriod(raw, may2024)).toThrow(ImportRefusedError);
    expect(() => parsePeriod(raw, may2024)).toThrow(reason);
  });

  it("counts quarters in China's time: 1 April begins at 16:00 UTC on 31 March", () => {
    expect(currentQuarter(new Date('2024-03-31T15:59:59Z'))).toBe('2024Q1');
    expect(currentQuarter(new Date('2024-03-31T16:00:00Z'))).toBe('2024Q2');
    expect(currentQuarter(new Date('2024-12-31T16:00:00Z'))).toBe('2025Q1');
    expect(parsePeriod('2024Q2', new Date('2024-03-31T16:00:00Z'))).toBe('2024Q2');
  });
});

describe('chinaToday', () => {
  it('is the calendar day in China (UTC+8), whatever the server’s time zone', () => {
    expect(chinaToday(new Date('2024-03-20T15:59:59Z'))).toBe('2024-03-20');
    expect(chinaToday(new Date('2024-03-20T16:00:00Z'))).toBe('2024-03-21');
  });
});
