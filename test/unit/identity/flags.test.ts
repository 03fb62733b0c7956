import type { GoldenRecord, Provenanced } from '../../../reconciliation/golden';
import { ageOn, childFlags, flagsToReevaluate, schoolYearCutoff } from '../../../src/modules/identity/flags';

const p = (value: unknown, source = 'civil-affairs', recordId = '1'): Provenanced => ({ value: value as Provenanced['value'], source, recordId });
const golden = (values: Record<string, Provenanced | null>, sources: string[], conflicts: GoldenRecord['conflicts'] = []): GoldenRecord => ({
  values,
  sources,
  conflicts,
  verification: conflicts.length > 0 ? 'CONFLICT' : 'VERIFIED',
});
const flags = (g: GoldenRecord, today = '2024-03-31') => childFlags(g, today).map((f) => f.flag).sort();

describe('child flags', () => {
  test.each([
    { description: 'ages count whole years', birth: '2010-04-01', day: '2024-03-31', expected: 13 },
    { description: 'on the birthday the year is full', birth: '2010-03-31', day: '2024-03-31', expected: 14 },
  ])('$description', ({ birth, day, expected }) => expect(ageOn(birth, day)).toBe(expected));

  test.each([
    { today: '2024-03-31', expected: '2023-08-31' },
    { today: '2024-09-01', expected: '2024-08-31' },
    { today: '2024-08-31', expected: '2023-08-31' },
  ])('the school year of $today counts ages on $expected', ({ today, expected }) => expect(schoolYearCutoff(today)).toBe(expected));

  test.each([
    { description: 'enrolment 辍学 at 12', values: { birthDate: p('2011-05-01', 'police'), enrolmentStatus: p('辍学', 'education') }, sources: ['education', 'police'], expected: ['DROPOUT'] },
    { description: 'no enrolment record at all at 9', values: { birthDate: p('2014-05-01', 'police') }, sources: ['police'], expected: ['DROPOUT'] },
    { description: '转出 is not a dropout', values: { birthDate: p('2011-05-01', 'police'), enrolmentStatus: p('转出', 'education') }, sources: ['education', 'police'], expected: [] },
    { description: '毕业 is not a dropout', values: { birthDate: p('2008-05-01', 'police'), enrolmentStatus: p('毕业', 'education') }, sources: ['education', 'police'], expected: [] },
    { description: 'five on 31 August is below school age', values: { birthDate: p('2018-05-01', 'police') }, sources: ['police'], expected: [] },
    { description: 'sixteen on 31 August is past compulsory education', values: { birthDate: p('2007-05-01', 'police') }, sources: ['police'], expected: [] },
    { description: 'no police record: unregistered', values: { birthDate: p('2019-01-01') }, sources: ['civil-affairs'], expected: ['UNREGISTERED'] },
    { description: 'left-behind from the civil-affairs category', values: { birthDate: p('2019-01-01', 'police'), category: p(['留守儿童']) }, sources: ['civil-affairs', 'police'], expected: ['LEFT_BEHIND'] },
    { description: "left-behind from the school's flag", values: { birthDate: p('2019-01-01', 'police'), leftBehind: p(true, 'education') }, sources: ['education', 'police'], expected: ['LEFT_BEHIND'] },
    { description: 'no longer left-behind at 16', values: { birthDate: p('2007-06-01', 'police'), category: p(['留守儿童']), enrolmentStatus: p('在读', 'education') }, sources: ['civil-affairs', 'education', 'police'], expected: [] },
    { description: 'in difficulty from a difficulty type', values: { birthDate: p('2019-01-01', 'police'), difficultyTypes: p(['重病']) }, sources: ['civil-affairs', 'police'], expected: ['IN_DIFFICULTY'] },
    { description: 'under 16 with 无人监护', values: { birthDate: p('2019-01-01', 'police'), guardianshipType: p('无人监护') }, sources: ['civil-affairs', 'police'], expected: ['ALONE_UNDER_16'] },
  ])('$description', ({ values, sources, expected }) => {
    expect(flags(golden(values as unknown as Record<string, Provenanced>, sources))).toEqual(expected);
  });

  test('ID_CONFLICT lists the conflicting values with their records', () => {
    const conflict = { field: 'idNumber', values: [p('500109201304120311', 'police', '7'), p('500109201509080464', 'civil-affairs', '9')] };
    const found = childFlags(golden({ birthDate: p('2019-01-01', 'police') }, ['civil-affairs', 'police'], [conflict]), '2024-03-31');
    const idConflict = found.find((f) => f.flag === 'ID_CONFLICT')!;
    expect(idConflict.evidence).toEqual([
      { text: '500109201304120311', field: 'idNumber', source: 'police', recordId: '7' },
      { text: '500109201509080464', field: 'idNumber', source: 'civil-affairs', recordId: '9' },
    ]);
    expect(idConflict.rule).toMatch(/different valid ID numbers/);
  });

  test('each flag carries its rule with the seed it comes from and its evidence', () => {
    const [dropout] = childFlags(golden({ birthDate: p('2011-05-01', 'police'), enrolmentStatus: p('辍学', 'education', '3') }, ['education', 'police']), '2024-03-31');
    expect(dropout.rule).toMatch(/002 §9/);
    expect(dropout.evidence).toEqual([
      { text: 'born 2011-05-01: 12 on 2023-08-31, of compulsory-education age', field: 'birthDate', source: 'police', recordId: '1' },
      { text: 'enrolment status 辍学', field: 'enrolmentStatus', source: 'education', recordId: '3' },
    ]);
  });

  test('every fact quotes a field, or names the department it is about', () => {
    const everything = golden(
      {
        birthDate: p('2014-05-01', 'police'),
        category: p(['留守儿童', '困境儿童']),
        difficultyTypes: p(['重病']),
        guardianshipType: p('无人监护'),
        leftBehind: p(true, 'education'),
        enrolmentStatus: p('辍学', 'education'),
      },
      ['civil-affairs', 'education'],
      [{ field: 'idNumber', values: [p('500109201304120311', 'education', '7'), p('500109201509080464', 'civil-affairs', '9')] }],
    );
    const found = childFlags(everything, '2024-03-31');
    expect(found.map((f) => f.flag).sort()).toEqual(['ALONE_UNDER_16', 'DROPOUT', 'ID_CONFLICT', 'IN_DIFFICULTY', 'LEFT_BEHIND', 'UNREGISTERED']);
    for (const evidence of found.flatMap((f) => f.evidence)) {
      // Only "no household registration matched" is about no field and no department: it quotes nothing.
      if (evidence.text === 'no household registration matched') continue;
      expect(evidence.field !== undefined || evidence.source !== undefined).toBe(true);
      // Where a fact comes from is kept apart from the fact, so a role that may not see the record is not told of it.
      expect(evidence.text).not.toMatch(/record/);
    }
  });
});

describe('which flags a later period can change', () => {
  test('within a school year, only children crossing 16 or 18', () => {
    expect(flagsToReevaluate('2024-03-31', '2024-06-30')).toEqual([
      { from: '2008-03-31', to: '2008-06-30' },
      { from: '2006-03-31', to: '2006-06-30' },
    ]);
  });
  test('into a new school year, everyone (compulsory-education age is counted on 31 August)', () => {
    expect(flagsToReevaluate('2024-06-30', '2024-09-30')).toBeNull();
  });
});
