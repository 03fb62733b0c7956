import { ACCESS } from '../../../src/auth/access';
import { maskIdNumber, maskIdNumbersDeep, maskIdNumbersIn } from '../../../src/auth/masking';
import { Role } from '../../../src/auth/roles';
import type { Evidence } from '../../../src/modules/identity/flags';
import { childView, evidenceFor, type ChildRow } from '../../../src/modules/sharing/child.view';

const row: ChildRow = {
  id: 'C1',
  area_code: '500109110244',
  verification: 'CONFLICT',
  golden: {
    idNumber: { value: '500109201304120311', source: 'police', recordId: '7' },
    fatherIdNumber: { value: '500109198805030213', source: 'police', recordId: '7' },
    name: { value: '王小明', source: 'police', recordId: '7' },
  },
  flags: [
    {
      flag: 'ID_CONFLICT',
      rule: 'r',
      evidence: [
        { text: '500109201304120311', field: 'idNumber', source: 'police', recordId: '7' },
        { text: '50010920130412031X', field: 'idNumber', source: 'civil-affairs', recordId: '9' },
      ],
    },
    { flag: 'IN_DIFFICULTY', rule: 'r', evidence: [{ text: 'difficulty 重残', field: 'difficultyTypes', source: 'civil-affairs', recordId: '36' }] },
    {
      flag: 'DROPOUT',
      rule: 'r',
      evidence: [
        { text: 'born 2013-04-12: 10 on 2023-08-31', field: 'birthDate', source: 'police', recordId: '7' },
        { text: 'no enrolment record in the education exports', field: 'enrolmentStatus' },
      ],
    },
    { flag: 'UNREGISTERED', rule: 'r', evidence: [{ text: 'no household registration matched' }, { text: 'known to civil-affairs', source: 'civil-affairs' }, { text: 'known to education', source: 'education' }] },
  ],
};
const viewer = (role: Role) => ({ sub: 's', role, area: '500109' });

describe('ID masking', () => {
  test.each([
    ['500109201304120311', '500109************'],
    ['50010920130412031X', '500109************'],
    ['500109130412031', '500109*********'],
    ['12345', '*****'],
    ['', null],
    [null, null],
  ])('masks %p as %p', (id, masked) => expect(maskIdNumber(id)).toBe(masked));

  test.each([
    { description: 'a bare number', text: '500109201304120311', expected: '500109************' },
    { description: 'inside evidence', text: 'ID 50010920130412031X (police record R7)', expected: 'ID 500109************ (police record R7)' },
    { description: 'an education key (G + ID number)', text: 'G500109201304120311', expected: 'G500109************' },
    { description: 'an L-number, which holds a birth date', text: 'L5001092013041200012', expected: 'L500109*************' },
    { description: 'a lower-case x', text: '50010920130412031x', expected: '500109************' },
    { description: 'a 15-digit number', text: 'old 500109130412031 number', expected: 'old 500109********* number' },
    { description: 'full-width digits', text: '５００１０９２０１３０４１２０３１１', expected: '５００１０９************' },
    { description: 'typed with spaces', text: '500109 20130412 0311', expected: '500109 ******** ****' },
    { description: 'in a raw CSV row', text: 'MZ-1,王小明,500109201304120311,500109110244', expected: 'MZ-1,王小明,500109************,500109110244' },
    { description: 'a 12-digit area code stays', text: 'area 500109110244', expected: 'area 500109110244' },
    { description: 'an 11-digit phone number stays', text: '13800138000', expected: '13800138000' },
    { description: 'a child id stays', text: 'C1234567890123456', expected: 'C1234567890123456' },
    { description: 'a decimal fraction stays', text: '0.123456789012345678', expected: '0.123456789012345678' },
  ])('in text: $description', ({ text, expected }) => expect(maskIdNumbersIn(text)).toBe(expected));

  test('walks a whole answer, errors included', () => {
    const answer = { data: { child: { idNumber: '500109201304120311', flags: [{ evidence: ['500109198805030213 (police record R7)'] }] } }, errors: [{ message: 'duplicate key 500109201304120311' }] };
    expect(JSON.stringify(maskIdNumbersDeep(answer))).not.toMatch(/\d{7}/);
  });
});

describe('a child as each role sees it', () => {
  test('ID numbers are not masked by the view (the answer is, in one place)', () => {
    expect(childView(row, viewer(Role.EDUCATION)).idNumber).toBe('500109201304120311');
  });

  test.each([
    { role: Role.CIVIL_AFFAIRS, flags: ['ID_CONFLICT', 'IN_DIFFICULTY', 'DROPOUT', 'UNREGISTERED'] },
    { role: Role.EDUCATION, flags: ['DROPOUT'] },
    { role: Role.POLICE, flags: ['ID_CONFLICT', 'UNREGISTERED'] },
    { role: Role.VILLAGE_DIRECTOR, flags: ['ID_CONFLICT', 'IN_DIFFICULTY', 'DROPOUT', 'UNREGISTERED'] },
    { role: Role.AUDITOR, flags: [] },
  ])('$role sees the flags $flags', ({ role, flags }) => {
    expect(childView(row, viewer(role)).flags.map((f) => f.flag)).toEqual(flags);
  });

  test('police read no welfare in evidence and cite only police records', () => {
    const child = childView(row, viewer(Role.POLICE));
    expect(child.flags.find((f) => f.flag === 'ID_CONFLICT')!.evidence).toEqual(['500109201304120311 (police record R7)', '50010920130412031X']);
    expect(child.flags.find((f) => f.flag === 'UNREGISTERED')!.evidence).toEqual(['no household registration matched']);
    expect(JSON.stringify(child.flags)).not.toMatch(/重残|civil-affairs|education/);
  });

  test('education reads the age and the missing enrolment, not which police record gave the birth date', () => {
    const dropout = childView(row, viewer(Role.EDUCATION)).flags.find((f) => f.flag === 'DROPOUT')!;
    expect(dropout.evidence).toEqual(['born 2013-04-12: 10 on 2023-08-31', 'no enrolment record in the education exports']);
  });

  test('civil affairs reads every fact with its record', () => {
    const child = childView(row, viewer(Role.CIVIL_AFFAIRS));
    expect(child.flags.find((f) => f.flag === 'IN_DIFFICULTY')!.evidence).toEqual(['difficulty 重残 (civil-affairs record R36)']);
    expect(child.flags.find((f) => f.flag === 'UNREGISTERED')!.evidence).toEqual(['no household registration matched', 'known to civil-affairs', 'known to education']);
  });

  test.each(Object.values(Role))('evidence written before it was structured is shown only to a role that sees the whole file (%s)', (role) => {
    const shown = evidenceFor('difficulty 重残 (civil-affairs record 36)', ACCESS[role]);
    expect(shown !== null).toBe([Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR].includes(role));
  });

  test('a fact quoting a field no section claims is shown only to a role that sees everything', () => {
    const e: Evidence = { text: 'x', field: 'somethingNew' };
    expect(evidenceFor(e, ACCESS[Role.POLICE])).toBeNull();
    expect(evidenceFor(e, ACCESS[Role.CIVIL_AFFAIRS])).toBe('x');
  });
});
