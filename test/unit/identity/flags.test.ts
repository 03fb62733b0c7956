import type { GoldenRecord, Provenanced } from '../../../reconciliation/golden';
import { ageOn, childFlags, flagsToReevaluate, policeRecordNotFound, schoolYearCutoff, type FlagFacts, type FlagRecord } from '../../../src/modules/identity/flags';

const p = (value: unknown, source = 'civil-affairs', recordId = '1'): Provenanced => ({ value: value as Provenanced['value'], source, recordId });
const golden = (values: Record<string, Provenanced | null>, sources: string[], conflicts: GoldenRecord['conflicts'] = []): GoldenRecord => ({
  values,
  sources,
  conflicts,
  verification: conflicts.length > 0 ? 'CONFLICT' : 'VERIFIED',
});
const EVERY_SOURCE = ['civil-affairs', 'education', 'police'];
const facts = (records: FlagRecord[] = [], more: Partial<FlagFacts> = {}): FlagFacts => ({ records, policeInReview: [], searched: EVERY_SOURCE, ...more });
const record = (recordId: string, source: string, idNumber: string | null, idStatus: FlagRecord['idStatus']): FlagRecord => ({ recordId, source, idNumber, idStatus });
const flags = (g: GoldenRecord, today = '2024-03-31', f: FlagFacts = facts()) => childFlags(g, today, f).map((x) => x.flag).sort();

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
      { text: 'enrolment status 辍学 (CONFIRMED: the school says so)', field: 'enrolmentStatus', source: 'education', recordId: '3' },
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
    const found = [
      ...childFlags(everything, '2024-03-31', facts([record('7', 'education', '500109201304120312', 'invalid')])),
      ...childFlags(golden({ birthDate: p('2014-05-01', 'police') }, ['civil-affairs', 'police']), '2024-03-31', facts([record('1', 'police', null, 'missing'), record('2', 'police', '500109201405010013', 'invalid')])),
    ];
    expect(found.map((f) => f.flag).sort()).toEqual(['ALONE_UNDER_16', 'DROPOUT', 'DROPOUT', 'DUPLICATE_REGISTRATION', 'ID_CONFLICT', 'IN_DIFFICULTY', 'LEFT_BEHIND', 'UNREGISTERED']);
    for (const evidence of found.flatMap((f) => f.evidence)) {
      // Facts about the search or the flag as a whole quote no field and no department: they say
      // nothing of any one record.
      if (evidence.text === 'no household registration matched' || /^searched the /.test(evidence.text) || /household registrations are this one child/.test(evidence.text)) continue;
      expect(evidence.field !== undefined || evidence.source !== undefined).toBe(true);
      // Where a fact comes from is kept apart from the fact, so a role that may not see the record is not told of it.
      expect(evidence.text).not.toMatch(/record/);
    }
  });
});

