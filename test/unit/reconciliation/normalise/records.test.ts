import { FieldValue, InMemoryAreaRegistry, normaliseRecord, SOURCE_COLUMNS, SourceName } from '../../../../reconciliation/normalise';

// Generated people only: region 500109, invented dates, check digits computed independently.
const CHILD_ID = '500109201406150036'; // boy, 2014-06-15
const CHILD_X_ID = '50010920170306015X'; // boy, 2017-03-06, check character X
const FATHER_ID = '500109198503071239'; // man, 1985-03-07
const FATHER_ID_15 = '500109850307123'; // the same man's pre-1999 number
const MOTHER_ID = '500109198709100023'; // woman, 1987-09-10
const TODAY = '2025-01-01';

const registry = new InMemoryAreaRegistry([
  { code: '500109', name: '北碚区' },
  { code: '500109110', name: '静观镇' },
  { code: '500109110244', name: '素心村村民委员会' },
  { code: '500109110245', name: '万全村村民委员会' },
]);

const BASE: Record<SourceName, Record<string, string>> = {
  'civil-affairs': {
    record_id: 'MZ-T-0001', name: '周子轩', sex: '男', birth_date: '2014-06-15', id_number: CHILD_ID, ethnicity: '汉族',
    area_code: '500109110244', hukou_address: '重庆市北碚区静观镇素心村2组', current_address: '重庆市北碚区静观镇素心村2组',
    category: '留守儿童', difficulty_types: '', father_name: '周建华', father_id_number: FATHER_ID, father_migrant: '是',
    father_work_place: '广东省深圳市', mother_name: '黄小红', mother_id_number: MOTHER_ID, mother_migrant: '是',
    mother_work_place: '广东省深圳市', guardian_name: '周德明', guardian_relation: '祖父', guardian_phone: '13800000001',
    guardianship_type: '委托监护', income_source: '务工收入', assistance: '', schooling: '在校', reporter: '李老师', report_date: '2024-03-15',
  },
  education: {
    student_number: `G${CHILD_ID}`, name: '周子轩', sex: '男', birth_date: '2014-06-15', id_type: '居民身份证', id_number: CHILD_ID,
    school_code: '2150012345', school_name: '北碚区静观镇中心小学', grade: '四年级', class: '1班', enrolled_month: '2020-09',
    enrolment_status: '在读', status_changed_on: '', left_behind: '是', guardian_name: '周德明', guardian_relation: '祖父',
    guardian_phone: '13800000001', hukou_address: '重庆市北碚区静观镇素心村', current_address: '重庆市北碚区静观镇素心村2组',
    area_code: '500109110244',
  },
  police: {
    id_number: CHILD_ID, name: '周子轩', former_name: '', sex: '男', birth_date: '20140615', ethnicity: '汉',
    household_number: '500109110244001', householder_name: '周德明', relation_to_householder: '孙子',
    address: '重庆市北碚区静观镇素心村2组5号', area_code: '500109110244', status: '正常', father_name: '周建华',
    father_id_number: FATHER_ID, mother_name: '黄小红', mother_id_number: MOTHER_ID, registered_on: '20140701', changed_on: '',
  },
};

function run(source: SourceName, overrides: Record<string, string>, opts: { withRegistry?: boolean; countyCode?: string } = {}) {
  const record = normaliseRecord(source, { ...BASE[source], ...overrides }, opts.withRegistry ? registry : undefined, {
    today: TODAY,
    countyCode: opts.countyCode,
  });
  return { fields: record.fields, problems: record.problems.map((p) => [p.field, p.code]) };
}

interface Case {
  description: string;
  overrides: Record<string, string>;
  fields: Record<string, FieldValue>;
  problems: string[][];
  withRegistry?: boolean;
  countyCode?: string;
}

