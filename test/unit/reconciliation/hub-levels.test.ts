import { compileComparison } from '../../../reconciliation/comparison';
import { HUB_SETTINGS_FILE, hubMatchRecord, loadSettingsFile } from '../../../reconciliation/hub';
import { normaliseRecord, type SourceName } from '../../../reconciliation/normalise';

// Every level of every comparison in the hub's settings, reached from raw export cells through
// the real normaliser: what a reviewer reads in an explanation is what these rows produce.
const settings = loadSettingsFile(HUB_SETTINGS_FILE);
const record = (source: SourceName, row: Record<string, string>) => hubMatchRecord(`${source}:x`, source, normaliseRecord(source, row, undefined, { today: '2024-12-31' }).fields);
const civil = (row: Record<string, string>) => record('civil-affairs', { record_id: 'MZ-1', ...row });
const police = (row: Record<string, string>) => record('police', { id_number: row.id_number ?? '', ...row });
const education = (row: Record<string, string>) => record('education', { student_number: 'L500109201304120001', ...row });

const cases: { description: string; comparison: string; left: ReturnType<typeof record>; right: ReturnType<typeof record>; expected: string }[] = [
  // name
  { description: 'the same name as typed', comparison: 'name', left: civil({ name: '王小明' }), right: police({ name: '王小明' }), expected: 'exact as typed' },
  { description: 'full-width spaces are not a difference', comparison: 'name', left: civil({ name: '王 小明' }), right: police({ name: '王小明' }), expected: 'exact as typed' },
  { description: 'traditional 劉 / simplified 刘', comparison: 'name', left: education({ name: '劉思琪' }), right: police({ name: '刘思琪' }), expected: 'same after simplification' },
  { description: 'homophone typed by ear 晓 / 小', comparison: 'name', left: civil({ name: '王晓明' }), right: police({ name: '王小明' }), expected: 'homophone' },
  { description: "the police record's former name (曾用名)", comparison: 'name', left: civil({ name: '李小龙' }), right: police({ name: '李明轩', former_name: '李小龙' }), expected: 'former name' },
  { description: 'z / zh heard alike (周 zhou / 邹 zou)', comparison: 'name', left: civil({ name: '周伟' }), right: police({ name: '邹伟' }), expected: 'near pinyin' },
  { description: 'n / l heard alike (刘 liu / 牛 niu)', comparison: 'name', left: civil({ name: '刘洋' }), right: police({ name: '牛洋' }), expected: 'near pinyin' },
  { description: '-n / -ng heard alike (陈 chen / 程 cheng)', comparison: 'name', left: civil({ name: '陈静' }), right: police({ name: '程静' }), expected: 'near pinyin' },
  { description: 'one syllable different', comparison: 'name', left: civil({ name: '王梓涵' }), right: police({ name: '王梓萱' }), expected: 'similar' },
  { description: 'different names', comparison: 'name', left: civil({ name: '王小明' }), right: police({ name: '李思琪' }), expected: 'else' },
  { description: 'a placeholder name is no name', comparison: 'name', left: civil({ name: '无' }), right: police({ name: '王小明' }), expected: 'null' },
  // id number
  { description: 'the same valid ID, one with a lower-case x', comparison: 'id number', left: civil({ id_number: '50010920130412032x' }), right: police({ id_number: '50010920130412032X' }), expected: 'same valid number' },
  { description: 'the same number, failing its check digit on both sides', comparison: 'id number', left: civil({ id_number: '500109201304120321' }), right: education({ id_number: '500109201304120321' }), expected: 'same number, not valid' },
  {
    description: 'a typo in the birth-date digits (05 for 04) while the birth dates agree',
    comparison: 'id number',
    left: civil({ id_number: '500109201305120311', birth_date: '2013-04-12' }),
    right: police({ id_number: '500109201304120311', birth_date: '20130412' }),
    expected: 'typo in the birth-date digits, birth dates agree',
  },
  {
    description: 'an impossible birth date in the number (month 14) while the birth dates agree',
    comparison: 'id number',
    left: police({ id_number: '500109201314120311', birth_date: '20130412' }),
    right: police({ id_number: '500109201304120311', birth_date: '20130412' }),
    expected: 'typo in the birth-date digits, birth dates agree',
  },
  {
    description: 'a typo in the birth-date digits when the birth dates differ too is only one digit',
    comparison: 'id number',
    left: civil({ id_number: '500109201305120311', birth_date: '2013-05-12' }),
    right: police({ id_number: '500109201304120311', birth_date: '20130412' }),
    expected: 'one digit or transposition',
  },
  { description: 'one digit mistyped', comparison: 'id number', left: civil({ id_number: '500109201304120321' }), right: police({ id_number: '500109201304120311' }), expected: 'one digit or transposition' },
  { description: 'two adjacent digits swapped', comparison: 'id number', left: education({ id_number: '500109201304121311' }), right: police({ id_number: '500109201304120311' }), expected: 'one digit or transposition' },
  { description: "twins: two valid numbers that differ only in the sequence digits", comparison: 'id number', left: civil({ id_number: '50010920130412032X' }), right: police({ id_number: '500109201304120311' }), expected: 'sequence digits differ (twins)' },
  {
    description: "a sibling's number in the wrong row: it does not embed its row's birth date",
    comparison: 'id number',
    left: civil({ id_number: '500109201509080464', birth_date: '2013-04-12' }),
    right: police({ id_number: '500109201304120311', birth_date: '20130412' }),
    expected: "another's number: its birth date is not its row's",
  },
  { description: 'two different valid IDs', comparison: 'id number', left: civil({ id_number: '500109201509080464' }), right: police({ id_number: '500109201304120311' }), expected: 'two different valid numbers' },
  { description: 'two different IDs, one failing its check digit', comparison: 'id number', left: civil({ id_number: '500109201509080465' }), right: police({ id_number: '500109201304120311' }), expected: 'else' },
  { description: 'a placeholder is no ID', comparison: 'id number', left: civil({ id_number: '000000000000000000' }), right: police({ id_number: '500109201304120311' }), expected: 'null' },
  { description: "a number destroyed by Excel is no ID", comparison: 'id number', left: civil({ id_number: '5.00109E+17' }), right: police({ id_number: '500109201304120311' }), expected: 'null' },
  { description: "a number written out by Excel (15 digits, then 000) is no ID", comparison: 'id number', left: civil({ id_number: '500109201304120000' }), right: police({ id_number: '500109201304120311' }), expected: 'null' },
  // birth date
  { description: 'the same date in two formats', comparison: 'birth date', left: civil({ birth_date: '2013年4月12日' }), right: police({ birth_date: '20130412' }), expected: 'exact' },
  { description: 'one day apart', comparison: 'birth date', left: civil({ birth_date: '2013-04-13' }), right: police({ birth_date: '20130412' }), expected: 'one day apart' },
  { description: 'month and day swapped', comparison: 'birth date', left: civil({ birth_date: '2013-12-04' }), right: police({ birth_date: '20130412' }), expected: 'month and day swapped' },
  { description: 'same month, other day', comparison: 'birth date', left: civil({ birth_date: '2013-04-25' }), right: police({ birth_date: '20130412' }), expected: 'same month' },
  { description: 'different dates', comparison: 'birth date', left: civil({ birth_date: '2015-09-08' }), right: police({ birth_date: '20130412' }), expected: 'else' },
  // sex
  { description: '男 and 1 are both male', comparison: 'sex', left: civil({ sex: '男' }), right: police({ sex: '1' }), expected: 'exact' },
  { description: 'different sex', comparison: 'sex', left: civil({ sex: '女' }), right: police({ sex: '男' }), expected: 'else' },
  { description: 'a blank sex', comparison: 'sex', left: civil({ sex: '' }), right: police({ sex: '男' }), expected: 'null' },
  // area
  { description: 'the same village', comparison: 'area', left: civil({ area_code: '500109110244' }), right: police({ area_code: '500109110244' }), expected: 'village' },
  { description: 'a 9-digit town code against a village in it', comparison: 'area', left: civil({ area_code: '500109110' }), right: police({ area_code: '500109110244' }), expected: 'town' },
  { description: 'two villages of one county', comparison: 'area', left: civil({ area_code: '500109001033' }), right: police({ area_code: '500109110244' }), expected: 'county' },
  { description: 'two counties', comparison: 'area', left: civil({ area_code: '500112001001' }), right: police({ area_code: '500109110244' }), expected: 'else' },
  // family
  { description: "the mother's ID", comparison: 'family', left: civil({ mother_id_number: '500109199007160480' }), right: police({ mother_id_number: '500109199007160480' }), expected: "a parent's id number" },
  { description: 'the guardian phone', comparison: 'family', left: civil({ guardian_phone: '13896012345' }), right: education({ guardian_phone: '138 9601 2345' }), expected: 'guardian phone' },
  { description: 'the guardian is the householder', comparison: 'family', left: education({ guardian_name: '王德福' }), right: police({ householder_name: '王德福' }), expected: "a parent's or guardian's name" },
  { description: 'nothing in common', comparison: 'family', left: civil({ father_name: '王建国', guardian_phone: '13896012345' }), right: police({ father_name: '李强' }), expected: 'else' },
  { description: 'no family fields on one side', comparison: 'family', left: civil({}), right: police({ father_name: '李强' }), expected: 'null' },
];

describe('the hub settings: every comparison level, from raw cells', () => {
  const compiled = new Map(settings.comparisons.map((c) => [c.name, compileComparison(c)]));

  test.each(cases)('$comparison: $description → $expected', ({ comparison, left, right, expected }) => {
    const c = compiled.get(comparison)!;
    const level = c.levelOf(left.fields, right.fields);
    expect(level === -1 ? 'null' : c.labels[level]).toBe(expected);
  });

  test('every level of every comparison is covered by a case above', () => {
    for (const c of settings.comparisons) {
      const covered = new Set(cases.filter((x) => x.comparison === c.name).map((x) => x.expected));
      for (const label of [...c.levels.map((l) => l.label), 'else']) expect([c.name, covered.has(label)]).toEqual([c.name, true]);
    }
  });
});
