import 'reflect-metadata';
import { idCheckDigit } from '../../../reconciliation/normalise/ids';
import { ACCESS } from '../../../src/auth/access';
import { Role } from '../../../src/auth/roles';
import type { GraphqlClient } from '../../support/server';
import { duplicateRegistrationIn } from '../../support/duplicate-registration';
import { idNumbersHeld, idNumbersIn } from '../../support/id-numbers';
import { twoCounties } from '../../support/two-counties';

/**
 * The leak test: each role that sees ID numbers masked reads every section of every file in its
 * area through the real server, every way the API offers (pages of children, each file, the
 * federation entry point, errors it can provoke), and none of its answers may hold a full ID
 * number of anyone the hub knows (children, parents, record keys), nor let one be rebuilt from a
 * single file's answers (the masked number with the birth date and sex beside it).
 */
const MASKED_ROLES = (Object.values(Role) as Role[]).filter((role) => ACCESS[role].sections.length > 0 && !ACCESS[role].fullIdNumbers);

const FILE_FIELDS = `id name sex birthDate idNumber areaCode verification
  flags { flag rule strength evidence }
  sourceRecords { ref source recordKey period }
  family { fatherName fatherIdNumber fatherMigrant motherName motherIdNumber motherMigrant householdNumber householderName }
  guardianship { guardianName guardianRelation guardianPhone guardianshipType }
  welfare { categories difficultyTypes incomeSource assistance }
  schooling { schoolName grade enrolmentStatus leftBehind }
  visits { kind visitedOn notes recordedBy }`;

describe('no full ID number reaches a masked role (through the real server)', () => {
  let f: Awaited<ReturnType<typeof twoCounties>>;
  /** Every ID number the hub holds, as stored (normalised): children's, parents', and the keys that embed one. */
  let secrets: Set<string>;
  /** A child holding two household registrations (一人多户). */
  let duplicate: string;

  beforeAll(async () => {
    f = await twoCounties({ childrenA: 200, childrenB: 30 });
    // A child of V1 with two household registrations: its flag's evidence quotes both ID numbers.
    duplicate = await duplicateRegistrationIn(f.db.pool, f.places.v1.area);
    secrets = await idNumbersHeld(f.db.pool);
    expect(secrets.size).toBeGreaterThan(300);
    // A visit whose notes quote a number, for the director's answers to carry one.
    const director = await f.server.as(Role.VILLAGE_DIRECTOR, f.areaOf(Role.VILLAGE_DIRECTOR));
    const anyId = [...secrets][0];
    const visit = await director('mutation($id: ID!, $n: String!) { recordVisit(input: { childId: $id, kind: CONTACT, visitedOn: "2024-03-20", notes: $n }) { id } }', {
      id: f.places.v1.childId,
      n: `father's ID ${anyId} checked`,
    });
    expect(visit.body.errors).toBeUndefined();
  });
  afterAll(() => f?.close());

  /** Everything a role can read of its area, each answer whole (data and errors). */
  async function readEverything(client: GraphqlClient, role: Role): Promise<{ texts: string[]; files: Record<string, any>[] }> {
    const texts: string[] = [];
    const files: Record<string, any>[] = [];
    const keep = (body: unknown) => texts.push(JSON.stringify(body));
    let after: string | null = null;
    const ids: string[] = [];
    do {
      const { body } = await client(`query($after: String) { children(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${FILE_FIELDS} } } } }`, { after });
      keep(body);
      const page = body.data!.children;
      ids.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const { body } = await client(`query($id: ID!) { child(id: $id) { ${FILE_FIELDS} } }`, { id });
      keep(body);
      files.push(body.data!.child);
    }
    keep((await client('query($r: [_Any!]!) { _entities(representations: $r) { ... on Child { idNumber family { fatherIdNumber } } } }', { r: ids.slice(0, 50).map((id) => ({ __typename: 'Child', id })) })).body);
    // Errors that quote what was asked for, or what was pushed.
    const someId = [...secrets][1];
    keep((await client(`{ children(filter: { search: "${someId}" }) { totalCount } }`)).body);
    keep((await client(`{ child(id: "${someId}") { id } }`)).body);
    if (role === Role.VILLAGE_DIRECTOR) {
      keep((await client(`mutation { recordVisit(input: { childId: "${someId}", kind: CONTACT, visitedOn: "2024-03-20", notes: "x" }) { id } }`)).body);
    }
    if (role === Role.EDUCATION) {
      // Its own rows pushed back with problems: the rejections quote raw rows and keys.
      const row = { 全国学籍号: `G${someId}`, 姓名: '测试童', 身份证号: someId, 行政区划代码: f.places.v1.area };
      keep((await client('mutation($rows: [JSONObject!]!) { importRecords(source: EDUCATION, period: "2024Q1", rows: $rows) { rejections { reason rawLine } } }', { rows: [row, row, { 身份证号: someId }] })).body);
    }
    if (ACCESS[role].flags.includes('DUPLICATE_REGISTRATION')) {
      // The possible duplicate registration is read, with both registrations' ID numbers in its evidence.
      const { body } = await client('query($id: ID!) { child(id: $id) { flags { flag evidence } } }', { id: duplicate });
      keep(body);
      const evidence = body.data!.child.flags.find((x: { flag: string }) => x.flag === 'DUPLICATE_REGISTRATION').evidence as string[];
      expect(evidence.filter((e) => /a registration with ID number/.test(e))).toHaveLength(2);
    }
    if (role === Role.TOWN_SUPERVISOR) {
      // The dashboard's counts: the findings and flag strengths are numbers, nothing else.
      keep((await client('{ dashboard { byFlag { key count } byFlagStrength { flag strength count } dataQuality { source noRecordFound invalidIdNumbers } areas { areaCode } } }')).body);
    }
    return { texts, files };
  }

  it.each(MASKED_ROLES)('%s: no full ID number in any answer, and none can be rebuilt from a file', async (role) => {
    const client = await f.server.as(role, f.areaOf(role));
    const { texts, files } = await readEverything(client, role);
    const all = texts.join('\n');

    expect(idNumbersIn(all, secrets)).toEqual([]);
    // A mask hides everything after the region: no masked number ends in visible characters.
    expect(all).not.toMatch(/\*[0-9Xx]/);

    for (const file of files) {
      if (typeof file.idNumber !== 'string') continue;
      expect(candidatesFor(file.idNumber, file.birthDate, file.sex)).toBeGreaterThanOrEqual(100);
    }
  });
});

/**
 * How many full ID numbers fit what one file shows: the masked number's visible characters, the
 * birth date in its place, the sex in the sequence's parity, and a valid check character.
 */
function candidatesFor(masked: string, birthDate: string | null, sex: string | null): number {
  // Without the birth date beside it, or for a 15-digit number, far more numbers fit.
  if (masked.length !== 18 || birthDate === null) return Infinity;
  const birth = birthDate.replace(/-/g, '');
  let count = 0;
  for (let seq = 0; seq < 1000; seq++) {
    const sequence = String(seq).padStart(3, '0');
    if (sex === 'M' && seq % 2 === 0) continue;
    if (sex === 'F' && seq % 2 === 1) continue;
    const first17 = `${masked.slice(0, 6)}${birth}${sequence}`;
    const full = first17 + idCheckDigit(first17);
    if ([...masked].every((c, i) => c === '*' || c === full[i])) count++;
  }
  return count;
}