describe('normaliseRecord: civil-affairs', () => {
  it.each<Case>([
    {
      description: 'a clean row',
      overrides: {},
      fields: {
        recordId: 'MZ-T-0001', name: '周子轩', namePinyin: 'zhou zi xuan', sex: 'M', birthDate: '2014-06-15', idNumber: CHILD_ID,
        idStatus: 'valid', idBirthDate: '2014-06-15', idSex: 'M', idRegionCode: '500109', ethnicity: '汉族', areaCode: '500109110244',
        areaLevel: 'village', areaInferred: false, category: ['留守儿童'], difficultyTypes: [], fatherName: '周建华',
        fatherNamePinyin: 'zhou jian hua', fatherIdNumber: FATHER_ID, fatherIdStatus: 'valid', fatherMigrant: true,
        motherIdNumber: MOTHER_ID, motherIdStatus: 'valid', motherMigrant: true, guardianName: '周德明', guardianPhone: '13800000001',
        guardianshipType: '委托监护', assistance: [], schooling: '在校', reportDate: '2024-03-15',
      },
      problems: [],
    },
    { description: 'birth date disagrees with the ID', overrides: { birth_date: '2014-06-16' }, fields: { birthDate: '2014-06-16', idBirthDate: '2014-06-15' }, problems: [['id_number', 'id-birth-date-mismatch']] },
    { description: 'sex disagrees with the ID', overrides: { sex: '女' }, fields: { sex: 'F', idSex: 'M' }, problems: [['id_number', 'id-sex-mismatch']] },
    { description: 'a lower-case x in the ID', overrides: { id_number: CHILD_X_ID.toLowerCase(), birth_date: '2017/3/6' }, fields: { idNumber: CHILD_X_ID, idStatus: 'valid', birthDate: '2017-03-06' }, problems: [] },
    { description: 'a wrong check digit', overrides: { id_number: '500109201406150037' }, fields: { idNumber: '500109201406150037', idStatus: 'invalid', idBirthDate: '2014-06-15' }, problems: [['id_number', 'id-check-digit']] },
    { description: 'an ID placeholder is missing, not invalid', overrides: { id_number: '无' }, fields: { idNumber: null, idStatus: 'missing' }, problems: [['id_number', 'id-placeholder']] },
    { description: 'a blank ID is missing, silently (civil affairs often lacks it)', overrides: { id_number: '' }, fields: { idNumber: null, idStatus: 'missing', idSex: null }, problems: [] },
    { description: "a woman's ID in the father's column", overrides: { father_id_number: MOTHER_ID }, fields: { fatherIdNumber: MOTHER_ID }, problems: [['father_id_number', 'id-sex-mismatch']] },
    { description: "the child's own ID in the mother's column", overrides: { mother_id_number: CHILD_ID }, fields: { motherIdNumber: CHILD_ID }, problems: [['mother_id_number', 'id-sex-mismatch'], ['mother_id_number', 'id-same-as-child']] },
    { description: "a parent's 15-digit ID", overrides: { father_id_number: FATHER_ID_15 }, fields: { fatherIdNumber: FATHER_ID, fatherIdStatus: 'valid' }, problems: [['father_id_number', 'id-upgraded-15']] },
    { description: 'several categories and difficulty types', overrides: { category: '留守儿童;困境儿童', difficulty_types: '重病、家庭经济困难' }, fields: { category: ['留守儿童', '困境儿童'], difficultyTypes: ['重病', '家庭经济困难'] }, problems: [] },
    { description: 'an unknown category', overrides: { category: '留守儿童；特殊儿童' }, fields: { category: ['留守儿童', '特殊儿童'] }, problems: [['category', 'enum-unknown']] },
    { description: 'assistance as an open list', overrides: { assistance: '低保；临时救助' }, fields: { assistance: ['低保', '临时救助'] }, problems: [] },
    { description: 'yes/no as 1/0', overrides: { father_migrant: '1', mother_migrant: '0' }, fields: { fatherMigrant: true, motherMigrant: false }, problems: [] },
    { description: 'an unreadable yes/no', overrides: { father_migrant: '不清楚' }, fields: { fatherMigrant: null }, problems: [['father_migrant', 'yesno-unreadable']] },
    { description: 'a spaced phone number', overrides: { guardian_phone: '138 0000 0001' }, fields: { guardianPhone: '13800000001' }, problems: [] },
    { description: 'a short phone number', overrides: { guardian_phone: '12345' }, fields: { guardianPhone: '12345' }, problems: [['guardian_phone', 'phone-format']] },
    {
      description: 'blank optional columns are null without problems',
      overrides: { father_name: '', father_id_number: '', father_migrant: '', father_work_place: '', guardian_phone: '', assistance: '', schooling: '', report_date: '' },
      fields: { fatherName: null, fatherNamePinyin: null, fatherIdNumber: null, fatherIdStatus: 'missing', fatherMigrant: null, fatherWorkPlace: null, guardianPhone: null, assistance: [], schooling: null, reportDate: null },
      problems: [],
    },
    { description: 'a blank name', overrides: { name: '' }, fields: { name: null, namePinyin: null }, problems: [['name', 'name-empty']] },
    { description: 'a spaced name', overrides: { name: '周 子轩' }, fields: { name: '周子轩', namePinyin: 'zhou zi xuan' }, problems: [['name', 'name-spaces']] },
    { description: 'a homophone typed by ear', overrides: { name: '周子宣' }, fields: { name: '周子宣', namePinyin: 'zhou zi xuan' }, problems: [] },
    { description: 'an Excel serial birth date', overrides: { birth_date: '41805' }, fields: { birthDate: '2014-06-15' }, problems: [] },
    { description: 'a Chinese birth date', overrides: { birth_date: '2014年6月15日' }, fields: { birthDate: '2014-06-15' }, problems: [] },
    { description: 'an impossible birth date', overrides: { birth_date: '2014-02-30' }, fields: { birthDate: null }, problems: [['birth_date', 'date-invalid']] },
    { description: 'sex as a GB/T 2261.1 code', overrides: { sex: '1' }, fields: { sex: 'M' }, problems: [] },
    { description: 'a blank sex', overrides: { sex: '' }, fields: { sex: null }, problems: [['sex', 'sex-empty']] },
    { description: 'a future report date', overrides: { report_date: '2030-01-01' }, fields: { reportDate: '2030-01-01' }, problems: [['report_date', 'date-future']] },
    { description: 'an unknown guardianship type', overrides: { guardianship_type: '自我监护' }, fields: { guardianshipType: '自我监护' }, problems: [['guardianship_type', 'enum-unknown']] },
    { description: 'ethnicity short form', overrides: { ethnicity: '汉' }, fields: { ethnicity: '汉族' }, problems: [] },
    { description: 'a blank record id', overrides: { record_id: '' }, fields: { recordId: null }, problems: [['record_id', 'key-empty']] },
    { description: 'a county-level code padded to 12 digits', overrides: { area_code: '500109000000' }, fields: { areaCode: '500109', areaLevel: 'county' }, problems: [['area_code', 'area-coarse']] },
    {
      description: 'a town code refined from the current address',
      overrides: { area_code: '500109110' }, withRegistry: true,
      fields: { areaCode: '500109110244', areaLevel: 'village', areaInferred: true },
      problems: [['area_code', 'area-inferred-from-address']],
    },
    {
      description: 'a town code refined from the household address when the current one names no village',
      overrides: { area_code: '500109110', current_address: '重庆市北碚区静观镇', hukou_address: '静观镇万全村1组' }, withRegistry: true,
      fields: { areaCode: '500109110245', areaLevel: 'village', areaInferred: true },
      problems: [['area_code', 'area-inferred-from-address']],
    },
    {
      description: "no area code: the import's county is searched",
      overrides: { area_code: '' }, withRegistry: true, countyCode: '500109',
      fields: { areaCode: '500109110244', areaLevel: 'village', areaInferred: true },
      problems: [['area_code', 'area-empty'], ['area_code', 'area-inferred-from-address']],
    },
    { description: 'an unknown area code', overrides: { area_code: '500109110299' }, withRegistry: true, fields: { areaCode: '500109110244', areaInferred: true }, problems: [['area_code', 'area-unknown'], ['area_code', 'area-inferred-from-address']] },
  ])('$description', ({ overrides, fields, problems, withRegistry, countyCode }) => {
    const result = run('civil-affairs', overrides, { withRegistry, countyCode });
    expect(result.fields).toMatchObject(fields);
    expect(result.problems).toEqual(problems);
  });
});

