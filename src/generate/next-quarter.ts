// `hub generate --period P --from DIR`: the next quarter of a generated county. The earlier
// quarter's exports are carried over line for line (the same people, the same damage: a
// department exports the same rows again), and a few children's lives move on:
//   - dropouts back at school (辍学 → 在读): DROPOUT cleared;
//   - unregistered children registered (a police record appears, in a sibling's household):
//     UNREGISTERED cleared;
//   - a left-behind child is found in difficulty too (困境儿童): IN_DIFFICULTY raised, the
//     category changes (留守 → 困境);
//   - one child moves village (its household registration's address and area code);
//   - one child appears with no earlier record (a baby registered this quarter);
//   - children leave: 迁出 (police), 毕业 (a pupil only the school knew);
//   - everyone is a quarter older: some turn 16 (LEFT_BEHIND, ALONE_UNDER_16 lapse), some 18;
//   - trouble starts, for the cases it opens: pupils drop out (在读 → 辍学: DROPOUT raised), a
//     child is left without guardianship (监护类型 无人监护: ALONE_UNDER_16 raised), and the
//     village's survey finds a child never registered (a roster row with no ID number and no
//     police record: APPEARED, and UNREGISTERED from the start).
// truth-people.csv follows every change: the people as the new quarter's exports show them.
// Lines are changed in place or added at the end, so truth-noise.csv's line numbers still hold.
// truth-changes.csv lists what the hub should report between the two quarters, by person.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { makePrivateDir, writePrivateFile } from '../fs/private-files';
import { csvLine } from './csv';
import { addYears, ageOn, compactDay, dayOf, isoDay, parseIsoDay, quarterBefore, quarterBounds, ymd, type Day } from './dates';
import { IdAllocator } from './idnumber';
import { FILE_NAMES } from './index';
import { Rng } from './random';

export interface NextQuarterOptions {
  /** The folder of the earlier quarter (a `hub generate` output). */
  from: string;
  /** The new quarter, e.g. 2024Q2: the earlier one is the quarter before it. */
  period: string;
  seed: number | string;
}

export interface NextQuarterSummary {
  period: string;
  previous: string;
  /** Kind → how many changes truth-changes.csv lists. */
  changes: Record<string, number>;
  files: Record<string, string>;
}

export const CHANGES_FILE = 'truth-changes.csv';

type Source = 'civil-affairs' | 'education' | 'police';
const FILES: Record<Source, string> = { 'civil-affairs': FILE_NAMES.civilAffairs, education: FILE_NAMES.education, police: FILE_NAMES.police };

/** One export as lines, with the ones the next quarter changes or adds. */
interface ExportFile {
  source: Source;
  bom: boolean;
  eol: string;
  lines: string[];
  header: string[];
  column(name: string): number;
}

interface Person {
  id: string;
  family: string;
  name: string;
  sex: string;
  birth: string;
  idNumber: string;
  area: string;
  policeStatus: string;
  leftBehind: boolean;
  guardianship: string;
  /** source → line indexes (0-based, header at 0) of its clean rows. */
  rows: Map<Source, number[]>;
  /** Whether any of its rows is damaged or duplicated (then it is left alone). */
  touched: boolean;
  /** source → line indexes of all its rows, damaged ones included. */
  allRows: Map<Source, number[]>;
}

