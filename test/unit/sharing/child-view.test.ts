import { Role } from '../../../src/auth/roles';
import { maskIdNumber } from '../../../src/auth/masking';
import { childView, type ChildRow } from '../../../src/modules/sharing/child.view';

const row: ChildRow = {
  id: 'C1',
  area_code: '500109110244',
  verification: 'CONFLICT',
  golden: {
    idNumber: { value: '500109201304120311', source: 'police', recordId: '7' },
    fatherIdNumber: { value: '500109198805030213', source: 'police', recordId: '7' },
    name: { value: '王小明', source: 'police', recordId: '7' },
  },
  flags: [{ flag: 'ID_CONFLICT' as never, rule: 'r', evidence: ['500109201304120311 (police record 7)', '50010920130412031X (civil-affairs record 9)'] }],
};
const viewer = (role: Role) => ({ sub: 's', role, area: '500109' });

describe('a child as each role sees it', () => {
  test.each([
    ['500109201304120311', '500109********0311'],
    ['500109130412031', '500109*****2031'],
    ['', null],
    [null, null],
  ])('masks %p as %p', (id, masked) => expect(maskIdNumber(id)).toBe(masked));

  test.each([
    { role: Role.CIVIL_AFFAIRS, id: '500109201304120311', father: '500109198805030213', evidence: '500109201304120311 (police record 7)' },
    { role: Role.POLICE, id: '500109201304120311', father: '500109198805030213', evidence: '500109201304120311 (police record 7)' },
    { role: Role.EDUCATION, id: '500109********0311', father: '500109********0213', evidence: '500109********0311 (police record 7)' },
    { role: Role.VILLAGE_DIRECTOR, id: '500109********0311', father: '500109********0213', evidence: '500109********0311 (police record 7)' },
  ])('$role: ID $id, also inside flag evidence', ({ role, id, father, evidence }) => {
    const child = childView(row, viewer(role));
    expect(child.idNumber).toBe(id);
    expect(child.family!.fatherIdNumber).toBe(father);
    expect(child.flags[0].evidence[0]).toBe(evidence);
    if (id.includes('*')) expect(child.flags[0].evidence[1]).toBe('500109********031X (civil-affairs record 9)');
  });
});