describe('normaliseRecord: education', () => {
  it.each<Case>([
    {
      description: 'a clean row',
      overrides: {},
      fields: {
        studentNumber: `G${CHILD_ID}`, temporaryStudentNumber: false, idFromStudentNumber: false, name: '周子轩', namePinyin: 'zhou zi xuan',
        sex: 'M', birthDate: '2014-06-15', idType: '居民身份证', idNumber: CHILD_ID, idStatus: 'valid', idSex: 'M', schoolCode: '2150012345',
        grade: '四年级', class: '1班', enrolledMonth: '2020-09', enrolmentStatus: '在读', statusChangedOn: null, leftBehind: true,
        guardianName: '周德明', areaCode: '500109110244', areaLevel: 'village',
      },
      problems: [],
    },
    { description: 'the ID taken from the G student number when its column is blank', overrides: { id_number: '' }, fields: { idNumber: CHILD_ID, idStatus: 'valid', idFromStudentNumber: true, idBirthDate: '2014-06-15' }, problems: [] },
    {
      description: 'a derived ID that fails its check digit is reported on the student number',
      overrides: { student_number: 'G500109201406150037', id_number: '' },
      fields: { idNumber: '500109201406150037', idStatus: 'invalid', idFromStudentNumber: true },
      problems: [['student_number', 'id-check-digit']],
    },
    { description: 'a lower-case g', overrides: { student_number: `g${CHILD_ID}` }, fields: { studentNumber: `G${CHILD_ID}` }, problems: [] },
    { description: 'a temporary L number for a child without ID', overrides: { student_number: 'L5001092014061500001', id_type: '无', id_number: '' }, fields: { temporaryStudentNumber: true, idNumber: null, idStatus: 'missing' }, problems: [] },
    { description: 'document type 无 but an ID is filled in', overrides: { id_type: '无' }, fields: { idType: '无', idNumber: CHILD_ID }, problems: [['id_type', 'id-type-mismatch']] },
    { description: 'document type 居民身份证 but no ID anywhere', overrides: { student_number: 'L5001092014061500001', id_number: '' }, fields: { idStatus: 'missing' }, problems: [['id_type', 'id-type-mismatch']] },
    // The student number is G + the ID it was built from at enrolment; the ID column is typed again
    // for every export, and is where a sibling's or parent's number lands in the wrong row.
    {
      description: "a twin's number in the ID column: the student number's is the pupil's",
      overrides: { id_number: '500109201406150044' },
      fields: { idNumber: CHILD_ID, idStatus: 'valid', idFromStudentNumber: true, idSex: 'M' },
      problems: [['id_number', 'student-number-id-mismatch']],
    },
    {
      description: "the father's number in the ID column: the student number's is the pupil's",
      overrides: { id_number: FATHER_ID },
      fields: { idNumber: CHILD_ID, idStatus: 'valid', idFromStudentNumber: true, idBirthDate: '2014-06-15' },
      problems: [['id_number', 'student-number-id-mismatch']],
    },
    {
      description: 'a mistyped ID column beside a valid student number',
      overrides: { id_number: '500109201406150037' },
      fields: { idNumber: CHILD_ID, idStatus: 'valid', idFromStudentNumber: true },
      problems: [['id_number', 'student-number-id-mismatch']],
    },
    {
      description: "a student number built from a sibling's number: only the column agrees with the birth date",
      overrides: { student_number: 'G500109201306150039' },
      fields: { idNumber: CHILD_ID, idFromStudentNumber: false },
      problems: [['student_number', 'student-number-id-mismatch']],
    },
    {
      description: 'a student number that fails its check digit: the valid column is kept',
      overrides: { student_number: 'G500109201406150037' },
      fields: { idNumber: CHILD_ID, idFromStudentNumber: false },
      problems: [['student_number', 'student-number-id-mismatch']],
    },
    {
      description: 'an ID column destroyed by Excel is filled from the student number',
      overrides: { id_number: '5.00109E+17' },
      fields: { idNumber: CHILD_ID, idStatus: 'valid', idFromStudentNumber: true },
      problems: [['id_number', 'id-excel-destroyed']],
    },
    { description: 'an unrecognisable student number', overrides: { student_number: 'X123' }, fields: { studentNumber: 'X123', temporaryStudentNumber: false }, problems: [['student_number', 'student-number-format']] },
    { description: 'a blank student number', overrides: { student_number: '' }, fields: { studentNumber: null }, problems: [['student_number', 'key-empty']] },
    { description: 'a passport is not a citizen ID', overrides: { student_number: 'L5001092014061500002', id_type: '护照', id_number: 'E12345678' }, fields: { idType: '护照', idNumber: null, idStatus: 'missing', otherDocumentNumber: 'E12345678' }, problems: [] },
    { description: 'enrolment month 2020.9', overrides: { enrolled_month: '2020.9' }, fields: { enrolledMonth: '2020-09' }, problems: [] },
    { description: 'enrolment month 2020年9月', overrides: { enrolled_month: '2020年9月' }, fields: { enrolledMonth: '2020-09' }, problems: [] },
    { description: 'enrolment month 202009', overrides: { enrolled_month: '202009' }, fields: { enrolledMonth: '202009'.slice(0, 4) + '-09' }, problems: [] },
    { description: 'a dropout with a change date', overrides: { enrolment_status: '辍学', status_changed_on: '2024/10/8' }, fields: { enrolmentStatus: '辍学', statusChangedOn: '2024-10-08' }, problems: [] },
    { description: 'an unknown enrolment status', overrides: { enrolment_status: '失联' }, fields: { enrolmentStatus: '失联' }, problems: [['enrolment_status', 'enum-unknown']] },
    { description: 'left-behind 否', overrides: { left_behind: '否' }, fields: { leftBehind: false }, problems: [] },
    { description: 'sex disagrees with the ID', overrides: { sex: '2' }, fields: { sex: 'F', idSex: 'M' }, problems: [['id_number', 'id-sex-mismatch']] },
  ])('$description', ({ overrides, fields, problems, withRegistry, countyCode }) => {
    const result = run('education', overrides, { withRegistry, countyCode });
    expect(result.fields).toMatchObject(fields);
    expect(result.problems).toEqual(problems);
  });
});

