// The county's fixed furniture, decided once before any family: how many children live
// in each village, its schools, and who fills in each village's civil-affairs roster.

import { fullName, randomGiven, randomSurname } from './names';
import type { Rng } from './random';
import type { County, Town, Village } from './region';

export type SchoolLevel = 'primary' | 'junior' | 'senior';

export interface School {
  code: string; // 学校标识码: 10 digits
  name: string;
  level: SchoolLevel;
}

export interface CountyPlan {
  county: County;
  quotas: Array<{ village: Village; children: number }>;
  primary: Map<string, School>; // by town code
  junior: Map<string, School>;
  senior: School[];
  /** 儿童主任: the village child director who types the roster (002 §6; 004 annex 3). */
  reporters: Map<string, string>;
  welfareHome: string;
}

/**
 * Splits `children` over the villages: urban communities (社区) are bigger than villages,
 * and villages differ. Largest-remainder rounding keeps the total exact.
 */
function allocate(villages: readonly Village[], children: number, rng: Rng): number[] {
  const weights = villages.map((v) => (v.urban ? 1.4 : 1) * (0.5 + rng.next()));
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * children);
  const counts = exact.map(Math.floor);
  let left = children - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
  return counts;
}

function townShort(town: Town): string {
  return town.kind === '街道' ? town.name.replace(/街道(办事处)?$/, '') : town.name;
}

export function planCounty(county: County, children: number, rng: Rng): CountyPlan {
  const counts = allocate(county.villages, children, rng);
  const quotas = county.villages.map((village, i) => ({ village, children: counts[i] }));

  // 学校标识码: '2' (primary/secondary), '1', the province, then a serial. Only the shape matters.
  let serial = 12000 + rng.int(0, 999);
  const nextCode = (): string => `21${county.provinceCode}${String((serial += rng.int(3, 40))).padStart(6, '0')}`;

  const primary = new Map<string, School>();
  const junior = new Map<string, School>();
  for (const town of county.towns) {
    const urban = town.kind === '街道';
    primary.set(town.code, { code: nextCode(), name: `${county.name}${townShort(town)}${urban ? '小学' : '中心小学'}`, level: 'primary' });
    junior.set(town.code, { code: nextCode(), name: `${county.name}${townShort(town)}中学`, level: 'junior' });
  }
  const seniorNames = ['第一中学', '第二中学', '实验中学', '第三中学'].slice(0, Math.max(1, Math.min(4, Math.ceil(county.towns.length / 5))));
  const senior = seniorNames.map((n) => ({ code: nextCode(), name: `${county.name}${n}`, level: 'senior' as const }));

  const reporters = new Map<string, string>();
  for (const v of county.villages) {
    const sex = rng.chance(0.7) ? 'F' : 'M';
    reporters.set(v.code, fullName({ surname: randomSurname(rng), given: randomGiven(rng, 'parent', sex), style: 'han' }));
  }

  return { county, quotas, primary, junior, senior, reporters, welfareHome: `${county.prefix}儿童福利院` };
}
