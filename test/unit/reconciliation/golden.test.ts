import {
  FieldConflict,
  FieldValue,
  goldenRecord,
  GoldenInputRecord,
  HUB_SURVIVORSHIP,
  Provenanced,
  SurvivorshipSettings,
  Verification,
} from '../../../reconciliation/golden';
import { idCheckDigit, namePinyin, normaliseRecord, SourceName } from '../../../reconciliation/normalise';

// Real checksums, so the fixtures are IDs the normaliser would call valid (or, for the typo, not).
const ID_A = '50010920130412001' + idCheckDigit('50010920130412001');
const ID_B = '50010920130412002' + idCheckDigit('50010920130412002');
const ID_A_TYPO = '50010920130412001' + (idCheckDigit('50010920130412001') === '9' ? '8' : '9');

/** A name as the normaliser writes it: the characters and their toneless pinyin. */
function named(name: string, field = 'name'): Record<string, FieldValue> {
  return { [field]: name, [field + 'Pinyin']: namePinyin(name) };
}

/** The same child as every source sees it, before a case changes something. */
const CHILD: Record<string, FieldValue> = {
  idNumber: ID_A,
  idStatus: 'valid',
  ...named('张伟'),
  birthDate: '2013-04-12',
  sex: 'M',
};

function rec(id: string, source: string, fields: Record<string, FieldValue> = {}, period = '2024Q1'): GoldenInputRecord {
  return { id, source, period, fields: { ...CHILD, ...fields } };
}
const police = (id: string, fields?: Record<string, FieldValue>, period?: string) => rec(id, 'police', fields, period);
const education = (id: string, fields?: Record<string, FieldValue>, period?: string) => rec(id, 'education', fields, period);
const civil = (id: string, fields?: Record<string, FieldValue>, period?: string) => rec(id, 'civil-affairs', fields, period);

function from(value: FieldValue, source: string, recordId: string): Provenanced {
  return { value, source, recordId };
}

interface Case {
  description: string;
  records: GoldenInputRecord[];
  expected: {
    verification: Verification;
    /** Only the fields listed are checked; null = no record has a value. */
    values?: Record<string, Provenanced | null>;
    /** Checked in full: [] when omitted. */
    conflicts?: FieldConflict[];
    sources?: string[];
  };
}

