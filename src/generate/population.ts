// The true population: families, one at a time, with everything the three departments
// could know about each child. Nothing here is noise: this is what the hub should end up
// believing. The rates follow the domain (docs/DOMAIN.md), not convenience:
// - left-behind children (留守儿童) are under 16 with both parents away working, or one away
//   and the other unable to guard (002 §一(三));
// - children in difficulty (困境儿童) have one of the listed difficulties;
// - ~5% of children are missing from the county's household register: mostly never
//   registered (无户籍, so no ID anywhere), some registered in another county.

import { addYears, ageOn, dayOf, ymd, type Day } from './dates';
import { IdAllocator } from './idnumber';
import type { Adult, Child, Difficulty, Family, Guardian, NamesakeTemplate, ParentState, PopulationState, Sex } from './model';
import {
  fullName,
  namesakeGiven,
  randomGiven,
  randomSurname,
  twinGiven,
  uyghurGiven,
  yiClan,
  yiGiven,
  type PersonName,
} from './names';
import type { CountyPlan } from './plan';
import { Weighted, type Rng } from './random';
import type { OtherArea, Village } from './region';
import { schoolingFor } from './schooling';

export function newPopulation(plan: CountyPlan, today: Day, period: string, rng: Rng, seed = ''): PopulationState {
  // Numbers in other regions are spread by county and seed: see IdAllocator.
  const ids = new IdAllocator(plan.county.code, seed);
  return { plan, today, period, rng, ids, nextFamily: 1, nextPerson: 1, nextCivilAffairs: 1, households: new Map(), recentChildren: [] };
}

// Births in China by year, in millions: the age pyramid of today's children is not flat
// (2016's cohort is nearly twice 2023's).
const BIRTHS: Record<number, number> = {
  2000: 17.7, 2001: 17.0, 2002: 16.5, 2003: 16.0, 2004: 15.9, 2005: 16.2, 2006: 15.9, 2007: 15.9, 2008: 16.1,
  2009: 15.9, 2010: 15.9, 2011: 16.0, 2012: 16.4, 2013: 16.4, 2014: 16.9, 2015: 16.6, 2016: 17.9, 2017: 17.2,
  2018: 15.2, 2019: 14.7, 2020: 12.0, 2021: 10.6, 2022: 9.6, 2023: 9.0, 2024: 9.5,
};
const MAX_BIRTHS = 17.9;
const birthWeight = (year: number): number => BIRTHS[Math.min(2024, Math.max(2000, year))];

const EARLIEST_PARENT = dayOf(1975, 1, 1);
const LATEST_PARENT = dayOf(1998, 12, 31);

const WORK_PLACES = new Weighted<string>([
  ['广东省东莞市', 10], ['广东省深圳市', 10], ['广东省广州市', 8], ['广东省佛山市', 5], ['浙江省宁波市', 6],
  ['浙江省杭州市', 5], ['浙江省温州市', 3], ['江苏省苏州市', 6], ['上海市', 6], ['福建省厦门市', 3], ['福建省泉州市', 3],
  ['北京市', 3], ['重庆市渝北区', 5], ['重庆市江北区', 3], ['四川省成都市', 4], ['新疆维吾尔自治区乌鲁木齐市', 1],
  ['湖北省武汉市', 2], ['天津市', 1],
]);

type StateTable = Weighted<ParentState>;
const table = (home: number, migrant: number, deceased: number, incapable: number, missing: number, absent: number): StateTable =>
  new Weighted<ParentState>([['home', home], ['migrant', migrant], ['deceased', deceased], ['incapable', incapable], ['missing', missing], ['absent', absent]]);

// Fathers: rural fathers mostly work away; 'absent' is a parent who left after a divorce.
const FATHER_RURAL = table(50, 42, 1.2, 2, 0.6, 4.2);
const FATHER_URBAN = table(82, 12, 1, 1.5, 0.3, 3.2);
// Mothers, given the father: with the father away, many mothers go too.
const MOTHER_IF_FATHER_MIGRANT_RURAL = table(42, 50, 0.8, 1.2, 1, 5);
const MOTHER_IF_FATHER_MIGRANT_URBAN = table(56, 38, 0.8, 1.2, 1, 3);
const MOTHER_IF_FATHER_HOME = table(88, 6, 0.8, 1.2, 1.2, 2.8);
const MOTHER_IF_FATHER_GONE = table(61, 25, 4, 2, 1, 7);