describe('UNREGISTERED means unregistered', () => {
  const seenByCivilAffairs = golden({ birthDate: p('2019-01-01') }, ['civil-affairs']);

  test('a valid ID number from any department proves registration: no flag, a "no police record found" finding', () => {
    const known = facts([record('4', 'civil-affairs', '500109201901010014', 'valid')]);
    expect(flags(seenByCivilAffairs, '2024-03-31', known)).toEqual([]);
    expect(policeRecordNotFound(seenByCivilAffairs, known, '2019-01-01')).toBe(true);
  });

  // The child's valid number is 500109201901010014 (born 2019-01-01). A number is issued only at
  // registration, so its own number mistyped by one keystroke still proves that it was registered.
  test.each([
    { description: 'the check character mistyped', typed: '500109201901010017' },
    { description: 'two birth-date digits swapped', typed: '500109209101010014' },
    { description: 'a digit dropped', typed: '50010920190101014' },
    { description: 'a digit typed twice', typed: '5001092019010100014' },
  ])('its own number with $description: not on the list, a "no police record found" finding', ({ typed }) => {
    const known = facts([record('4', 'civil-affairs', typed, 'invalid')]);
    expect(flags(seenByCivilAffairs, '2024-03-31', known)).toEqual([]);
    expect(policeRecordNotFound(seenByCivilAffairs, known, '2019-01-01')).toBe(true);
  });

  test('a record whose birth date is a day off its mistyped number still shows the registration', () => {
    expect(flags(golden({ birthDate: p('2019-01-02') }, ['civil-affairs']), '2024-03-31', facts([record('4', 'civil-affairs', '500109201901010017', 'invalid')]))).toEqual([]);
  });

  test('only invalid numbers that are no mistyping of its own, or no number: on the list, with where the hub looked and every number seen', () => {
    // A parent's number (born 1988) with its check character mistyped: no number of this child.
    const parents = facts([record('4', 'civil-affairs', '500109198801010015', 'invalid')]);
    const unregistered = childFlags(seenByCivilAffairs, '2024-03-31', parents).find((f) => f.flag === 'UNREGISTERED')!;
    expect(unregistered.evidence).toEqual([
      { text: 'no household registration matched' },
      { text: 'searched the civil-affairs, education, police exports of this county' },
      { text: 'known to civil-affairs', source: 'civil-affairs' },
      { text: 'ID number 500109198801010015 is not valid (GB 11643: check digit or birth date) and is no mistyping of a number with this birth date', field: 'idNumber', source: 'civil-affairs', recordId: '4' },
    ]);
    expect(policeRecordNotFound(seenByCivilAffairs, parents, '2019-01-01')).toBe(false);
    // Its own number four days off its birth date, and a fragment: no registration shown either.
    expect(flags(golden({ birthDate: p('2019-01-05') }, ['civil-affairs']), '2024-03-31', facts([record('4', 'civil-affairs', '500109201901010017', 'invalid')]))).toEqual(['UNREGISTERED']);
    expect(flags(seenByCivilAffairs, '2024-03-31', facts([record('4', 'civil-affairs', '5001092019', 'invalid')]))).toEqual(['UNREGISTERED']);
    expect(childFlags(seenByCivilAffairs, '2024-03-31', facts()).find((f) => f.flag === 'UNREGISTERED')!.evidence).toContainEqual({ text: 'no department gives an ID number', field: 'idNumber' });
  });

  test('a police record waiting in review keeps the child off the list', () => {
    expect(flags(seenByCivilAffairs, '2024-03-31', facts([], { policeInReview: ['12'] }))).toEqual([]);
  });

  test('before the police export is imported, nobody is on the list: nothing was searched', () => {
    expect(flags(seenByCivilAffairs, '2024-03-31', facts([], { searched: ['civil-affairs'] }))).toEqual([]);
  });

  test('a child written before facts were kept reads as it was written', () => {
    expect(childFlags(seenByCivilAffairs, '2024-03-31', null).map((f) => f.flag)).toEqual(['UNREGISTERED']);
  });
});

describe('how sure a DROPOUT is', () => {
  test('CONFIRMED when the school says 辍学', () => {
    const [dropout] = childFlags(golden({ birthDate: p('2011-05-01', 'police'), enrolmentStatus: p('辍学', 'education', '3') }, ['education', 'police']), '2024-03-31', facts());
    expect(dropout).toMatchObject({ flag: 'DROPOUT', strength: 'CONFIRMED' });
  });

  test('TO_VERIFY when no enrolment was found in this county, and the evidence says so', () => {
    const [dropout] = childFlags(golden({ birthDate: p('2014-05-01', 'police') }, ['police']), '2024-03-31', facts());
    expect(dropout).toMatchObject({ flag: 'DROPOUT', strength: 'TO_VERIFY' });
    expect(dropout.evidence[1].text).toMatch(/TO_VERIFY/);
  });

  test('no education export imported: no TO_VERIFY dropout', () => {
    expect(flags(golden({ birthDate: p('2014-05-01', 'police') }, ['police']), '2024-03-31', facts([], { searched: ['police'] }))).toEqual([]);
  });
});

describe('possible duplicate registration (一人多户)', () => {
  test('two police records on one child are shown, each with its ID number', () => {
    const g = golden({ birthDate: p('2019-01-01', 'police') }, ['police']);
    const found = childFlags(g, '2024-03-31', facts([record('5', 'police', '500109201901010016', 'valid'), record('6', 'police', '500109201901010017', 'invalid')]));
    const duplicate = found.find((f) => f.flag === 'DUPLICATE_REGISTRATION')!;
    expect(duplicate.evidence).toEqual([
      { text: '2 household registrations are this one child: a possible duplicate registration (一人多户)' },
      { text: 'a registration with ID number 500109201901010016 (valid)', field: 'idNumber', source: 'police', recordId: '5' },
      { text: 'a registration with ID number 500109201901010017 (invalid)', field: 'idNumber', source: 'police', recordId: '6' },
    ]);
    expect(flags(g, '2024-03-31', facts([record('5', 'police', '500109201901010016', 'valid')]))).toEqual([]);
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