export async function generateNextQuarter(opts: NextQuarterOptions, outDir: string): Promise<NextQuarterSummary> {
  quarterBounds(opts.period); // validates
  const previous = quarterBefore(opts.period, 1);
  const before = quarterBounds(previous).end;
  const { start, end } = quarterBounds(opts.period);
  const rng = new Rng(`${opts.seed}|next-quarter|${opts.period}`);
  const exports = Object.fromEntries((Object.keys(FILES) as Source[]).map((s) => [s, readExport(opts.from, s)])) as Record<Source, ExportFile>;
  const people = readPeople(opts.from, exports);
  const truthRows = readCsv(path.join(opts.from, FILE_NAMES.truth)).slice(1);
  const familiesRows = readCsv(path.join(opts.from, FILE_NAMES.families)).slice(1);
  const peopleLines = fs.readFileSync(path.join(opts.from, FILE_NAMES.people), 'utf8').split('\n').filter((l) => l !== '');
  const changes: string[][] = [];
  const change = (person: string, kind: string, flag = '', was = '', now = '') => changes.push([person, kind, flag, was, now]);
  const taken = new Set<string>();
  const dayIn = (): Day => start + rng.int(0, end - start);
  const edit = (source: Source, line: number, values: Record<string, string>) => {
    const file = exports[source];
    const fields = file.lines[line].split(',');
    for (const [column, value] of Object.entries(values)) fields[file.column(column)] = value;
    file.lines[line] = csvLine(fields);
  };
  const field = (source: Source, line: number, column: string) => exports[source].lines[line].split(',')[exports[source].column(column)];
  const only = (p: Person, ...sources: Source[]) => (['civil-affairs', 'education', 'police'] as Source[]).every((s) => (p.rows.get(s)?.length ?? 0) === (sources.includes(s) ? 1 : 0));
  const age = (p: Person, on: Day) => ageOn(parseIsoDay(p.birth), on);
  const pick = (candidates: Person[], n: number): Person[] => {
    const chosen = shuffle(candidates.filter((p) => !taken.has(p.id) && age(p, end) < 15), rng).slice(0, n);
    for (const p of chosen) taken.add(p.id);
    return chosen;
  };
  const clean = [...people.values()].filter((p) => !p.touched);

  // Dropouts back at school: the school's row says 在读 from a day of the quarter.
  const schoolYearCutoff = (day: Day) => {
    const { y, m } = ymd(day);
    return dayOf(m >= 9 ? y : y - 1, 8, 31);
  };
  const compulsory = (p: Person) => {
    const a = age(p, schoolYearCutoff(end));
    return a >= 6 && a <= 15 && schoolYearCutoff(end) === schoolYearCutoff(before);
  };
  for (const p of pick(clean.filter((p) => (p.rows.get('education')?.length ?? 0) === 1 && compulsory(p) && field('education', p.rows.get('education')![0], '学籍状态') === '辍学'), 3)) {
    edit('education', p.rows.get('education')![0], { 学籍状态: '在读', 变动日期: isoDay(dayIn()) });
    editPerson(peopleLines, p.id, { enrolment_status: '在读' });
    change(p.id, 'FLAG_CLEARED', 'DROPOUT');
  }

  // Registered: a police record in the household of a sibling the police know.
  const policeOf = new Map<string, Person>();
  for (const p of people.values()) if ((p.rows.get('police')?.length ?? 0) === 1 && !p.touched) policeOf.set(p.family, p);
  const ids = new Set([...people.values()].map((p) => p.idNumber).filter((id) => id !== ''));
  const allocator = new IdAllocator(null, `${opts.seed}|${opts.period}`);
  const newId = (birth: Day, sex: string): string => {
    for (;;) {
      const id = allocator.allocate(policeCounty(exports.police), birth, sex === '男' ? 'M' : 'F');
      if (!ids.has(id)) return (ids.add(id), id);
    }
  };
  const registerLike = (sibling: Person, values: Record<string, string>) => {
    const file = exports.police;
    const fields = file.lines[sibling.rows.get('police')![0]].split(',');
    for (const [column, value] of Object.entries(values)) fields[file.column(column)] = value;
    file.lines.push(csvLine(fields));
  };
  // With a civil-affairs row: its parents' names and ID numbers are what links the new record to the child.
  const unregistered = clean.filter((p) => p.idNumber === '' && p.rows.has('civil-affairs') && !p.allRows.has('police') && p.policeStatus === '' && policeOf.has(p.family) && policeOf.get(p.family)!.id !== p.id);
  for (const p of pick(unregistered, 3)) {
    const id = newId(parseIsoDay(p.birth), p.sex);
    registerLike(policeOf.get(p.family)!, {
      公民身份号码: id, 姓名: p.name, 曾用名: '', 性别: p.sex, 出生日期: compactDay(parseIsoDay(p.birth)), 与户主关系: p.sex === '男' ? '子' : '女',
      人员状态: '正常', 登记日期: compactDay(dayIn()), 变动日期: '',
    });
    truthRows.push(['police', id, p.id]);
    editPerson(peopleLines, p.id, { id_number: id, id_type: '居民身份证', police_status: '正常' });
    change(p.id, 'FLAG_CLEARED', 'UNREGISTERED');
  }

  // A left-behind child found in difficulty too: the roster adds the category and the difficulty.
  const leftBehindOnly = clean.filter((p) => (p.rows.get('civil-affairs')?.length ?? 0) === 1 && field('civil-affairs', p.rows.get('civil-affairs')![0], '儿童类别') === '留守儿童'
    && field('civil-affairs', p.rows.get('civil-affairs')![0], '困境类型') === '');
  for (const p of pick(leftBehindOnly, 1)) {
    edit('civil-affairs', p.rows.get('civil-affairs')![0], { 儿童类别: '留守儿童;困境儿童', 困境类型: '家庭经济困难' });
    change(p.id, 'FLAG_RAISED', 'IN_DIFFICULTY');
    change(p.id, 'CATEGORY_CHANGED', '', 'LEFT_BEHIND', 'IN_DIFFICULTY');
  }

  // One child moves to another village: its registration's address and area code.
  const withPolice = clean.filter((p) => only(p, 'police') || ((p.rows.get('police')?.length ?? 0) === 1 && p.policeStatus === '正常'));
  const [mover] = pick(withPolice.filter((p) => age(p, end) >= 1), 1);
  if (mover !== undefined) {
    const elsewhere = withPolice.find((p) => p.area.slice(0, 9) !== mover.area.slice(0, 9));
    if (elsewhere !== undefined) {
      const line = elsewhere.rows.get('police')![0];
      edit('police', mover.rows.get('police')![0], { 住址: field('police', line, '住址'), 行政区划代码: field('police', line, '行政区划代码'), 变动日期: compactDay(dayIn()) });
      change(mover.id, 'MOVED', '', mover.area, elsewhere.area);
      editPerson(peopleLines, mover.id, { area_code: elsewhere.area });
    }
  }

  // One child with no earlier record: born this quarter, registered in a household.
  const [household] = shuffle([...policeOf.values()].filter((p) => !taken.has(p.id)), rng);
  if (household !== undefined) {
    const birth = dayIn();
    const sex = rng.chance(0.5) ? '男' : '女';
    const id = newId(birth, sex);
    const person = `${household.id}-N${opts.period}`;
    const name = `${household.name.slice(0, 1)}${sex === '男' ? '新宇' : '新悦'}`;
    registerLike(household, { 公民身份号码: id, 姓名: name, 曾用名: '', 性别: sex, 出生日期: compactDay(birth), 与户主关系: sex === '男' ? '子' : '女', 人员状态: '正常', 登记日期: compactDay(birth), 变动日期: '' });
    truthRows.push(['police', id, person]);
    familiesRows.push([person, household.family, '']);
    peopleLines.push(csvLine([person, household.family, name, '', sex, isoDay(birth), id, '居民身份证', '', household.area, '正常', '否', '', '', '', '学龄前', '']));
    change(person, 'APPEARED');
  }

  // Leaving: 迁出 (the police say so), and a pupil only the school knew finishing school.
  for (const p of pick(withPolice.filter((p) => p.policeStatus === '正常'), 2)) {
    edit('police', p.rows.get('police')![0], { 人员状态: '迁出', 变动日期: compactDay(dayIn()) });
    editPerson(peopleLines, p.id, { police_status: '迁出' });
    change(p.id, 'DISAPPEARED', '', '', '迁出');
  }
  for (const p of pick(clean.filter((p) => only(p, 'education') && field('education', p.rows.get('education')![0], '学籍状态') === '在读'), 2)) {
    edit('education', p.rows.get('education')![0], { 学籍状态: '毕业', 变动日期: isoDay(end) });
    editPerson(peopleLines, p.id, { enrolment_status: '毕业' });
    change(p.id, 'DISAPPEARED', '', '', '毕业');
  }

  // Trouble that starts this quarter, for the cases it opens (DROPOUT_FOLLOW_UP, MANDATORY_REPORT,
  // REGISTRATION). Chosen after the changes above, so that a seed still picks the same children for
  // those. A pupil of compulsory-education age stops going: the school's row says 辍学.
  for (const p of pick(clean.filter((p) => (p.rows.get('education')?.length ?? 0) === 1 && compulsory(p) && field('education', p.rows.get('education')![0], '学籍状态') === '在读'), 2)) {
    edit('education', p.rows.get('education')![0], { 学籍状态: '辍学', 变动日期: isoDay(dayIn()) });
    editPerson(peopleLines, p.id, { enrolment_status: '辍学' });
    change(p.id, 'FLAG_RAISED', 'DROPOUT');
  }
  // A child left without guardianship (the carer fell ill or left): the roster's 监护类型 says 无人监护.
  const cared = clean.filter((p) => (p.rows.get('civil-affairs')?.length ?? 0) === 1 && ['父母监护', '单亲监护', '委托监护'].includes(field('civil-affairs', p.rows.get('civil-affairs')![0], '监护类型')));
  for (const p of pick(cared, 1)) {
    edit('civil-affairs', p.rows.get('civil-affairs')![0], { 监护类型: '无人监护' });
    editPerson(peopleLines, p.id, { guardianship_type: '无人监护' });
    change(p.id, 'FLAG_RAISED', 'ALONE_UNDER_16');
  }
  // A child never registered, found by the village's survey (摸排): a roster row beside a sibling's,
  // with no ID number (none was ever issued) and no police record.
  const surveyed = clean.filter((p) => (p.rows.get('civil-affairs')?.length ?? 0) === 1 && !taken.has(p.id));
  const [sibling] = shuffle(surveyed, rng);
  if (sibling !== undefined) {
    const file = exports['civil-affairs'];
    const birth = dayOf(ymd(end).y - 1 - rng.int(1, 3), 1 + rng.int(0, 11), 1 + rng.int(0, 27));
    const sex = rng.chance(0.5) ? '男' : '女';
    const person = `${sibling.id}-U${opts.period}`;
    const name = `${sibling.name.slice(0, 1)}${sex === '男' ? '念安' : '思安'}`;
    const key = nextCivilAffairsKey(file, opts.period);
    const fields = file.lines[sibling.rows.get('civil-affairs')![0]].split(',');
    const set = (column: string, value: string) => (fields[file.column(column)] = value);
    set('记录编号', key);
    set('姓名', name);
    set('性别', sex);
    set('出生日期', isoDay(birth));
    set('身份证号', '');
    set('就学情况', '学龄前');
    set('填报日期', isoDay(dayIn()));
    file.lines.push(csvLine(fields));
    const siblingLine = parseLine(peopleLines.find((l) => l.startsWith(`${sibling.id},`))!);
    truthRows.push(['civil-affairs', key, person]);
    familiesRows.push([person, sibling.family, '']);
    // person_id … civil_affairs_key, as truth-people.csv's header; the family's facts are the sibling's.
    peopleLines.push(csvLine([person, sibling.family, name, '', sex, isoDay(birth), '', '无', siblingLine[8], sibling.area, '', siblingLine[11], siblingLine[12], siblingLine[13], '', '学龄前', key]));
    change(person, 'APPEARED');
  }

  // A quarter older: who turns 16 or 18 during it (of those the hub held in the earlier quarter).
  for (const p of people.values()) {
    if (taken.has(p.id) || !heldBefore(p, exports)) continue;
    const birth = parseIsoDay(p.birth);
    if (addYears(birth, 18) > before && addYears(birth, 18) <= end) change(p.id, 'DISAPPEARED', '', '', [...schoolSays(p, exports), 'aged 18'].join(', '));
    else if (addYears(birth, 16) > before && addYears(birth, 16) <= end) {
      if (p.leftBehind) change(p.id, 'FLAG_CLEARED', 'LEFT_BEHIND');
      if (p.guardianship === '无人监护') change(p.id, 'FLAG_CLEARED', 'ALONE_UNDER_16');
    }
  }

  makePrivateDir(outDir);
  const out = (name: string) => path.resolve(outDir, name);
  for (const file of Object.values(exports)) {
    writePrivateFile(out(FILES[file.source]), (file.bom ? '\uFEFF' : '') + file.lines.join(file.eol) + (file.lines.length > 0 ? file.eol : ''));
  }
  writePrivateFile(out(FILE_NAMES.truth), [['source', 'record_key', 'person_id'], ...truthRows].map(csvLine).join('\n') + '\n');
  writePrivateFile(out(FILE_NAMES.families), [['person_id', 'family_id', 'twin_of'], ...familiesRows].map(csvLine).join('\n') + '\n');
  writePrivateFile(out(FILE_NAMES.people), peopleLines.join('\n') + '\n');
  fs.copyFileSync(path.join(opts.from, FILE_NAMES.noise), out(FILE_NAMES.noise));
  changes.sort((a, b) => (a.join(',') < b.join(',') ? -1 : 1));
  writePrivateFile(out(CHANGES_FILE), [['person_id', 'kind', 'flag', 'before', 'after'], ...changes].map(csvLine).join('\n') + '\n');
  const counts: Record<string, number> = {};
  for (const c of changes) counts[c[1]] = (counts[c[1]] ?? 0) + 1;
  return {
    period: opts.period,
    previous,
    changes: counts,
    files: Object.fromEntries([...Object.values(FILES), FILE_NAMES.truth, FILE_NAMES.families, FILE_NAMES.people, FILE_NAMES.noise, CHANGES_FILE].map((n) => [n, out(n)])),
  };
}

