import { flagDays, flagsCounty } from '../../../src/modules/identity/child-flags-date';

describe("the day a child's flags are evaluated for", () => {
  const days = flagDays(new Map([['500109', '2024Q1'], ['500106', '2024Q2']]));

  it('is the end of the latest period imported for each county, never one day for all', () => {
    expect(days).toEqual({ '500106': '2024-06-30', '500109': '2024-03-31' });
  });

  it("follows the child's own county", () => {
    expect(flagsCounty('500109', ['500106'], days)).toBe('500109');
    expect(flagsCounty('500106', ['500109'], days)).toBe('500106');
  });

  it('follows the county that exported its records when its own exported nothing, the latest of them', () => {
    expect(flagsCounty('500110', ['500109'], days)).toBe('500109'); // living across the county line
    expect(flagsCounty(null, ['500109', '500106', null], days)).toBe('500106');
    expect(flagsCounty(null, [null], days)).toBeNull();
  });
});