const CHILDREN_RURAL = new Weighted<number>([[1, 38], [2, 45], [3, 17]]);
const CHILDREN_URBAN = new Weighted<number>([[1, 55], [2, 38], [3, 7]]);

type Style = 'han' | 'uyghur' | 'yi';
const ETHNICITY = new Weighted<[Style, string]>([
  [['han', '汉族'], 955],
  [['han', '土家族'], 20],
  [['han', '苗族'], 10],
  [['han', '回族'], 3],
  [['uyghur', '维吾尔族'], 6],
  [['yi', '彝族'], 6],
]);

/** A birth day in (today − 18 years, today], weighted by the year's births. */
function sampleBirth(rng: Rng, today: Day): Day {
  const earliest = addYears(today, -18) + 1;
  for (;;) {
    const day = rng.int(earliest, today);
    if (rng.next() * MAX_BIRTHS < birthWeight(ymd(day).y)) return day;
  }
}

/** Up to n birth days of siblings (sorted, eldest first), twins sharing one. */
function siblingBirths(rng: Rng, n: number, today: Day, twins: boolean): Day[] {
  const earliest = addYears(today, -18) + 1;
  const births = [sampleBirth(rng, today)];
  if (twins) births.push(births[0]);
  let attempts = 0;
  while (births.length < n && attempts++ < 12) {
    const gap = rng.int(500, 2900); // 1.4 to 8 years between siblings
    const older = Math.min(...births) - gap;
    const younger = Math.max(...births) + gap;
    const canOlder = older >= earliest;
    const canYounger = younger <= today;
    if (canOlder && (!canYounger || rng.chance(0.5))) births.push(older);
    else if (canYounger) births.push(younger);
  }
  return births.sort((a, b) => a - b);
}

/**
 * `day` if it lies in [min, max], else a day drawn from that range. (Clamping would pile
 * thousands of parents onto 1975-01-01 and run out of ID sequence numbers for that day.)
 */
function within(rng: Rng, day: Day, min: Day, max: Day): Day {
  if (max < min) return max;
  return day >= min && day <= max ? day : rng.int(min, max);
}

