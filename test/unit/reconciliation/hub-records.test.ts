// HubMatchRecords (a run's records, each distinct name's readings worked out once) gives the very
// match records hubMatchRecord gives one at a time: polyphonic names, a name whose usual spelling
// is not its stored namePinyin, Latin letters, no name.
import { HUB_NORMALISED_FIELDS, hubMatchRecord, HubMatchRecords } from '../../../reconciliation/hub';
import { TermFrequencies } from '../../../reconciliation/scoring/term-frequency';
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

test('HubMatchRecords gives each record exactly what hubMatchRecord gives it', () => {
  const matchRecord = new HubMatchRecords().record;
  for (const [i, row] of rows.entries()) {
    expect(matchRecord(`r${i}`, 'police', row)).toEqual(hubMatchRecord(`r${i}`, 'police', row));
  }
  // Records with one name share its readings; the polyphonic name has several.
  const [a, b] = [matchRecord('a', 'police', rows[0]), matchRecord('b', 'police', rows[1])];
  expect(Array.isArray(a.fields.nameReadings)).toBe(true);
  expect(a.fields.nameReadings).toContain('wang si han');
  expect(b.fields.nameReadings).toBe(a.fields.nameReadings);
});

test('the names tallied while the records were made count as TermFrequencies counts the records', () => {
  const made = new HubMatchRecords();
  const withEmpty = [...rows, { name: '', namePinyin: '' }, { name: '冉轩柏', namePinyin: 'ran xuan bai' }];
  const records = withEmpty.map((row, i) => made.record(`r${i}`, 'police', row));
  for (const field of ['name', 'nameReadings']) {
    const counted = new TermFrequencies(records, [field]);
    const tallied = new TermFrequencies(records, [field], made.valueCounts);
    for (const r of records) expect(tallied.shareOf(field, r.fields)).toBe(counted.shareOf(field, r.fields));
    expect(made.valueCounts(field)).toEqual(countsOf(records.map((r) => r.fields[field])));
  }
  expect(made.valueCounts('birthDate')).toBeUndefined();
});

/** What TermFrequencies counts: each record's distinct non-empty values. */
function countsOf(values: FieldValue[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) {
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? [...new Set(v)] : [];
    for (const x of list) if (x.length > 0) counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  return counts;
}

test('a record adopted is the record made, its own object become the match record\'s fields', () => {
  const made = new HubMatchRecords();
  for (const [i, row] of rows.entries()) {
    const owned: Record<string, FieldValue> = Object.fromEntries(HUB_NORMALISED_FIELDS.map((f) => [f, row[f] ?? null]));
    const adopted = made.adopt(`r${i}`, 'police', owned);
    expect(adopted).toEqual(hubMatchRecord(`r${i}`, 'police', row));
    expect(adopted.fields).toBe(owned);
  }
});