const cases: Case[] = [
  {
    description: 'police wins legal identity over education and civil affairs, whatever the input order',
    records: [
      education('e1', { ...named('章伟'), ethnicity: null, householdNumber: 'EDU-H' }),
      civil('c1', { birthDate: '2013-04-13', ethnicity: '土家族', fatherName: '张建军' }),
      police('p1', { ethnicity: '汉族', householdNumber: '500109-0012', fatherName: '张建国', fatherIdNumber: ID_B, fatherIdStatus: 'valid' }),
    ],
    expected: {
      verification: 'VERIFIED',
      values: {
        name: from('张伟', 'police', 'p1'),
        birthDate: from('2013-04-12', 'police', 'p1'),
        idNumber: from(ID_A, 'police', 'p1'),
        sex: from('M', 'police', 'p1'),
        ethnicity: from('汉族', 'police', 'p1'),
        householdNumber: from('500109-0012', 'police', 'p1'),
        fatherName: from('张建国', 'police', 'p1'),
        fatherIdNumber: from(ID_B, 'police', 'p1'),
      },
      sources: ['civil-affairs', 'education', 'police'],
    },
  },
  {
    description: 'education wins enrolment, even where another source carries the field; false is a value',
    records: [
      police('p1', { enrolmentStatus: '辍学', leftBehind: true }),
      civil('c1', { enrolmentStatus: '辍学', leftBehind: true, grade: '四年级' }),
      education('e1', { studentNumber: 'G' + ID_A, enrolmentStatus: '在读', leftBehind: false, grade: '三年级', class: '2班', schoolName: '静观小学' }),
    ],
    expected: {
      verification: 'VERIFIED',
      values: {
        enrolmentStatus: from('在读', 'education', 'e1'),
        leftBehind: from(false, 'education', 'e1'),
        grade: from('三年级', 'education', 'e1'),
        class: from('2班', 'education', 'e1'),
        studentNumber: from('G' + ID_A, 'education', 'e1'),
        schoolName: from('静观小学', 'education', 'e1'),
      },
    },
  },
  {
    description: 'civil affairs wins category, guardianship and welfare; area code falls to civil affairs before education without police',
    records: [
      education('e1', { guardianName: '张建', guardianPhone: '13800000001', areaCode: '500109110', category: ['困境儿童'] }),
      civil('c1', {
        category: ['留守儿童'],
        guardianName: '张建军',
        guardianPhone: '13900000002',
        guardianshipType: '委托监护',
        assistance: ['低保', '临时救助'],
        areaCode: '500109110244',
      }),
    ],
    expected: {
      verification: 'CORROBORATED',
      values: {
        category: from(['留守儿童'], 'civil-affairs', 'c1'),
        guardianName: from('张建军', 'civil-affairs', 'c1'),
        guardianPhone: from('13900000002', 'civil-affairs', 'c1'),
        guardianshipType: from('委托监护', 'civil-affairs', 'c1'),
        assistance: from(['低保', '临时救助'], 'civil-affairs', 'c1'),
        areaCode: from('500109110244', 'civil-affairs', 'c1'),
        name: from('张伟', 'education', 'e1'),
      },
      sources: ['civil-affairs', 'education'],
    },
  },
  {
    description: 'the area code is police first, even over civil affairs',
    records: [civil('c1', { areaCode: '500109110244' }), police('p1', { areaCode: '500109113214' })],
    expected: { verification: 'VERIFIED', values: { areaCode: from('500109113214', 'police', 'p1') } },
  },
  {
    description: 'the latest period within a source wins over a smaller record id; years order before quarters',
    records: [
      police('p1', { householdNumber: 'H-2023Q4' }, '2023Q4'),
      police('p3', { householdNumber: 'H-2023Q1' }, '2023Q1'),
      police('p2', { householdNumber: 'H-2024Q1' }, '2024Q1'),
      civil('c9', { category: ['困境儿童'] }, '2024Q2'),
    ],
    expected: {
      verification: 'VERIFIED',
      values: {
        householdNumber: from('H-2024Q1', 'police', 'p2'),
        // A later period of a less authoritative source does not beat the authoritative one.
        name: from('张伟', 'police', 'p2'),
      },
      sources: ['civil-affairs', 'police'],
    },
  },
  {
    description: 'an invalid police ID never beats a valid one from another source, and is a typo, not a conflict',
    records: [police('p1', { idNumber: ID_A_TYPO, idStatus: 'invalid' }, '2024Q2'), education('e1', { idNumber: ID_A, idStatus: 'valid' })],
    expected: {
      verification: 'VERIFIED',
      values: { idNumber: from(ID_A, 'education', 'e1'), name: from('张伟', 'police', 'p1') },
    },
  },
  {
    description: "an invalid father's ID never beats a valid one either",
    records: [
      police('p1', { fatherIdNumber: ID_A_TYPO, fatherIdStatus: 'invalid' }),
      civil('c1', { fatherIdNumber: ID_B, fatherIdStatus: 'valid' }),
    ],
    expected: { verification: 'VERIFIED', values: { fatherIdNumber: from(ID_B, 'civil-affairs', 'c1') } },
  },
  {
    description: 'two invalid IDs: the police one survives, no conflict',
    records: [
      police('p1', { idNumber: ID_A_TYPO, idStatus: 'invalid' }),
      civil('c1', { idNumber: '500109201304120000', idStatus: 'invalid' }),
    ],
    expected: { verification: 'VERIFIED', values: { idNumber: from(ID_A_TYPO, 'police', 'p1') } },
  },
  {
    description: 'SINGLE_SOURCE: two quarters of the same police record',
    records: [police('p1', {}, '2023Q4'), police('p2', {}, '2024Q1')],
    expected: { verification: 'SINGLE_SOURCE', values: { name: from('张伟', 'police', 'p2') }, sources: ['police'] },
  },
  {
    description: 'SINGLE_SOURCE: one civil-affairs record alone',
    records: [civil('c1')],
    expected: { verification: 'SINGLE_SOURCE', values: { idNumber: from(ID_A, 'civil-affairs', 'c1') }, sources: ['civil-affairs'] },
  },
  {
    description: 'CORROBORATED: education and civil affairs agree but police has not seen the child (无户籍?)',
    records: [education('e1'), civil('c1')],
    expected: { verification: 'CORROBORATED', sources: ['civil-affairs', 'education'] },
  },
  {
    description: 'VERIFIED: police with civil affairs',
    records: [civil('c1'), police('p1')],
    expected: { verification: 'VERIFIED', sources: ['civil-affairs', 'police'] },
  },
  {
    description: 'CONFLICT: two different valid IDs from two sources',
    records: [education('e1', { idNumber: ID_B }), police('p1', { idNumber: ID_A })],
    expected: {
      verification: 'CONFLICT',
      conflicts: [{ field: 'idNumber', values: [from(ID_A, 'police', 'p1'), from(ID_B, 'education', 'e1')] }],
      values: { idNumber: from(ID_A, 'police', 'p1') },
    },
  },
  {
    description: 'CONFLICT: two different valid IDs within one source; the invalid third is not listed',
    records: [
      police('p2', { idNumber: ID_B }),
      police('p1', { idNumber: ID_A }),
      civil('c1', { idNumber: ID_A_TYPO, idStatus: 'invalid' }),
    ],
    expected: {
      verification: 'CONFLICT',
      conflicts: [{ field: 'idNumber', values: [from(ID_A, 'police', 'p1'), from(ID_B, 'police', 'p2')] }],
    },
  },
  {
    description: 'no conflict: a homophone name (章伟 / 张伟) and traditional characters (張偉) share the pinyin',
    records: [police('p1'), education('e1', named('章伟')), civil('c1', { name: '張偉', namePinyin: 'zhang wei' })],
    expected: { verification: 'VERIFIED', conflicts: [], values: { name: from('张伟', 'police', 'p1') } },
  },
  {
    description: 'CONFLICT: a different name (李伟), listed once per distinct value',
    records: [police('p1'), education('e1', named('李伟')), civil('c1', named('李伟')), civil('c0', named('章伟'))],
    expected: {
      verification: 'CONFLICT',
      conflicts: [{ field: 'name', values: [from('张伟', 'police', 'p1'), from('李伟', 'education', 'e1'), from('章伟', 'civil-affairs', 'c0')] }],
    },
  },
  {
    description: 'names without pinyin are compared as written',
    records: [police('p1', { name: 'Alim', namePinyin: null }), education('e1', { name: 'Alima', namePinyin: null })],
    expected: {
      verification: 'CONFLICT',
      conflicts: [{ field: 'name', values: [from('Alim', 'police', 'p1'), from('Alima', 'education', 'e1')] }],
    },
  },
  {
    description: 'no conflict: birth dates one day apart, across a month end',
    records: [police('p1', { birthDate: '2013-04-30' }), education('e1', { birthDate: '2013-05-01' })],
    expected: { verification: 'VERIFIED', values: { birthDate: from('2013-04-30', 'police', 'p1') } },
  },
  {
    description: 'no conflict: month and day swapped (2013-04-12 / 2013-12-04)',
    records: [police('p1', { birthDate: '2013-04-12' }), civil('c1', { birthDate: '2013-12-04' })],
    expected: { verification: 'VERIFIED', values: { birthDate: from('2013-04-12', 'police', 'p1') } },
  },
  {
    description: 'CONFLICT: birth dates two days apart',
    records: [police('p1', { birthDate: '2013-04-12' }), civil('c1', { birthDate: '2013-04-14' })],
    expected: {
      verification: 'CONFLICT',
      conflicts: [{ field: 'birthDate', values: [from('2013-04-12', 'police', 'p1'), from('2013-04-14', 'civil-affairs', 'c1')] }],
    },
  },
  {
    description: 'CONFLICT: dates within a day of a middle one are still two days apart from each other',
    records: [police('p1', { birthDate: '2013-04-12' }), education('e1', { birthDate: '2013-04-13' }), civil('c1', { birthDate: '2013-04-14' })],
    expected: {
      verification: 'CONFLICT',
      conflicts: [
        {
          field: 'birthDate',
          values: [from('2013-04-12', 'police', 'p1'), from('2013-04-13', 'education', 'e1'), from('2013-04-14', 'civil-affairs', 'c1')],
        },
      ],
    },
  },
  {
    description: 'CONFLICT on sex, the only conflict listed; police still survives',
    records: [civil('c1', { sex: 'F' }), police('p1', { sex: 'M' }), education('e1', { sex: 'F' })],
    expected: {
      verification: 'CONFLICT',
      conflicts: [{ field: 'sex', values: [from('M', 'police', 'p1'), from('F', 'education', 'e1')] }],
      values: { sex: from('M', 'police', 'p1') },
    },
  },
  {
    description: 'several conflicting fields are listed in rule order',
    records: [police('p1', { sex: 'M', idNumber: ID_A }), education('e1', { sex: 'F', idNumber: ID_B })],
    expected: {
      verification: 'CONFLICT',
      conflicts: [
        { field: 'idNumber', values: [from(ID_A, 'police', 'p1'), from(ID_B, 'education', 'e1')] },
        { field: 'sex', values: [from('M', 'police', 'p1'), from('F', 'education', 'e1')] },
      ],
    },
  },
  {
    description: 'a non-key field disagreeing is not a conflict',
    records: [police('p1', { ethnicity: '汉族' }), civil('c1', { ethnicity: '苗族' })],
    expected: { verification: 'VERIFIED', conflicts: [], values: { ethnicity: from('汉族', 'police', 'p1') } },
  },
  {
    description: 'blank values are not candidates: an empty string or list falls through to the next source or period',
    records: [
      police('p1', { householdNumber: '', formerName: null }),
      civil('c2', { assistance: [] }, '2024Q2'),
      civil('c1', { assistance: ['低保'], householdNumber: 'CA-H' }, '2024Q1'),
    ],
    expected: {
      verification: 'VERIFIED',
      values: {
        householdNumber: from('CA-H', 'civil-affairs', 'c1'),
        assistance: from(['低保'], 'civil-affairs', 'c1'),
        formerName: null,
        schoolName: null,
      },
    },
  },
  {
    description: 'a tie within the latest period goes to the value most of the source shares (an older record votes)',
    records: [
      police('p1', { householdNumber: 'H1' }, '2024Q1'),
      police('p3', { householdNumber: 'H2' }, '2024Q1'),
      police('p0', { householdNumber: 'H2' }, '2023Q4'),
    ],
    expected: { verification: 'SINGLE_SOURCE', values: { householdNumber: from('H2', 'police', 'p3') } },
  },
  {
    description: 'a tie the majority cannot break goes to the smallest record id',
    records: [police('p2', { householdNumber: 'H2' }), police('p10', { householdNumber: 'H10' }), police('p3', { householdNumber: 'H3' })],
    expected: { verification: 'SINGLE_SOURCE', values: { householdNumber: from('H10', 'police', 'p10') } },
  },
  {
    description: 'a source the rules do not name ranks after all named ones',
    records: [rec('x1', 'health', { guardianName: '王芳' }, '2024Q4'), rec('x0', 'welfare-home', { guardianName: '李娟' }), education('e1', { guardianName: '张建' })],
    expected: {
      verification: 'CORROBORATED',
      values: { guardianName: from('张建', 'education', 'e1'), name: from('张伟', 'education', 'e1') },
      sources: ['education', 'health', 'welfare-home'],
    },
  },
];

