import { caseDue, CaseDueError, DEFAULT_DUE } from '../../../src/modules/cases/case-due';

describe('case deadlines (HUB_CASE_DUE)', () => {
  it('are the issue’s defaults when unset', () => {
    expect(caseDue(undefined)).toEqual({
      DROPOUT_FOLLOW_UP: '30 days',
      REGISTRATION: '90 days',
      MANDATORY_REPORT: '24 hours',
      MANDATORY_REPORT_ASSESSMENT: '15 days',
      MISSING_PARENT: '6 months',
    });
    expect(caseDue('  ')).toEqual(DEFAULT_DUE);
  });

  it('replace only the steps named', () => {
    expect(caseDue('DROPOUT_FOLLOW_UP=45 days, MISSING_PARENT=3 months')).toEqual({ ...DEFAULT_DUE, DROPOUT_FOLLOW_UP: '45 days', MISSING_PARENT: '3 months' });
  });

  it('refuse an unknown step or a value that is not a count and a unit', () => {
    expect(() => caseDue('DROPOUT=30 days')).toThrow(CaseDueError);
    expect(() => caseDue('REGISTRATION=soon')).toThrow(/needs a count and a unit/);
    expect(() => caseDue('REGISTRATION=1 day; drop table child')).toThrow(CaseDueError);
    expect(() => caseDue('REGISTRATION')).toThrow(CaseDueError);
  });
});