/** A person's rows' values of one column, damaged rows included (a damaged row keeps most of its cells). */
function valuesOf(p: Person, exports: Record<Source, ExportFile>, source: Source, column: string): string[] {
  const file = exports[source];
  return (p.allRows.get(source) ?? []).map((line) => file.lines[line].split(',')[file.column(column)] ?? '');
}

/** Whether the hub held the child in the earlier quarter: some export listed it, and no police record says it is gone. */
function heldBefore(p: Person, exports: Record<Source, ExportFile>): boolean {
  if (valuesOf(p, exports, 'police', '人员状态').some((s) => ['迁出', '死亡', '注销'].includes(s))) return false;
  if (p.allRows.has('civil-affairs') || p.allRows.has('police')) return true;
  return valuesOf(p, exports, 'education', '学籍状态').some((s) => !['毕业', '转出', '死亡'].includes(s));
}

/** What the school says of a child that left it (毕业, 转出), as the hub gives it with the other reasons. */
function schoolSays(p: Person, exports: Record<Source, ExportFile>): string[] {
  return [...new Set(valuesOf(p, exports, 'education', '学籍状态').filter((s) => ['毕业', '转出', '死亡'].includes(s)))];
}

function readExport(dir: string, source: Source): ExportFile {
  let text = fs.readFileSync(path.join(dir, FILES[source]), 'utf8');
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines[0].split(',');
  return {
    source, bom, eol, lines, header,
    column(name) {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`${FILES[source]} has no column ${name}`);
      return i;
    },
  };
}