describe('normaliseRecord: police', () => {
  it.each<Case>([
    {
      description: 'a clean row',
      overrides: {},
      fields: {
        idNumber: CHILD_ID, idStatus: 'valid', name: '周子轩', namePinyin: 'zhou zi xuan', formerName: null, formerNamePinyin: null,
        sex: 'M', birthDate: '2014-06-15', ethnicity: '汉族', householdNumber: '500109110244001', householderName: '周德明',
        relationToHouseholder: '孙子', address: '重庆市北碚区静观镇素心村2组5号', areaCode: '500109110244', status: '正常',
        fatherIdNumber: FATHER_ID, motherIdNumber: MOTHER_ID, registeredOn: '2014-07-01', changedOn: null,
      },
      problems: [],
    },
    { description: 'a former name', overrides: { former_name: '周小轩' }, fields: { formerName: '周小轩', formerNamePinyin: 'zhou xiao xuan' }, problems: [] },
    { description: 'a traditional name', overrides: { name: '周子軒' }, fields: { name: '周子轩' }, problems: [['name', 'name-traditional']] },
    { description: 'a missing ID is a problem for the source keyed by it', overrides: { id_number: '' }, fields: { idNumber: null, idStatus: 'missing' }, problems: [['id_number', 'id-empty']] },
    { description: "a father's 15-digit ID", overrides: { father_id_number: FATHER_ID_15 }, fields: { fatherIdNumber: FATHER_ID }, problems: [['father_id_number', 'id-upgraded-15']] },
    { description: 'an unknown person status', overrides: { status: '失踪' }, fields: { status: '失踪' }, problems: [['status', 'enum-unknown']] },
    { description: 'a death', overrides: { status: '死亡', changed_on: '20240101' }, fields: { status: '死亡', changedOn: '2024-01-01' }, problems: [] },
    { description: 'ID birth date disagrees with the column', overrides: { birth_date: '20140516' }, fields: { birthDate: '2014-05-16' }, problems: [['id_number', 'id-birth-date-mismatch']] },
  ])('$description', ({ overrides, fields, problems, withRegistry, countyCode }) => {
    const result = run('police', overrides, { withRegistry, countyCode });
    expect(result.fields).toMatchObject(fields);
    expect(result.problems).toEqual(problems);
  });
});

