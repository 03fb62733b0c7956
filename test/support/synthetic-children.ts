// A small synthetic county for matching tests: families of one to three children (some twins),
// each child appearing in two or three of the sources with the kinds of noise the real exports
// carry (homophone and traditional characters, a missing or mistyped ID number, a day off in the
// birth date, a town-level area code, a former name in police). Deterministic for a seed, built
// from raw rows in docs/FORMATS.md's canonical columns and normalised the way an import does, so the
// engine trains on something shaped like a real county. Not a substitute for `hub generate`:
// just enough population for EM to learn m and u while a test looks at a few hand-built records.
import { hubMatchRecord } from '../../reconciliation/hub';
import { idCheckDigit, normaliseRecord, type SourceName } from '../../reconciliation/normalise';
import { seededRandom } from '../../reconciliation/random';
import type { MatchRecord } from '../../reconciliation/settings';

/** The date the rows are normalised against (ages, "in the future" checks). */
export const TODAY = '2024-12-31';

export type RawRow = Record<string, string>;

export interface SourceRow {
  source: SourceName;
  row: RawRow;
}

/** A valid 18-character ID number: region + birth date + sequence (odd for a boy) + check digit. */
export function idNumber(region: string, birthDate: string, sequence: number): string {
  const first17 = region + birthDate.replace(/-/g, '') + String(sequence).padStart(3, '0');
  return first17 + idCheckDigit(first17);
}

/** Normalises one raw row and turns it into an engine record with id `${source}:${key}`. */
export function matchRecord(source: SourceName, row: RawRow, key: string): MatchRecord {
  const { fields } = normaliseRecord(source, row, undefined, { today: TODAY });
  return hubMatchRecord(`${source}:${key}`, source, fields);
}

/** The key column docs/FORMATS.md gives each source. */
export function rowKey(source: SourceName, row: RawRow): string {
  if (source === 'civil-affairs') return row.record_id;
  if (source === 'education') return row.student_number;
  return row.id_number;
}

