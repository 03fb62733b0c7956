import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { InMemoryAreaRegistry, normaliseRecord, NormalisedRecord, SOURCE_COLUMNS, SourceName } from '../../../../reconciliation/normalise';

// Copies of the hand-made samples of the three exports (test/fixtures/samples) (synthetic children, region 500109).
const SAMPLES = path.join(__dirname, '../../../fixtures/samples');
const TODAY = '2025-01-01';

const registry = new InMemoryAreaRegistry([
  { code: '500109', name: '北碚区' },
  { code: '500109110', name: '静观镇' },
  { code: '500109113', name: '三圣镇' },
  { code: '500109110244', name: '素心村村民委员会' },
  { code: '500109110245', name: '万全村村民委员会' },
  { code: '500109113214', name: '古佛村村民委员会' },
]);

/** Reads a sample with its Chinese header and keys each row by canonical column name, as the importer does. */
function readSample(source: SourceName): Record<string, string>[] {
  const [header, ...rows] = parse(fs.readFileSync(path.join(SAMPLES, `${source}.sample.csv`)), { bom: true }) as string[][];
  const names = header.map((zh) => {
    const column = SOURCE_COLUMNS[source].columns.find((c) => c.zh.includes(zh));
    if (column === undefined) throw new Error(`unknown header ${zh}`);
    return column.name;
  });
  return rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [names[i], cell])));
}

const normalised: Record<SourceName, NormalisedRecord[]> = {
  'civil-affairs': readSample('civil-affairs').map((row) => normaliseRecord('civil-affairs', row, registry, { today: TODAY })),
  education: readSample('education').map((row) => normaliseRecord('education', row, registry, { today: TODAY })),
  police: readSample('police').map((row) => normaliseRecord('police', row, registry, { today: TODAY })),
};

function child(source: SourceName, name: string): NormalisedRecord {
  const found = normalised[source].find((r) => r.fields.name === name);
  if (found === undefined) throw new Error(`${name} not in ${source}`);
  return found;
}

describe('the sample exports', () => {
  it.each([
    { source: 'civil-affairs' as SourceName, names: ['王晓明', '刘思琪', '陈浩', '赵雨涵'] },
    { source: 'education' as SourceName, names: ['王小明', '刘思琪', '陈浩', '赵雨涵'] },
    { source: 'police' as SourceName, names: ['王小明', '刘思琪', '陈浩'] },
  ])('$source: every row is read, with its normalised name', ({ source, names }) => {
    expect(normalised[source].map((r) => r.fields.name)).toEqual(names);
  });

  // The whole list of trouble the samples contain (docs/FORMATS.md), and nothing else.
  it.each([
    { description: '陈浩 in education: a transposed ID digit', source: 'education' as SourceName, name: '陈浩', problems: [['id_number', 'id-check-digit'], ['id_number', 'id-sex-mismatch']] },
    { description: '劉思琪 in police: a traditional character', source: 'police' as SourceName, name: '刘思琪', problems: [['name', 'name-traditional']] },
    { description: '王晓明 in civil affairs: no ID, which is not a defect there', source: 'civil-affairs' as SourceName, name: '王晓明', problems: [] },
    { description: '赵雨涵 in civil affairs: no ID', source: 'civil-affairs' as SourceName, name: '赵雨涵', problems: [] },
    { description: '赵雨涵 in education: a temporary student number', source: 'education' as SourceName, name: '赵雨涵', problems: [] },
    { description: '陈浩 in police', source: 'police' as SourceName, name: '陈浩', problems: [] },
  ])('$description', ({ source, name, problems }) => {
    expect(child(source, name).problems.map((p) => [p.field, p.code])).toEqual(problems);
  });

  it('no other row of the samples reports any problem', () => {
    const all = (Object.keys(normalised) as SourceName[]).flatMap((source) =>
      normalised[source].flatMap((r) => r.problems.map((p) => `${source} ${String(r.fields.name)} ${p.field} ${p.code}`)),
    );
    expect(all).toEqual([
      'education 陈浩 id_number id-check-digit',
      'education 陈浩 id_number id-sex-mismatch',
      'police 刘思琪 name name-traditional',
    ]);
  });

  it("陈浩's education ID fails the check digit, while civil affairs and police agree on a valid one", () => {
    expect(child('education', '陈浩').fields).toMatchObject({ idNumber: '500109201201300167', idStatus: 'invalid' });
    expect(child('civil-affairs', '陈浩').fields).toMatchObject({ idNumber: '500109201201300176', idStatus: 'valid' });
    expect(child('police', '陈浩').fields).toMatchObject({ idNumber: '500109201201300176', idStatus: 'valid', formerName: '陈小浩' });
  });

  it('赵雨涵 has no ID anywhere and a temporary student number', () => {
    expect(child('civil-affairs', '赵雨涵').fields).toMatchObject({ idNumber: null, idStatus: 'missing' });
    expect(child('education', '赵雨涵').fields).toMatchObject({ idNumber: null, idStatus: 'missing', temporaryStudentNumber: true, idType: '无' });
    expect(normalised.police.some((r) => r.fields.name === '赵雨涵')).toBe(false);
  });

  it('劉思琪 → 刘思琪: the same name and pinyin in all three sources', () => {
    const names = (['civil-affairs', 'education', 'police'] as SourceName[]).map((s) => child(s, '刘思琪').fields);
    for (const f of names) expect(f).toMatchObject({ name: '刘思琪', namePinyin: 'liu si qi', idNumber: '500109201509080464', birthDate: '2015-09-08' });
  });

  it('王晓明 / 王小明: different names, equal pinyin, equal birth dates from different formats', () => {
    const civil = normalised['civil-affairs'][0].fields;
    const police = child('police', '王小明').fields;
    expect(civil.name).toBe('王晓明');
    expect(police.name).toBe('王小明');
    expect(civil.namePinyin).toBe('wang xiao ming');
    expect(police.namePinyin).toBe(civil.namePinyin);
    expect(civil.birthDate).toBe('2013-04-12'); // from 2013/4/12
    expect(police.birthDate).toBe('2013-04-12'); // from 20130412
  });

  it('dates, sex, ethnicity and yes/no come out in one form', () => {
    expect(child('civil-affairs', '赵雨涵').fields.birthDate).toBe('2017-03-21'); // from 2017年3月21日
    expect(child('civil-affairs', '陈浩').fields.birthDate).toBe('2012-01-30'); // from 20120130
    expect(child('police', '陈浩').fields.ethnicity).toBe(child('civil-affairs', '陈浩').fields.ethnicity); // 汉 / 汉族
    expect(child('education', '陈浩').fields).toMatchObject({ sex: 'M', leftBehind: true, enrolmentStatus: '辍学', statusChangedOn: '2024-10-08' });
    expect(child('civil-affairs', '刘思琪').fields).toMatchObject({ difficultyTypes: ['重病', '家庭经济困难'], assistance: ['低保', '临时救助'], fatherMigrant: false });
  });
});
