import { recordQuality } from '../../../src/modules/identity/record-quality';

describe('recordQuality', () => {
  it('counts each department’s records and its invalid and missing ID numbers', () => {
    expect(
      recordQuality([
        { source: 'police', idStatus: 'valid' },
        { source: 'civil-affairs', idStatus: 'invalid' },
        { source: 'civil-affairs', idStatus: 'missing' },
        { source: 'education', idStatus: undefined },
      ]),
    ).toEqual({
      police: { records: 1, invalidIdNumbers: 0, missingIdNumbers: 0, unmatched: 0 },
      'civil-affairs': { records: 2, invalidIdNumbers: 1, missingIdNumbers: 1, unmatched: 0 },
      education: { records: 1, invalidIdNumbers: 0, missingIdNumbers: 1, unmatched: 0 },
    });
  });

  it('counts records as unmatched only when no other department’s record is in the child', () => {
    // Two civil-affairs rows of one child (a duplicate in the roster) match each other, but no
    // other department knows the child.
    expect(recordQuality([{ source: 'civil-affairs', idStatus: 'valid' }, { source: 'civil-affairs', idStatus: 'valid' }])).toEqual({
      'civil-affairs': { records: 2, invalidIdNumbers: 0, missingIdNumbers: 0, unmatched: 2 },
    });
    expect(recordQuality([{ source: 'education', idStatus: 'valid' }])['education'].unmatched).toBe(1);
  });

  it('notes under police a child with a valid ID number that the searched police export does not hold', () => {
    const searched = { policeInReview: [], searched: ['civil-affairs', 'education', 'police'] };
    const valid = [{ recordId: '1', source: 'education', idNumber: '500109201901010016', idStatus: 'valid' as const }];
    expect(recordQuality([{ source: 'education', idStatus: 'valid' }], { ...searched, records: valid }).police).toEqual({
      records: 0, invalidIdNumbers: 0, missingIdNumbers: 0, unmatched: 0, noRecordFound: 1,
    });
    // No valid number (a case for the UNREGISTERED list), or police not searched: no finding.
    expect(recordQuality([{ source: 'education', idStatus: 'invalid' }], { ...searched, records: [{ ...valid[0], idStatus: 'invalid' }] }).police).toBeUndefined();
    expect(recordQuality([{ source: 'education', idStatus: 'valid' }], { ...searched, searched: ['education'], records: valid }).police).toBeUndefined();
    // The child's own number mistyped by a keystroke (its check character here), beside its birth date: registered, a finding.
    const mistyped = [{ ...valid[0], idNumber: '500109201901010017', idStatus: 'invalid' as const }];
    expect(recordQuality([{ source: 'education', idStatus: 'invalid' }], { ...searched, records: mistyped }, '2019-01-01').police?.noRecordFound).toBe(1);
  });
});
