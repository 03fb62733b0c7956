// One realistic county of 3,000 children, read back the way an importer would: line by
// line, with csv-parse. Checks the files against docs/FORMATS.md and against the truth files.

import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';

import { NOISE_KINDS, generateCounty, type GenerateSummary } from '../../../src/generate';
import { isValidId } from '../../../src/generate/idnumber';

const CHILDREN = 3000;

interface Line {
  no: number; // 1-based, the header is line 1
  text: string;
  empty: boolean;
  /** null: not readable on its own (an unclosed quote) */
  fields: string[] | null;
  key: string;
}

interface Export {
  bom: boolean;
  crlf: boolean;
  header: string[];
  lines: Line[]; // data lines and empty lines, in order
}

function readExport(file: string): Export {
  let text = readFileSync(file, 'utf8');
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const crlf = text.includes('\r\n');
  const raw = text.split(/\r?\n/);
  expect(raw.pop()).toBe(''); // ends with a line break
  const header = raw[0].split(',');
  const lines = raw.slice(1).map((t, i): Line => {
    let fields: string[] | null;
    try {
      fields = (parse(t, { relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
    } catch {
      fields = null;
    }
    return { no: i + 2, text: t, empty: /^,*$/.test(t), fields, key: t.split(',')[0] };
  });
  return { bom, crlf, header, lines };
}

function readTable(file: string): Array<Record<string, string>> {
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>;
}

/** What an importer does first to an ID cell: full-width → ASCII, no spaces, upper-case X. */
function normaliseId(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s/g, '')
    .toUpperCase();
}

let dir: string;
let summary: GenerateSummary;
let civil: Export;
let education: Export;
let police: Export;
let truth: Array<Record<string, string>>;
let noise: Array<Record<string, string>>;
let people: Map<string, Record<string, string>>;
let families: Array<Record<string, string>>;
let stdoutWrites = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hub-generate-'));
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((...args: Parameters<typeof write>) => {
    stdoutWrites++;
    return write(...args);
  }) as typeof process.stdout.write;
  try {
    summary = await generateCounty({ children: CHILDREN, seed: 'unit', noise: 'realistic' }, dir);
  } finally {
    process.stdout.write = write;
  }
  civil = readExport(summary.files.civilAffairs);
  education = readExport(summary.files.education);
  police = readExport(summary.files.police);
  truth = readTable(summary.files.truth);
  noise = readTable(summary.files.noise);
  people = new Map(readTable(summary.files.people).map((p) => [p.person_id, p]));
  families = readTable(summary.files.families);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = (e: Export): Line[] => e.lines.filter((l) => !l.empty);
const column = (e: Export, name: string): Array<{ line: Line; value: string }> => {
  const i = e.header.indexOf(name);
  return data(e)
    .filter((l) => l.fields && l.fields.length === e.header.length)
    .map((line) => ({ line, value: line.fields![i] }));
};
const logged = (source: string, line: number, field: string, ...kinds: string[]): boolean =>
  noise.some((n) => n.source === source && Number(n.line) === line && n.field === field && kinds.includes(n.kind));

describe('the files', () => {
  it('use docs/FORMATS.md column order and Chinese headers; civil affairs comes from Excel (BOM, CRLF)', () => {
    expect(civil.header).toEqual(
      '记录编号,姓名,性别,出生日期,身份证号,民族,行政区划代码,户籍地址,现住址,儿童类别,困境类型,父亲姓名,父亲身份证号,父亲外出务工,父亲务工地,母亲姓名,母亲身份证号,母亲外出务工,母亲务工地,监护人姓名,监护人关系,监护人电话,监护类型,家庭经济来源,救助帮扶情况,就学情况,填报人,填报日期'.split(','),
    );
    expect(education.header).toEqual(
      '全国学籍号,姓名,性别,出生日期,证件类型,身份证号,学校标识码,学校名称,年级,班级,入学年月,学籍状态,变动日期,是否留守儿童,监护人姓名,监护人关系,监护人电话,户口所在地,现住址,行政区划代码'.split(','),
    );
    expect(police.header).toEqual(
      '公民身份号码,姓名,曾用名,性别,出生日期,民族,户号,户主姓名,与户主关系,住址,行政区划代码,人员状态,父亲姓名,父亲公民身份号码,母亲姓名,母亲公民身份号码,登记日期,变动日期'.split(','),
    );
    expect([civil.bom, civil.crlf]).toEqual([true, true]);
    expect([education.bom, education.crlf, police.bom, police.crlf]).toEqual([false, false, false, false]);
  });

  it('have the expected share of children in each source (~1.85 rows per child)', () => {
    expect(summary.rows).toEqual({ civilAffairs: data(civil).length, education: data(education).length, police: data(police).length });
    const share = (n: number): number => n / CHILDREN;
    expect(share(summary.rows.police)).toBeGreaterThan(0.9);
    expect(share(summary.rows.police)).toBeLessThan(0.98);
    expect(share(summary.rows.education)).toBeGreaterThan(0.6);
    expect(share(summary.rows.education)).toBeLessThan(0.78);
    expect(share(summary.rows.civilAffairs)).toBeGreaterThan(0.14);
    expect(share(summary.rows.civilAffairs)).toBeLessThan(0.25);
    const total = share(summary.rows.civilAffairs + summary.rows.education + summary.rows.police);
    expect(total).toBeGreaterThan(1.75);
    expect(total).toBeLessThan(1.95);
    // realistic: 10–20% of rows touched overall
    const touched = summary.touchedRows.civilAffairs + summary.touchedRows.education + summary.touchedRows.police;
    expect(touched / (total * CHILDREN)).toBeGreaterThan(0.1);
    expect(touched / (total * CHILDREN)).toBeLessThan(0.22);
  });

  it('write nothing to stdout (the CLI does the talking)', () => {
    expect(stdoutWrites).toBe(0);
  });
});

describe('the truth', () => {
  it('names the person of every data row, damaged ones included, with the key as written', () => {
    for (const [source, file] of [['civil-affairs', civil], ['education', education], ['police', police]] as const) {
      const keys = truth.filter((t) => t.source === source).map((t) => t.record_key);
      expect(keys).toEqual(data(file).map((l) => l.key));
    }
    expect(truth.every((t) => people.has(t.person_id))).toBe(true);
    expect(people.size).toBe(CHILDREN);
  });

  it('records every unreadable row and every empty line at its line number', () => {
    const lines = new Map([['civil-affairs', civil], ['education', education], ['police', police]] as const);
    let unreadable = 0;
    for (const [source, file] of lines) {
      for (const line of file.lines) {
        if (line.empty) expect(logged(source, line.no, '', 'empty_line')).toBe(true);
        else if (line.fields === null || line.fields.length !== file.header.length) {
          unreadable++;
          expect(logged(source, line.no, '', 'row_too_few_columns', 'row_too_many_columns', 'row_unclosed_quote')).toBe(true);
        }
      }
    }
    expect(unreadable).toBe(summary.unreadableRows);
  });

  it('lists twins: same family and birth date, different names', () => {
    const twins = families.filter((f) => f.twin_of !== '');
    expect(twins.length).toBeGreaterThan(CHILDREN * 0.005);
    for (const t of twins) {
      const other = families.find((f) => f.person_id === t.twin_of)!;
      expect(other.twin_of).toBe(t.person_id);
      expect(other.family_id).toBe(t.family_id);
      const [a, b] = [people.get(t.person_id)!, people.get(t.twin_of)!];
      expect(a.birth_date).toBe(b.birth_date);
      expect(a.name).not.toBe(b.name);
    }
  });
});

describe('the population', () => {
  const all = (): Array<Record<string, string>> => [...people.values()];

  it('holds children of 0–17 as of today with valid, unique IDs, or none (无户籍)', () => {
    const ids = all().filter((p) => p.id_number !== '');
    expect(ids.every((p) => isValidId(p.id_number))).toBe(true);
    expect(new Set(ids.map((p) => p.id_number)).size).toBe(ids.length);
    expect(all().every((p) => p.birth_date > '2006-03-31' && p.birth_date <= '2024-03-31')).toBe(true);
    const unregistered = all().filter((p) => p.police_status === '');
    expect(unregistered.length / CHILDREN).toBeGreaterThan(0.02);
    expect(unregistered.length / CHILDREN).toBeLessThan(0.08);
    // Usually no ID at all; the rest are registered in another county.
    expect(unregistered.filter((p) => p.id_number === '').length).toBeGreaterThan(unregistered.length * 0.6);
    expect(unregistered.filter((p) => p.id_number.startsWith('500109')).length).toBe(0);
  });

  it('puts only left-behind and children in difficulty on the civil-affairs roster, with fitting guardianship', () => {
    const roster = all().filter((p) => p.civil_affairs_key !== '');
    expect(roster.every((p) => p.left_behind === '是' || p.difficulty_types !== '')).toBe(true);
    const leftBehind = all().filter((p) => p.left_behind === '是');
    expect(leftBehind.length / CHILDREN).toBeGreaterThan(0.06);
    // Left behind means no parent at home to guard: someone else does, or nobody.
    expect(leftBehind.every((p) => ['委托监护', '无人监护'].includes(p.guardianship_type))).toBe(true);
    expect(leftBehind.every((p) => p.birth_date > '2008-03-31')).toBe(true); // under 16
  });

  it('enrols nearly every child of compulsory-school age, and dates every status change', () => {
    // Grades 2–9 this school year (grade 1 has late starters still in kindergarten).
    const compulsory = all().filter((p) => p.birth_date >= '2008-09-01' && p.birth_date <= '2016-08-31');
    const enrolled = compulsory.filter((p) => p.enrolment_status !== '');
    expect(enrolled.length / compulsory.length).toBeGreaterThan(0.97);
    // …but not all: a few have no 学籍 at all (hidden dropouts the hub must find).
    expect(enrolled.length).toBeLessThan(compulsory.length);
    for (const { value, line } of column(education, '学籍状态')) {
      const changed = line.fields![education.header.indexOf('变动日期')];
      expect(value === '在读' ? changed === '' : changed !== '').toBe(true);
    }
  });
});

describe('the IDs', () => {
  it('in police are valid wherever they look like an ID, unless damage is recorded', () => {
    for (const { value, line } of column(police, '公民身份号码')) {
      if (!isValidId(normaliseId(value))) expect(logged('police', line.no, '公民身份号码', 'row_phantom')).toBe(true);
    }
    let parents = 0;
    for (const field of ['父亲公民身份号码', '母亲公民身份号码']) {
      for (const { value, line } of column(police, field)) {
        const id = normaliseId(value);
        if (id.length !== 18) continue;
        parents++;
        if (!isValidId(id)) expect(logged('police', line.no, field, 'id_typo', 'id_transposed')).toBe(true);
      }
    }
    expect(parents).toBeGreaterThan(summary.rows.police);
  });

  it('elsewhere are broken only on purpose', () => {
    let broken = 0;
    for (const [source, file, field] of [['civil-affairs', civil, '身份证号'], ['education', education, '身份证号'], ['civil-affairs', civil, '父亲身份证号']] as const) {
      for (const { value, line } of column(file, field)) {
        const id = normaliseId(value);
        if (id.length === 18 && /^\d{17}[\dX]$/.test(id) && !isValidId(id)) {
          broken++;
          expect(logged(source, line.no, field, 'id_typo', 'id_transposed', 'id_placeholder', 'id_excel_truncated')).toBe(true);
        }
      }
    }
    expect(broken).toBeGreaterThan(0);
  });

  it("destroyed by Excel in both forms, each recorded: 5.00109E+17, and 15 digits followed by 000", () => {
    let scientific = 0;
    let truncated = 0;
    for (const [source, file] of [['civil-affairs', civil], ['education', education]] as const) {
      for (const { value, line } of column(file, '身份证号')) {
        if (/^\d\.\d{5}E\+17$/.test(value)) {
          scientific++;
          expect(logged(source, line.no, '身份证号', 'id_excel_scientific')).toBe(true);
        } else if (logged(source, line.no, '身份证号', 'id_excel_truncated')) {
          truncated++;
          expect(value).toMatch(/^\d{15}000$/);
        }
      }
    }
    expect([scientific > 0, truncated > 0]).toEqual([true, true]);
  });

  it("a sibling's or parent's number in a pupil's row, while the student number still embeds the pupil's own", () => {
    const idNo = education.header.indexOf('身份证号');
    const wrong = column(education, '全国学籍号').filter(({ line }) => logged('education', line.no, '身份证号', 'id_wrong_row'));
    expect(wrong.length).toBeGreaterThan(0);
    const personOf = new Map(truth.filter((t) => t.source === 'police').map((t) => [normaliseId(t.record_key), t.person_id]));
    for (const { value, line } of wrong) {
      const shown = normaliseId(line.fields![idNo]);
      expect(shown).not.toBe(value.slice(1));
      expect(isValidId(shown)).toBe(true);
      // The key still names the pupil: where police holds the pupil, it holds them under the student number's ID.
      const pupil = truth.find((t) => t.source === 'education' && t.record_key === value)!.person_id;
      const police = personOf.get(value.slice(1));
      if (police !== undefined) expect(police).toBe(pupil);
    }
  });

  it("phantom police rows: a copy of a child's row under an ID that fails its check or gives an impossible birth date, with the same person in the truth", () => {
    const phantoms = noise.filter((n) => n.source === 'police' && n.kind === 'row_phantom');
    expect(phantoms.length).toBeGreaterThan(0);
    const policeTruth = truth.filter((t) => t.source === 'police');
    for (const p of phantoms) {
      const id = normaliseId(p.record_key);
      expect(isValidId(id)).toBe(false);
      const person = policeTruth.find((t) => t.record_key === p.record_key)!.person_id;
      // The real row of the same child shares the ID but for the check character or the birth month.
      const real = policeTruth.filter((t) => t.person_id === person && isValidId(normaliseId(t.record_key)));
      expect(real.length).toBeGreaterThan(0);
      expect(real.some((t) => normaliseId(t.record_key).slice(0, 10) === id.slice(0, 10) && normaliseId(t.record_key).slice(12, 17) === id.slice(12, 17))).toBe(true);
    }
  });

  it('make the keys: MZ record numbers, G + ID or L-numbers, the ID in police', () => {
    expect(data(civil).every((l) => /^MZ-20\d\dQ[1-4]-\d{6}$/.test(l.key))).toBe(true);
    expect(data(education).every((l) => /^(G\d{17}[\dX]|L\d{19})$/.test(l.key))).toBe(true);
    const idType = education.header.indexOf('证件类型');
    const idNo = education.header.indexOf('身份证号');
    const lRows = column(education, '全国学籍号').filter(({ value }) => value.startsWith('L'));
    expect(lRows.length).toBeGreaterThan(0);
    for (const { line } of lRows) expect([line.fields![idType], line.fields![idNo]]).toEqual(['无', '']);
  });
});

describe('the trouble (docs/FORMATS.md), all of it, at realistic', () => {
  const values = (e: Export, name: string): string[] => column(e, name).map((c) => c.value);
  const dates = (): string[] => [...values(civil, '出生日期'), ...values(civil, '填报日期'), ...values(education, '出生日期'), ...values(police, '出生日期')];
  const names = (): string[] => [...values(civil, '姓名'), ...values(education, '姓名'), ...values(police, '姓名')];
  const ids = (): string[] => [...values(civil, '身份证号'), ...values(civil, '父亲身份证号'), ...values(civil, '母亲身份证号'), ...values(education, '身份证号'), ...values(police, '公民身份号码'), ...values(police, '父亲公民身份号码')];

  it('dates in every format, Excel serials included', () => {
    const found = (re: RegExp): boolean => dates().some((d) => re.test(d));
    expect(found(/^\d{4}-\d{2}-\d{2}$/)).toBe(true);
    expect(found(/^\d{4}\/\d{1,2}\/\d{1,2}$/)).toBe(true);
    expect(found(/^\d{8}$/)).toBe(true);
    expect(found(/^\d{4}年\d{1,2}月\d{1,2}日$/)).toBe(true);
    expect(found(/^\d{4}\.\d{2}\.\d{2}$/)).toBe(true);
    expect(found(/^[34]\d{4}$/)).toBe(true); // Excel serial (1982–2173)
  });

  it('sex as 男/女, 1/2, M/F and blank', () => {
    const sexes = new Set([...values(civil, '性别'), ...values(education, '性别'), ...values(police, '性别')]);
    expect([...sexes].sort()).toEqual(['', '1', '2', 'F', 'M', '女', '男']);
  });

  it('IDs with lower-case x, spaces, full-width digits, 15 digits, placeholders, blanks', () => {
    const all = ids();
    expect(all.some((v) => /^\d{17}x$/.test(v))).toBe(true);
    expect(all.some((v) => /\d \d|\d $/.test(v))).toBe(true);
    expect(all.some((v) => /[０-９]/.test(v))).toBe(true);
    expect(all.some((v) => /^\d{15}$/.test(v))).toBe(true);
    expect(all.some((v) => v === '000000000000000000' || v === '无')).toBe(true);
    expect(values(civil, '身份证号').filter((v) => v === '').length / summary.rows.civilAffairs).toBeGreaterThan(0.05);
  });

  it('a valid ID whose birth date or sex disagrees with the other columns', () => {
    let dateDisagrees = 0;
    let sexDisagrees = 0;
    for (const [e, idField] of [[civil, '身份证号'], [education, '身份证号'], [police, '公民身份号码']] as const) {
      for (const { value, line } of column(e, idField)) {
        const id = normaliseId(value);
        if (!isValidId(id)) continue;
        const birth = line.fields![e.header.indexOf('出生日期')];
        const sex = line.fields![e.header.indexOf('性别')];
        if (/^\d{4}-?\d{2}-?\d{2}$/.test(birth) && birth.replace(/-/g, '') !== id.slice(6, 14)) dateDisagrees++;
        if ((sex === '男' || sex === '女') && (sex === '男') !== (Number(id[16]) % 2 === 1)) sexDisagrees++;
      }
    }
    expect(dateDisagrees).toBeGreaterThan(0);
    expect(sexDisagrees).toBeGreaterThan(0);
  });

  it('names with spaces, full-width spaces, traditional characters, and · or . in minority names', () => {
    const all = names();
    expect(all.some((n) => / /.test(n))).toBe(true);
    expect(all.some((n) => /\u3000/.test(n))).toBe(true);
    expect(all.some((n) => /[劉陳張楊黃趙吳孫馬羅鄭謝許韓馮鄧蔣蘇盧鍾譚陸賈鄒龍賀顧龔錢嚴湯喬賴葉呂韋偉麗紅軍華國強鵬濤輝婷靜曉]/.test(n))).toBe(true);
    expect(all.some((n) => n.includes('·'))).toBe(true);
    expect(all.some((n) => /[^.\s]\.[^.\s]|[•・．]/.test(n))).toBe(true);
  });

  it('a former name (曾用名) in police that another source still uses', () => {
    const renamed = [...people.values()].filter((p) => p.former_name !== '');
    expect(renamed.length).toBeGreaterThan(0);
    const formerInPolice = values(police, '曾用名').filter((v) => v !== '');
    expect(formerInPolice.length).toBeGreaterThan(0);
    const formers = new Set(renamed.map((p) => p.former_name));
    expect([...values(civil, '姓名'), ...values(education, '姓名')].some((n) => formers.has(n))).toBe(true);
  });

  it('area codes of 12, 9 and 6 digits, and blanks where only the address names the village', () => {
    const codes = [...values(civil, '行政区划代码'), ...values(education, '行政区划代码'), ...values(police, '行政区划代码')];
    expect(new Set(codes.map((c) => c.length))).toEqual(new Set([0, 6, 9, 12]));
    const blank = column(civil, '行政区划代码').filter((c) => c.value === '');
    expect(blank.every(({ line }) => /村|社区/.test(line.fields![civil.header.indexOf('现住址')]))).toBe(true);
  });

  it('rows with too few or too many columns, an unclosed quote, empty lines', () => {
    for (const e of [civil, education, police]) {
      const rows = data(e);
      expect(rows.some((l) => l.fields && l.fields.length < e.header.length)).toBe(true);
      expect(rows.some((l) => l.fields && l.fields.length > e.header.length)).toBe(true);
      expect(rows.some((l) => l.fields === null)).toBe(true);
      expect(e.lines.some((l) => l.empty)).toBe(true);
    }
  });

  it('duplicated keys within a file, sometimes with different content', () => {
    for (const e of [civil, education, police]) {
      const byKey = new Map<string, string[]>();
      for (const l of data(e)) byKey.set(l.key, [...(byKey.get(l.key) ?? []), l.text]);
      const dups = [...byKey.values()].filter((v) => v.length > 1);
      expect(dups.length).toBeGreaterThan(0);
      expect(dups.some((v) => new Set(v).size > 1)).toBe(true);
    }
  });

  it('every kind of damage shows up in the truth', () => {
    const kinds = new Set(noise.map((n) => n.kind));
    expect(NOISE_KINDS.filter((k) => !kinds.has(k))).toEqual([]);
  });
});
