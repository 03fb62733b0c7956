import { Role } from '../../../src/auth/roles';
import { recordOutsideArea, rowOutsideArea } from '../../../src/modules/ingest/push-area';

const police = (area: string) => ({ sub: 'pusher', role: Role.POLICE, area });

describe('a push stays in its area', () => {
  it.each([
    // token area, the row's own area code, allowed
    ['500109', '500109110244', true],
    ['500109', '500109110', true],
    ['500109', '500109', true],
    ['500109', null, true], // no code: one of the county's own rows
    ['500109', '500106001001', false], // another county
    ['500109', '500100', false], // a city: cannot be shown inside
    ['500109110', '500109110244', true], // a town's police
    ['500109110', '500109110', true],
    ['500109110', '500109113214', false], // another town
    ['500109110', '500109', false], // the county: cannot be shown to lie in the town
    ['500109110', null, false], // no code: cannot be shown to lie in the town
    ['500109', '50010911024X', false], // not a code
  ])('token %s, row %s: %s', (area, stated, allowed) => {
    expect(rowOutsideArea(police(area), stated) === null).toBe(allowed);
  });

  it("refuses to overwrite a record outside the area, without saying where it lies", () => {
    expect(recordOutsideArea(police('500109110'), '500109110244', 'K')).toBeNull();
    const reason = recordOutsideArea(police('500109110'), '500109113214', '500109201304120311');
    expect(reason).toMatch(/key 500109201304120311 belongs to a record outside your area 500109110/);
    expect(reason).not.toMatch(/500109113214/);
    expect(recordOutsideArea(police('500109'), null, 'K')).not.toBeNull();
  });
});