describe('goldenRecord with the hub survivorship', () => {
  test.each(cases)('$description', ({ records, expected }) => {
    const golden = goldenRecord(records, HUB_SURVIVORSHIP);
    expect(golden.verification).toBe(expected.verification);
    expect(golden.conflicts).toEqual(expected.conflicts ?? []);
    for (const [field, value] of Object.entries(expected.values ?? {})) {
      expect([field, golden.values[field]]).toEqual([field, value]);
    }
    if (expected.sources !== undefined) expect(golden.sources).toEqual(expected.sources);
  });
});

/** A small seeded generator, so a failing shuffle can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('goldenRecord is deterministic', () => {
  test.each(cases)('$description: the same result for every input order', ({ records }) => {
    const reference = goldenRecord(records, HUB_SURVIVORSHIP);
    for (const order of [records.slice().reverse(), ...[1, 2, 3, 4, 5, 6, 7, 8].map((seed) => shuffled(records, seed))]) {
      expect(goldenRecord(order, HUB_SURVIVORSHIP)).toEqual(reference);
    }
  });
});

describe('goldenRecord with other settings', () => {
  const settings: SurvivorshipSettings = {
    verifyingSource: 'b',
    sourceOrder: ['a', 'b', 'c'],
    fields: [
      { field: 'x', sources: ['c'] },
      { field: 'y', sources: [] },
      { field: 'when', sources: [], tolerance: 'date', key: true },
    ],
  };
  const r = (id: string, source: string, fields: Record<string, FieldValue>): GoldenInputRecord => ({ id, source, period: '2024Q1', fields });

  test.each([
    {
      description: 'a rule source first, then the others in sourceOrder',
      records: [r('1', 'a', { x: 'from a' }), r('2', 'b', { x: 'from b' })],
      expected: { x: from('from a', 'a', '1'), y: null, when: null },
    },
    {
      description: 'the rule source wins when present',
      records: [r('1', 'a', { x: 'from a' }), r('3', 'c', { x: 'from c' })],
      expected: { x: from('from c', 'c', '3'), y: null, when: null },
    },
    {
      description: 'sourceOrder alone when the rule lists no source',
      records: [r('1', 'c', { y: 'from c' }), r('2', 'b', { y: 'from b' })],
      expected: { x: null, y: from('from b', 'b', '2'), when: null },
    },
  ])('$description', ({ records, expected }) => {
    expect(goldenRecord(records, settings).values).toEqual(expected);
  });

  test.each([
    { description: 'the verifying source with another is VERIFIED', sources: ['b', 'c'], expected: 'VERIFIED' },
    { description: 'two other sources are CORROBORATED', sources: ['a', 'c'], expected: 'CORROBORATED' },
    { description: 'the verifying source alone is SINGLE_SOURCE', sources: ['b', 'b'], expected: 'SINGLE_SOURCE' },
  ])('$description', ({ sources, expected }) => {
    const records = sources.map((source, i) => r(String(i), source, { when: '2013-04-12' }));
    expect(goldenRecord(records, settings).verification).toBe(expected);
  });

  test('an empty cluster is a caller error, not a golden record', () => {
    expect(() => goldenRecord([], settings)).toThrow(/at least one record/);
  });

  test('two rules for one field are rejected', () => {
    const bad: SurvivorshipSettings = { ...settings, fields: [{ field: 'x', sources: [] }, { field: 'x', sources: [] }] };
    expect(() => goldenRecord([r('1', 'a', {})], bad)).toThrow(/"x" has two rules/);
  });
});

describe('HUB_SURVIVORSHIP', () => {
  // An empty row normalises to every field a source produces, all null.
  const produced = new Map<string, Set<string>>();
  for (const source of ['police', 'education', 'civil-affairs'] as SourceName[]) {
    for (const field of Object.keys(normaliseRecord(source, {}, undefined, { today: '2024-06-30' }).fields)) {
      if (!produced.has(field)) produced.set(field, new Set());
      (produced.get(field) as Set<string>).add(source);
    }
  }

  test.each(HUB_SURVIVORSHIP.fields.map((rule) => ({ field: rule.field, first: rule.sources[0] })))(
    '$field is a field the normaliser produces, and $first produces it',
    ({ field, first }) => {
      expect(produced.get(field)?.has(first)).toBe(true);
    },
  );

  test('the key fields are the legal identity, with their tolerances', () => {
    expect(HUB_SURVIVORSHIP.fields.filter((f) => f.key).map((f) => [f.field, f.tolerance])).toEqual([
      ['idNumber', 'idNumber'],
      ['name', 'pinyin'],
      ['sex', 'exact'],
      ['birthDate', 'date'],
    ]);
    expect(produced.has('namePinyin')).toBe(true);
    expect(produced.has('idStatus')).toBe(true);
  });

  test('sourceOrder and the verifying source', () => {
    expect(HUB_SURVIVORSHIP.sourceOrder).toEqual(['police', 'education', 'civil-affairs']);
    expect(HUB_SURVIVORSHIP.verifyingSource).toBe('police');
  });

  test('a real normalised police row survives as itself', () => {
    const row = normaliseRecord('police', { id_number: ID_A, name: '张伟', sex: '男', birth_date: '2013-04-12', area_code: '500109110244' }, undefined, {
      today: '2024-06-30',
    });
    const golden = goldenRecord([{ id: 'p1', source: 'police', period: '2024Q2', fields: row.fields }], HUB_SURVIVORSHIP);
    expect(golden.values.idNumber).toEqual(from(ID_A, 'police', 'p1'));
    expect(golden.values.sex).toEqual(from('M', 'police', 'p1'));
    expect(golden.values.areaCode).toEqual(from('500109110244', 'police', 'p1'));
    expect(golden.verification).toBe('SINGLE_SOURCE');
  });
});