function mobile(rng: Rng): string {
  const prefix = rng.pick(['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '177', '180', '181', '182', '183', '187', '188', '189', '198', '199']);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

function birthRegion(rng: Rng, state: PopulationState, stayProbability: number, style: Style): string {
  const { county } = state.plan;
  if (style === 'uyghur') {
    const xinjiang = county.elsewhere.filter((a) => a.code.startsWith('65'));
    if (xinjiang.length > 0 && rng.chance(0.8)) return rng.pick(xinjiang).code;
  }
  if (style === 'yi') {
    const liangshan = county.elsewhere.filter((a) => a.code.startsWith('5134'));
    if (liangshan.length > 0 && rng.chance(0.7)) return rng.pick(liangshan).code;
  }
  if (rng.chance(stayProbability)) return county.code;
  if (county.sameProvince.length > 0 && rng.chance(0.7)) return rng.pick(county.sameProvince).code;
  return rng.pick(county.elsewhere).code;
}

interface Names {
  father: PersonName;
  mother: PersonName;
  child(sex: Sex, order: number, taken: Set<string>, twinOf: PersonName | null): PersonName;
  elder(sex: Sex, paternal: boolean): PersonName;
  relative(sex: Sex, paternal: boolean): PersonName;
}

function familyNames(rng: Rng, style: Style): Names {
  if (style === 'uyghur') {
    const father: PersonName = { given: uyghurGiven(rng, 'M'), surname: uyghurGiven(rng, 'M'), style };
    const mother: PersonName = { given: uyghurGiven(rng, 'F'), surname: uyghurGiven(rng, 'M'), style };
    return {
      father,
      mother,
      child: (sex, _order, taken) => {
        let n: PersonName;
        do n = { given: uyghurGiven(rng, sex), surname: father.given, style };
        while (taken.has(fullName(n)) || n.given === father.given);
        return n;
      },
      elder: (sex, paternal) =>
        sex === 'M' ? { given: paternal ? father.surname : mother.surname, surname: uyghurGiven(rng, 'M'), style } : { given: uyghurGiven(rng, 'F'), surname: uyghurGiven(rng, 'M'), style },
      relative: (sex) => ({ given: uyghurGiven(rng, sex), surname: uyghurGiven(rng, 'M'), style }),
    };
  }
  if (style === 'yi') {
    const clan = yiClan(rng);
    let motherClan = yiClan(rng);
    while (motherClan === clan) motherClan = yiClan(rng);
    return {
      father: { surname: clan, given: yiGiven(rng, 'M'), style },
      mother: { surname: motherClan, given: yiGiven(rng, 'F'), style },
      child: (sex, _order, taken) => {
        let n: PersonName;
        do n = { surname: clan, given: yiGiven(rng, sex), style };
        while (taken.has(fullName(n)));
        return n;
      },
      elder: (sex, paternal) => ({ surname: sex === 'M' ? (paternal ? clan : motherClan) : yiClan(rng), given: yiGiven(rng, sex), style }),
      relative: (sex, paternal) => ({ surname: paternal ? clan : motherClan, given: yiGiven(rng, sex), style }),
    };
  }
  const surname = randomSurname(rng);
  const motherSurname = randomSurname(rng);
  return {
    father: { surname, given: randomGiven(rng, 'parent', 'M'), style },
    mother: { surname: motherSurname, given: randomGiven(rng, 'parent', 'F'), style },
    child: (sex, order, taken, twinOf) => {
      // Since 2016 a second child quite often takes the mother's surname (二孩随母姓).
      const s = order >= 2 && rng.chance(0.06) && motherSurname !== surname ? motherSurname : twinOf?.surname ?? surname;
      for (;;) {
        const given = twinOf ? twinGiven(rng, twinOf.given, sex) : randomGiven(rng, 'child', sex);
        const n: PersonName = { surname: s, given, style };
        if (!taken.has(fullName(n)) && given !== twinOf?.given) return n;
      }
    },
    elder: (sex, paternal) => ({ surname: sex === 'M' ? (paternal ? surname : motherSurname) : randomSurname(rng), given: randomGiven(rng, 'elder', sex), style }),
    relative: (sex, paternal) => ({ surname: paternal ? surname : sex === 'M' ? motherSurname : randomSurname(rng), given: randomGiven(rng, 'parent', sex), style }),
  };
}

const UNABLE: ReadonlySet<ParentState> = new Set(['deceased', 'missing', 'incapable', 'absent']);

/** 002 §一(三): both away working, or one away and the other unable to guard. */
function isLeftBehindSituation(f: ParentState, m: ParentState): boolean {
  return (f === 'migrant' && (m === 'migrant' || UNABLE.has(m))) || (m === 'migrant' && UNABLE.has(f));
}

function nextHousehold(state: PopulationState, village: Village): string {
  const n = (state.households.get(village.code) ?? 0) + 1;
  state.households.set(village.code, n);
  return `${village.code}${String(n).padStart(3, '0')}`;
}

function relationToHouseholder(family: Family, child: Child, sonsBefore: number, daughtersBefore: number): string {
  const son = child.sex === 'M';
  switch (family.householderRole) {
    case 'grandfather':
      return son ? '孙子' : '孙女';
    case 'maternalGrandfather':
      return son ? '外孙子' : '外孙女';
    default: {
      if (family.children.length === 1) return son ? '子' : '女';
      const nth = son ? sonsBefore : daughtersBefore;
      return `${'长次三'[Math.min(nth, 2)]}${son ? '子' : '女'}`;
    }
  }
}

/**
 * 监护类型 and the guardian, from who is actually at home: both parents (父母监护), one
 * (单亲监护), a grandparent or other relative (委托监护), an institution for some orphans
 * (机构监护), or nobody (无人监护).
 */
function setGuardian(state: PopulationState, family: Family, names: Names, livesAlone: boolean, paternal: boolean): void {
  const { rng, plan } = state;
  const { father, mother } = family;
  const home = [father, mother].filter((p) => p.state === 'home');
  let guardian: Guardian | null;
  if (livesAlone) {
    family.guardianship = '无人监护';
    guardian = null;
  } else if (father.state === 'deceased' && mother.state === 'deceased' && rng.chance(0.3)) {
    family.guardianship = '机构监护';
    const phone = `023-${rng.int(6000, 6899)}${String(rng.int(0, 9999)).padStart(4, '0')}`;
    guardian = { name: plan.welfareHome.replace(plan.county.prefix, plan.county.name), person: null, relation: '机构', phone };
    family.currentAddress = plan.welfareHome;
  } else if (home.length === 2) {
    family.guardianship = '父母监护';
    const g = rng.chance(0.6) ? mother : father;
    guardian = { name: fullName(g.name), person: g.name, relation: g === mother ? '母亲' : '父亲', phone: mobile(rng) };
  } else if (home.length === 1) {
    family.guardianship = '单亲监护';
    guardian = { name: fullName(home[0].name), person: home[0].name, relation: home[0] === mother ? '母亲' : '父亲', phone: mobile(rng) };
  } else {
    family.guardianship = '委托监护';
    if (rng.chance(0.88)) {
      const sex: Sex = rng.chance(0.45) ? 'M' : 'F';
      const elder = names.elder(sex, paternal);
      guardian = { name: fullName(elder), person: elder, relation: `${paternal ? '' : '外'}${sex === 'M' ? '祖父' : '祖母'}`, phone: mobile(rng) };
    } else {
      const [relation, sex, side] = rng.pick<[string, Sex, boolean]>([['伯父', 'M', true], ['叔叔', 'M', true], ['姑姑', 'F', true], ['舅舅', 'M', false], ['姨妈', 'F', false]]);
      const relative = names.relative(sex, side);
      guardian = { name: fullName(relative), person: relative, relation, phone: mobile(rng) };
    }
  }
  family.guardian = guardian;
}

/**
 * Who heads the household in the register: usually the father; the grandfather when he
 * raises the children; the mother when the father is gone. Never a parent who left.
 */
function setHouseholder(rng: Rng, family: Family, names: Names, paternal: boolean): void {
  const { father, mother, guardian } = family;
  const canHead = (p: Adult): boolean => p.inHousehold && p.state !== 'absent' && p.state !== 'deceased';
  if (family.guardianship === '委托监护' && guardian?.relation === '祖父' && rng.chance(0.6)) {
    family.householderRole = 'grandfather';
    family.householder = guardian.name;
  } else if (canHead(father) && !(canHead(mother) && rng.chance(0.05)) && !rng.chance(0.08)) {
    family.householderRole = 'father';
    family.householder = fullName(father.name);
  } else if (canHead(mother)) {
    family.householderRole = 'mother';
    family.householder = fullName(mother.name);
  } else {
    family.householderRole = paternal ? 'grandfather' : 'maternalGrandfather';
    family.householder = fullName(names.elder('M', paternal));
  }
}

/**
 * The civil-affairs record key (记录编号). It carries the quarter the child was first entered
 * (up to three years back, never before birth) and stays with the child after that.
 */
function civilAffairsKey(state: PopulationState, child: Child): string {
  const quartersOld = Math.floor((state.today - child.birth) / 91.3);
  const back = state.rng.int(0, Math.max(0, Math.min(11, quartersOld)));
  const [y, q] = state.period.split('Q').map(Number);
  const index = y * 4 + (q - 1) - back;
  const serial = String(state.nextCivilAffairs++).padStart(6, '0');
  return `MZ-${Math.floor(index / 4)}Q${(index % 4) + 1}-${serial}`;
}

/**
 * One family living in `village`, with at most `maxChildren` children (the village's quota
 * left over). Consumes only `state.rng`, so the same seed gives the same people whatever
 * the noise level.
 */
export function makeFamily(state: PopulationState, village: Village, maxChildren: number): Family {
  const { rng, today, plan, ids } = state;
  const rural = !village.urban;
  const [style, ethnicity] = ETHNICITY.pick(rng);
  const wanted = Math.min(maxChildren, (rural ? CHILDREN_RURAL : CHILDREN_URBAN).pick(rng));
  const twins = wanted >= 2 && rng.chance(0.03);
  const births = siblingBirths(rng, wanted, today, twins);
  const namesake = style === 'han' && births.length === 1 ? makeNamesake(state, village) : null;
  if (namesake !== null) births[0] = namesake.birth;
  const eldest = births[0];
  const youngest = births[births.length - 1];

  // Parents born 1975–1998, mothers 18–45 at each birth, fathers a little older.
  const motherMin = Math.max(EARLIEST_PARENT, addYears(youngest, -45));
  const motherMax = Math.min(LATEST_PARENT, addYears(eldest, -18));
  const motherBirth = within(rng, addYears(eldest, -rng.int(20, 34)) - rng.int(0, 364), motherMin, motherMax);
  const fatherBirth = within(rng, motherBirth - rng.int(-700, 2500), EARLIEST_PARENT, Math.max(EARLIEST_PARENT, Math.min(LATEST_PARENT, addYears(eldest, -20))));

  const names = familyNames(rng, style);
  const fatherState = (rural ? FATHER_RURAL : FATHER_URBAN).pick(rng);
  const motherTable =
    fatherState === 'migrant' ? (rural ? MOTHER_IF_FATHER_MIGRANT_RURAL : MOTHER_IF_FATHER_MIGRANT_URBAN) : fatherState === 'home' ? MOTHER_IF_FATHER_HOME : MOTHER_IF_FATHER_GONE;
  let motherState = motherTable.pick(rng);
  if (fatherState === 'absent' && motherState === 'absent') motherState = 'home';
  const fatherWork = fatherState === 'migrant' ? WORK_PLACES.pick(rng) : null;
  const motherWork = motherState === 'migrant' ? (fatherWork && rng.chance(0.7) ? fatherWork : WORK_PLACES.pick(rng)) : null;

  const fatherRegion = birthRegion(rng, state, 0.85, style);
  const motherRegion = birthRegion(rng, state, 0.62, style);
  const father: Adult = {
    name: names.father,
    sex: 'M',
    birth: fatherBirth,
    id: ids.allocate(fatherRegion, fatherBirth, 'M'),
    state: fatherState,
    workPlace: fatherWork,
    inHousehold: fatherState !== 'absent' ? fatherRegion === plan.county.code || rng.chance(0.6) : rng.chance(0.3),
  };
  const mother: Adult = {
    name: names.mother,
    sex: 'F',
    birth: motherBirth,
    id: ids.allocate(motherRegion, motherBirth, 'F'),
    state: motherState,
    workPlace: motherWork,
    inHousehold: motherState !== 'absent' ? motherRegion === plan.county.code || rng.chance(0.6) : rng.chance(0.2),
  };

  // Registered elsewhere: families who moved in but kept their hukou (mostly in towns).
  let registeredElsewhere: OtherArea | null = null;
  if (rng.chance(rural ? 0.004 : 0.012)) {
    registeredElsewhere = rng.chance(0.03)
      ? rng.pick<OtherArea>([{ code: '810000', prefix: '香港特别行政区' }, { code: '820000', prefix: '澳门特别行政区' }, { code: '830000', prefix: '台湾省' }])
      : rng.chance(0.7) && plan.county.sameProvince.length > 0
        ? rng.pick(plan.county.sameProvince)
        : rng.pick(plan.county.elsewhere);
  }

  const householdNo = registeredElsewhere ? '' : nextHousehold(state, village);
  const group = rng.int(1, rural ? 12 : 30);
  const houseNo = rng.int(1, rural ? 80 : 120);
  const place = `${plan.county.prefix}${village.town.name}${village.name}`;
  const address = rural ? `${place}${group}组${houseNo}号` : `${place}${group}栋${houseNo}号`;
  const addressShort = rural ? `${place}${group}组` : `${place}${group}栋`;

  const bothDeceased = fatherState === 'deceased' && motherState === 'deceased';
  const anyTrouble = [fatherState, motherState].some((s) => s === 'deceased' || s === 'incapable' || s === 'missing');
  const lowIncome = rng.chance(anyTrouble ? 0.4 : rural ? 0.035 : 0.02);

  const family: Family = {
    id: `F${String(state.nextFamily++).padStart(7, '0')}`,
    village,
    address,
    addressShort,
    hukouPlace: registeredElsewhere ? registeredElsewhere.prefix : place,
    householdNo,
    householder: '',
    householderRole: 'father',
    father,
    mother,
    guardian: null,
    guardianship: '父母监护',
    lowIncome,
    income: '',
    registeredElsewhere,
    children: [],
    currentAddress: address,
  };

  // Children: facts of birth, identity and registration.
  const taken = new Set<string>([fullName(father.name), fullName(mother.name)]);
  const parentTrouble = [fatherState, motherState].some((s) => s === 'absent' || s === 'missing');
  for (let i = 0; i < births.length; i++) {
    const birth = births[i];
    const twinOf = i > 0 && births[i - 1] === birth ? family.children[i - 1] : null;
    const sex: Sex = namesake !== null ? namesake.sex : rng.chance(0.53) ? 'M' : 'F'; // the sex ratio at birth was ~112 in these years
    const name = namesake !== null ? namesake.name : names.child(sex, i + 1, taken, twinOf?.name ?? null);
    taken.add(fullName(name));
    const child: Child = {
      personId: `P${String(state.nextPerson++).padStart(7, '0')}`,
      family,
      order: i + 1,
      name,
      formerName: null,
      sex,
      birth,
      ethnicity,
      id: null,
      idType: '无',
      police: null,
      twinOf,
      leftBehind: false,
      difficulties: [],
      enrolment: null,
      schooling: '学龄前',
      civilAffairs: null,
    };
    if (twinOf) twinOf.twinOf = child;

    if (registeredElsewhere) {
      child.id = ids.allocate(registeredElsewhere.code, birth, sex);
      child.idType = /^8[123]/.test(registeredElsewhere.code) ? '港澳台居民居住证' : '居民身份证';
    } else {
      // 无户籍: some children are never registered (born outside the rules, no birth
      // certificate, a parent gone); newborns simply have not been registered yet.
      const age = ageOn(birth, today);
      // A namesake is the case where no ID number tells the two children apart.
      let unregistered = namesake !== null ? 1 : age <= 5 ? 0.03 : 0.022;
      if (i >= 2) unregistered *= 1.6;
      if (parentTrouble) unregistered *= 1.5;
      const registeredOn = rng.chance(0.92) ? birth + rng.int(7, 150) : birth + rng.int(365, 6 * 365);
      if (!rng.chance(unregistered) && registeredOn <= today) {
        child.id = ids.allocate(plan.county.code, birth, sex);
        child.idType = '居民身份证';
        // 迁出 / 死亡 within the last three years (not before registration).
        const r = rng.next();
        const changedOn = Math.max(today - rng.int(10, 1100), registeredOn + 30);
        const status = changedOn > today ? '正常' : r < 0.0004 ? '死亡' : r < 0.011 ? '迁出' : '正常';
        child.police = { status, registeredOn, changedOn: status === '正常' ? null : changedOn, relation: '' };
        if (age >= 2 && rng.chance(0.025)) {
          // 曾用名: renamed after registration (a new given name, or the mother's surname).
          child.formerName = name;
          const renamed = rng.chance(0.8) ? names.child(sex, i + 1, taken, null) : { ...name, surname: family.mother.name.surname };
          child.name = renamed.surname === name.surname && renamed.given === name.given ? names.child(sex, i + 1, taken, null) : renamed;
          taken.add(fullName(child.name));
        }
      }
    }
    family.children.push(child);
    if (style === 'han' && twinOf === null) rememberChild(state, { name: child.name, birth, sex, townCode: village.town.code });
  }

  // Left behind and difficulty, per child (age matters), then the family's guardianship.
  const leftBehindHome = isLeftBehindSituation(fatherState, motherState);
  const bothUnable = [fatherState, motherState].every((s) => s === 'deceased' || s === 'missing' || s === 'incapable');
  for (const child of family.children) {
    const age = ageOn(child.birth, today);
    child.leftBehind = leftBehindHome && age < 16 && child.police?.status !== '迁出' && child.police?.status !== '死亡' && !registeredElsewhere;
    const d: Difficulty[] = [];
    if (bothDeceased) d.push('孤儿');
    else if (bothUnable) d.push('事实无人抚养');
    if (rng.chance(0.0003)) d.push('艾滋病感染');
    if (rng.chance(0.006)) d.push('重残');
    if (rng.chance(0.005)) d.push('重病');
    if (lowIncome) d.push('家庭经济困难');
    child.difficulties = d;
  }

  // 001 §二(一)5: a few children under 16 live with nobody (older children, left behind).
  const eldestAge = ageOn(eldest, today);
  const livesAlone = leftBehindHome && eldestAge >= 10 && eldestAge < 16 && ageOn(youngest, today) >= 8 && rng.chance(0.014);
  const paternal = rng.chance(0.8);
  setGuardian(state, family, names, livesAlone, paternal);
  setHouseholder(rng, family, names, paternal);

  const migrant = fatherState === 'migrant' || motherState === 'migrant';
  family.income = bothDeceased
    ? '孤儿基本生活费'
    : lowIncome
      ? rng.pick(['低保金', '务农收入', '临时救助', '亲属资助'])
      : migrant
        ? '务工收入'
        : rng.pick(rural ? ['务农收入', '务工收入', '个体经营'] : ['务工收入', '个体经营', '工资收入']);

  let sons = 0;
  let daughters = 0;
  for (const child of family.children) {
    if (child.police) child.police.relation = relationToHouseholder(family, child, sons, daughters);
    if (child.sex === 'M') sons++;
    else daughters++;
    if (livesAlone || (child.leftBehind && rng.chance(0.03))) child.difficulties.push('监护缺失');
    schoolingFor(state, child);
    const gone = child.police?.status === '迁出' || child.police?.status === '死亡';
    if (!gone && (child.leftBehind || child.difficulties.length > 0)) {
      const categories: string[] = [];
      if (child.leftBehind) categories.push('留守儿童');
      if (child.difficulties.length > 0) categories.push('困境儿童');
      if (child.difficulties.includes('孤儿') && family.guardianship !== '机构监护') categories.push('散居孤儿');
      child.civilAffairs = { key: civilAffairsKey(state, child), categories, assistance: assistanceFor(child, rng), reporter: plan.reporters.get(village.code) ?? '' };
    }
  }
  return family;
}

// Homophone namesakes: two different children of one county whose names sound the same
// (吴子涵 / 吴梓涵), born a day apart in different towns, with no family in common, and one of
// them without an ID number. Nothing but the sound of a popular name and a near birth date links
// them: the case that must not be merged.
const NAMESAKE_SHARE = 0.008;
const RECENT_CHILDREN = 400;

function rememberChild(state: PopulationState, template: NamesakeTemplate): void {
  state.recentChildren.push(template);
  if (state.recentChildren.length > RECENT_CHILDREN) state.recentChildren.shift();
}

/** Now and then, the name, birth and sex of a namesake of a recent child from another town. */
function makeNamesake(state: PopulationState, village: Village): NamesakeTemplate | null {
  const { rng, today } = state;
  if (!rng.chance(NAMESAKE_SHARE)) return null;
  const others = state.recentChildren.filter((c) => c.townCode !== village.town.code);
  if (others.length === 0) return null;
  const template = rng.pick(others);
  const given = namesakeGiven(template.name.given, rng);
  if (given === null) return null;
  const birth = template.birth + (rng.chance(0.5) ? 1 : -1);
  if (birth > today) return null;
  return { name: { ...template.name, given }, birth, sex: template.sex, townCode: village.town.code };
}

/** 救助帮扶情况 that fits the child's situation. */
function assistanceFor(child: Child, rng: Rng): string[] {
  const out: string[] = [];
  const d = child.difficulties;
  if (child.family.lowIncome) out.push('低保');
  if (d.includes('孤儿')) out.push('孤儿基本生活费');
  if (d.includes('事实无人抚养')) out.push('事实无人抚养儿童基本生活补贴');
  if (d.includes('重残')) out.push('残疾儿童康复救助');
  if (d.includes('重病') || d.includes('艾滋病感染')) out.push('医疗救助');
  if (d.length > 0 && rng.chance(0.12)) out.push('临时救助');
  if (d.includes('事实无人抚养') && rng.chance(0.3)) out.push('特困');
  return out;
}