/**
 * The people of truth-people.csv with the lines of their rows. A row is clean when it has the
 * header's shape, no quotes, a key no other line has, and no damage in truth-noise.csv.
 */
function readPeople(dir: string, exports: Record<Source, ExportFile>): Map<string, Person> {
  const people = new Map<string, Person>();
  const rows = readCsv(path.join(dir, FILE_NAMES.people));
  const head = rows[0];
  const col = (name: string) => head.indexOf(name);
  for (const r of rows.slice(1)) {
    people.set(r[col('person_id')], {
      id: r[col('person_id')], family: r[col('family_id')], name: r[col('name')], sex: r[col('sex')], birth: r[col('birth_date')],
      idNumber: r[col('id_number')], area: r[col('area_code')], policeStatus: r[col('police_status')], leftBehind: r[col('left_behind')] === '是',
      guardianship: r[col('guardianship_type')], rows: new Map(), touched: false, allRows: new Map(),
    });
  }
  const damaged = new Set(readCsv(path.join(dir, FILE_NAMES.noise)).slice(1).map((r) => `${r[0]}:${r[1]}`));
  const personOf = new Map<string, string>();
  for (const [source, key, person] of readCsv(path.join(dir, FILE_NAMES.truth)).slice(1)) personOf.set(`${source}:${key}`, person);
  for (const file of Object.values(exports)) {
    const keyCount = new Map<string, number>();
    for (const line of file.lines.slice(1)) keyCount.set(line.split(',')[0], (keyCount.get(line.split(',')[0]) ?? 0) + 1);
    file.lines.forEach((line, i) => {
      if (i === 0) return;
      const key = line.split(',')[0];
      const person = people.get(personOf.get(`${file.source}:${key}`) ?? '');
      if (person === undefined) return;
      person.allRows.set(file.source, [...(person.allRows.get(file.source) ?? []), i]);
      const clean = !line.includes('"') && line.split(',').length === file.header.length && keyCount.get(key) === 1 && !damaged.has(`${file.source}:${i + 1}`);
      if (!clean) person.touched = true;
      else person.rows.set(file.source, [...(person.rows.get(file.source) ?? []), i]);
    });
  }
  return people;
}

