import * as fs from 'fs';
import * as path from 'path';
import { SOURCE_COLUMNS, SourceName } from '../../../../reconciliation/normalise';

const SAMPLES = path.join(__dirname, '../../../fixtures/samples');

describe('SOURCE_COLUMNS', () => {
  it.each([
    { source: 'civil-affairs' as SourceName, key: 'record_id', count: 28 },
    { source: 'education' as SourceName, key: 'student_number', count: 20 },
    { source: 'police' as SourceName, key: 'id_number', count: 18 },
  ])('$source: key $key, $count columns, the first being the key', ({ source, key, count }) => {
    const layout = SOURCE_COLUMNS[source];
    expect(layout.key).toBe(key);
    expect(layout.columns).toHaveLength(count);
    expect(layout.columns[0].name).toBe(key);
  });

  it.each(['civil-affairs', 'education', 'police'] as SourceName[])(
    '%s: the first Chinese header of each column is the sample header, in order',
    (source) => {
      const header = fs.readFileSync(path.join(SAMPLES, `${source}.sample.csv`), 'utf8').replace(/^\ufeff/, '').split('\n')[0].trim().split(',');
      expect(SOURCE_COLUMNS[source].columns.map((c) => c.zh[0])).toEqual(header);
    },
  );

  it.each(['civil-affairs', 'education', 'police'] as SourceName[])('%s: canonical names are unique snake_case', (source) => {
    const names = SOURCE_COLUMNS[source].columns.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