describe('normaliseRecord: any source', () => {
  it.each([
    { source: 'civil-affairs' as SourceName, required: [['record_id', 'key-empty'], ['name', 'name-empty'], ['sex', 'sex-empty'], ['birth_date', 'date-empty'], ['area_code', 'area-empty']] },
    { source: 'education' as SourceName, required: [['student_number', 'key-empty'], ['name', 'name-empty'], ['sex', 'sex-empty'], ['birth_date', 'date-empty'], ['area_code', 'area-empty']] },
    { source: 'police' as SourceName, required: [['name', 'name-empty'], ['sex', 'sex-empty'], ['birth_date', 'date-empty'], ['id_number', 'id-empty'], ['area_code', 'area-empty']] },
  ])('$source: an empty row does not throw and reports only its required columns', ({ source, required }) => {
    const record = normaliseRecord(source, {}, registry, { today: TODAY });
    expect(record.problems.map((p) => [p.field, p.code]).sort()).toEqual([...required].sort());
  });

  it.each(['civil-affairs', 'education', 'police'] as SourceName[])('%s: every problem names a canonical column of the source', (source) => {
    const columns = new Set(SOURCE_COLUMNS[source].columns.map((c) => c.name));
    const garbage = Object.fromEntries([...columns].map((c) => [c, '¿?']));
    const record = normaliseRecord(source, garbage, registry, { today: TODAY });
    expect(record.problems.length).toBeGreaterThan(5);
    for (const p of record.problems) expect(columns).toContain(p.field);
  });

  it.each(['civil-affairs', 'education', 'police'] as SourceName[])('%s: the set of fields does not depend on the row', (source) => {
    const full = Object.keys(normaliseRecord(source, BASE[source], registry, { today: TODAY }).fields);
    const empty = Object.keys(normaliseRecord(source, {}, undefined, { today: TODAY }).fields);
    expect(empty).toEqual(full);
    expect(full).toContain('namePinyin');
  });
});