/** The county a police export registers people in (its area codes' first six digits). */
function policeCounty(police: ExportFile): string {
  const column = police.column('行政区划代码');
  for (const line of police.lines.slice(1)) {
    const code = line.split(',')[column];
    if (/^\d{6}/.test(code ?? '')) return code.slice(0, 6);
  }
  throw new Error('the police export names no area code');
}

/** Sets columns of one person's line in truth-people.csv (by the header's names). */
function editPerson(peopleLines: string[], personId: string, values: Record<string, string>): void {
  const header = parseLine(peopleLines[0]);
  const at = peopleLines.findIndex((l) => l.startsWith(`${personId},`));
  const fields = parseLine(peopleLines[at]);
  for (const [column, value] of Object.entries(values)) fields[header.indexOf(column)] = value;
  peopleLines[at] = csvLine(fields);
}

/** A roster key no earlier row has: the period's prefix and the next serial (keys are MZ-<period>-<serial>). */
function nextCivilAffairsKey(file: ExportFile, period: string): string {
  let serial = 0;
  for (const line of file.lines.slice(1)) serial = Math.max(serial, Number(/-(\d+)$/.exec(line.split(',')[0])?.[1] ?? 0));
  return `MZ-${period}-${String(serial + 1).padStart(6, '0')}`;
}

function readCsv(file: string): string[][] {
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '').map(parseLine);
}

/** One CSV line (RFC 4180 quotes; the truth files never hold a line break in a field). */
function parseLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unclosed quote in ${line}`);
        value += line.slice(i, q);
        i = q + 1;
        if (line[i] === '"') {
          value += '"';
          i++;
        } else break;
      }
    } else {
      const comma = line.indexOf(',', i);
      value = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length : comma;
    }
    fields.push(value);
    if (line[i] !== ',') return fields;
    i++;
  }
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
