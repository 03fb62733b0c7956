// hubMatchRecords (a run's records, each distinct name's readings worked out once) gives the very
// match records hubMatchRecord gives one at a time: polyphonic names, a name whose usual spelling
// is not its stored namePinyin, Latin letters, no name.
import { hubMatchRecord, hubMatchRecords } from '../../../reconciliation/hub';
import type { FieldValue } from '../../../reconciliation/settings';

const rows: Record<string, FieldValue>[] = [
  { name: '王偲涵', namePinyin: 'wang cai han', idStatus: 'valid', idNumber: '500109201708295273', birthDate: '2017-08-29' },
  { name: '王偲涵', namePinyin: 'wang cai han', idStatus: 'invalid', idNumber: '500109201708295274', birthDate: '2017-08-29' },
  { name: '王思涵', namePinyin: 'wang si han', idStatus: 'missing', idNumber: null },
  { name: '冉轩柏', namePinyin: 'ran xuan bai', formerNamePinyin: 'ran xuan bo' },
  // The same name with another stored spelling (a record normalised by an earlier version).
  { name: '王思涵', namePinyin: 'wang sai han' },
  { name: '李明', namePinyin: 'li ming' },
  { name: '李明', namePinyin: null },
  { name: 'Anna李', namePinyin: 'anna li' },
  { name: null, namePinyin: null },
];

test('hubMatchRecords gives each record exactly what hubMatchRecord gives it', () => {
  const matchRecord = hubMatchRecords();
  for (const [i, row] of rows.entries()) {
    expect(matchRecord(`r${i}`, 'police', row)).toEqual(hubMatchRecord(`r${i}`, 'police', row));
  }
  // Records with one name share its readings; the polyphonic name has several.
  const [a, b] = [matchRecord('a', 'police', rows[0]), matchRecord('b', 'police', rows[1])];
  expect(Array.isArray(a.fields.nameReadings)).toBe(true);
  expect(a.fields.nameReadings).toContain('wang si han');
  expect(b.fields.nameReadings).toBe(a.fields.nameReadings);
});