const SURNAMES = ['陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '罗', '郑', '梁', '谢', '宋', '唐'];
const GIVEN = ['子', '涵', '浩', '宇', '欣', '怡', '梓', '轩', '雨', '萱', '俊', '杰', '佳', '琪', '博', '文', '思', '彤', '嘉', '乐', '诗', '雅', '一', '诺', '天', '佑', '家', '豪', '若', '溪', '晨', '阳'];
const ADULT_GIVEN = ['建', '国', '志', '强', '秀', '英', '桂', '芳', '红', '霞', '德', '福', '永', '春', '玉', '兰'];
/** Characters whose homophone the background uses as the typing slip (same pinyin, toneless). */
const HOMOPHONES: Record<string, string> = { 涵: '含', 浩: '皓', 宇: '雨', 欣: '馨', 怡: '宜', 轩: '萱', 俊: '骏', 杰: '洁', 琪: '淇', 博: '波', 思: '斯', 彤: '桐', 嘉: '佳', 乐: '勒', 诗: '师', 雅: '亚', 佑: '又', 豪: '毫', 溪: '希', 晨: '辰', 阳: '洋' };
/** Traditional forms of some surnames (a Hong Kong or Taiwan keyboard, an old register). */
const TRADITIONAL: Record<string, string> = { 陈: '陳', 杨: '楊', 黄: '黃', 赵: '趙', 吴: '吳', 孙: '孫', 马: '馬', 郭: '郭', 罗: '羅', 郑: '鄭', 梁: '梁', 谢: '謝' };

export interface SyntheticOptions {
  /** Number of children (families are formed until there are this many). */
  children: number;
  seed: number;
  /** County code the background lives in (6 digits). */
  county?: string;
  /** Prefix of every record key, so two populations never share a key. */
  keyPrefix?: string;
}

export interface SyntheticChild {
  person: string;
  rows: SourceRow[];
}

interface Parent {
  name: string;
  id: string;
}

interface GeneratedChild {
  person: string;
  name: string;
  formerName: string | null;
  sex: 'M' | 'F';
  birthDate: string;
  id: string;
  father: Parent;
  mother: Parent;
  phone: string;
  village: string;
}

export interface SyntheticPopulation {
  children: SyntheticChild[];
  records: MatchRecord[];
  /** Record id → the child it belongs to. */
  personOf: Map<string, string>;
}

/** Builds the background population: deterministic for (children, seed, county, keyPrefix). */
export function syntheticChildren(options: SyntheticOptions): SyntheticPopulation {
  const random = seededRandom(options.seed);
  const county = options.county ?? '500109';
  const prefix = options.keyPrefix ?? 'bg';
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number): boolean => random() < p;
  const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(random() * 10))).join('');
  const pad2 = (n: number): string => String(n).padStart(2, '0');
  const date = (fromYear: number, years: number): string =>
    `${fromYear + Math.floor(random() * years)}-${pad2(1 + Math.floor(random() * 12))}-${pad2(1 + Math.floor(random() * 28))}`;
  // Sequence numbers per birth date, so no two generated people share an ID number.
  const sequences = new Map<string, number>();
  const nextId = (birthDate: string, sex: 'M' | 'F'): string => {
    let seq = sequences.get(birthDate) ?? 1 + Math.floor(random() * 50);
    if ((seq % 2 === 1) !== (sex === 'M')) seq++;
    sequences.set(birthDate, seq + 1);
    return idNumber(county, birthDate, seq);
  };
  const villages = Array.from({ length: 12 }, (_, t) => Array.from({ length: 6 }, (_, v) => `${county}${String(101 + t)}${String(201 + v)}`)).flat();

  const children: SyntheticChild[] = [];
  let family = 0;
  while (children.length < options.children) {
    family++;
    const surname = pick(SURNAMES);
    const father = { name: surname + pick(ADULT_GIVEN) + pick(ADULT_GIVEN), id: nextId(date(1975, 20), 'M') };
    const mother = { name: pick(SURNAMES) + pick(ADULT_GIVEN) + pick(ADULT_GIVEN), id: nextId(date(1975, 20), 'F') };
    const phone = '13' + digits(9);
    const village = pick(villages);
    const size = chance(0.65) ? 1 : chance(0.75) ? 2 : 3;
    let previousBirth: string | null = null;
    const givenNames = new Set<string>();
    for (let k = 0; k < size && children.length < options.children; k++) {
      const twin: boolean = previousBirth !== null && chance(0.2);
      const birthDate: string = twin && previousBirth !== null ? previousBirth : date(2007, 14);
      previousBirth = birthDate;
      let given = pick(GIVEN) + pick(GIVEN);
      while (givenNames.has(given)) given = pick(GIVEN) + pick(GIVEN);
      givenNames.add(given);
      const sex: 'M' | 'F' = chance(0.52) ? 'M' : 'F';
      const child: GeneratedChild = {
        person: `${prefix}-${children.length}`,
        name: surname + given,
        formerName: chance(0.05) ? surname + pick(GIVEN) + pick(GIVEN) : null,
        sex,
        birthDate,
        id: nextId(birthDate, sex),
        father,
        mother,
        phone,
        village,
      };
      children.push({ person: child.person, rows: sourceRows(child) });
    }
  }

  function sourceRows(child: GeneratedChild): SourceRow[] {
    // Two or three of the three sources; a child under six has no school record.
    const school = child.birthDate < '2018-09-01';
    const all: SourceName[] = school ? ['civil-affairs', 'education', 'police'] : ['civil-affairs', 'police'];
    let sources = all.filter(() => chance(0.8));
    if (sources.length < 2) sources = school ? [pick(['civil-affairs', 'education'] as const), 'police'] : all;
    // Police hold the current name; the other sources may still use the former one.
    const nameIn = (source: SourceName): string => {
      let name = source !== 'police' && child.formerName !== null && chance(0.5) ? child.formerName : child.name;
      if (chance(0.05)) {
        const i = 1 + Math.floor(random() * (name.length - 1));
        const swap = HOMOPHONES[name[i]];
        if (swap !== undefined) name = name.slice(0, i) + swap + name.slice(i + 1);
      }
      if (chance(0.04) && TRADITIONAL[name[0]] !== undefined) name = TRADITIONAL[name[0]] + name.slice(1);
      return name;
    };
    const birthIn = (): string => {
      if (!chance(0.03)) return child.birthDate;
      const d = new Date(`${child.birthDate}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + (chance(0.5) ? 1 : -1));
      return d.toISOString().slice(0, 10);
    };
    const idIn = (): string => {
      if (!chance(0.04)) return child.id;
      const i = 6 + Math.floor(random() * 10); // a transposition inside the date and sequence
      return child.id.slice(0, i) + child.id[i + 1] + child.id[i] + child.id.slice(i + 2);
    };
    const area = (): string => (chance(0.06) ? child.village.slice(0, 9) : child.village);
    const sex = child.sex === 'M' ? '男' : '女';
    return sources.map((source): SourceRow => {
      if (source === 'civil-affairs') {
        return {
          source,
          row: {
            record_id: `${prefix}-ca-${child.person}`,
            name: nameIn(source),
            sex,
            birth_date: birthIn(),
            id_number: chance(0.12) ? '' : idIn(),
            area_code: area(),
            father_name: child.father.name,
            father_id_number: chance(0.8) ? child.father.id : '',
            mother_name: child.mother.name,
            mother_id_number: chance(0.8) ? child.mother.id : '',
            guardian_name: child.mother.name,
            guardian_phone: child.phone,
          },
        };
      }
      if (source === 'education') {
        const withId = chance(0.92);
        const id = withId ? idIn() : '';
        return {
          source,
          row: {
            student_number: withId ? `G${id}` : `L${digits(15)}`,
            name: nameIn(source),
            sex,
            birth_date: birthIn(),
            id_type: withId ? '居民身份证' : '无',
            id_number: id,
            area_code: area(),
            guardian_name: chance(0.5) ? child.father.name : child.mother.name,
            guardian_phone: child.phone,
          },
        };
      }
      return {
        source,
        row: {
          id_number: child.id,
          name: child.name,
          former_name: child.formerName ?? '',
          sex,
          birth_date: child.birthDate,
          area_code: child.village,
          householder_name: child.father.name,
          father_name: child.father.name,
          father_id_number: child.father.id,
          mother_name: child.mother.name,
          mother_id_number: child.mother.id,
        },
      };
    });
  }

  const records: MatchRecord[] = [];
  const personOf = new Map<string, string>();
  for (const child of children) {
    for (const { source, row } of child.rows) {
      const record = matchRecord(source, row, rowKey(source, row));
      records.push(record);
      personOf.set(record.id, child.person);
    }
  }
  return { children, records, personOf };
}
