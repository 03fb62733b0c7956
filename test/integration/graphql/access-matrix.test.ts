import 'reflect-metadata';
import { ACCESS, rolesSeeing, type Section } from '../../../src/auth/access';
import { Role } from '../../../src/auth/roles';
import { openCases, HUB_ACTOR } from '../../../src/modules/cases/case-transitions';
import { CHILD_FLAGS } from '../../../src/modules/identity/flags';
import { signDevelopmentToken } from '../../../src/auth/tokens';
import { EventKind } from '../../../src/modules/events/event-kinds';
import { emitEvents } from '../../../src/modules/events/outbox';
import { duplicateRegistrationIn } from '../../support/duplicate-registration';
import { postGraphql, TEST_SECRET, type GraphqlBody, type GraphqlClient } from '../../support/server';
import { eventually } from '../../support/eventually';
import { connect, EVENT_FIELDS, eventsAfter, subscribe, type EventNode, type Subscriber } from '../../support/subscriptions';
import { COUNTY_A, COUNTY_B, newIdNumber, twoCounties, type Place } from '../../support/two-counties';

/**
 * Every role × every operation × area, through the real server: inside the role's area, outside
 * it, and with no token. An allowed case must succeed with data; a refused one must be refused
 * with no data. The table must name every operation the server answers (a test below fails when
 * one is added without its row), so the next operation cannot be exposed untested.
 */
type Fixture = Awaited<ReturnType<typeof twoCounties>>;
type Where = 'inside' | 'outside';

interface Operation {
  /** Roles that may run it at all; the others are refused with FORBIDDEN and no data. */
  roles: readonly Role[];
  /** Whether the operation has a target that can lie outside the viewer's area. */
  scoped: boolean;
  run(client: GraphqlClient, target: Target, role: Role): Promise<{ status: number; body: GraphqlBody }>;
  /** Allowed, inside: the answer holds the data asked for. */
  succeeded(body: GraphqlBody): boolean;
  /** Allowed role, outside its area: refused or empty, and nothing of the other area in it. */
  refusedOutside?(body: GraphqlBody): boolean;
}

interface Target {
  place: Place;
  /** A review item touching this place's county. */
  reviewItem: string;
}

/**
 * Child id → a case of each owning department on that child (education's DROPOUT_FOLLOW_UP,
 * police's REGISTRATION), opened for the matrix where no rule opened one.
 */
const CASES = new Map<string, { education: string; police: string }>();
/** The case a role works on: education's own, the police one for every other role. */
const caseFor = (role: Role, place: Place) => CASES.get(place.childId)![role === Role.EDUCATION ? 'education' : 'police'];

const READERS = rolesSeeing('identity');
const OWN_SOURCE: Partial<Record<Role, string>> = { [Role.CIVIL_AFFAIRS]: 'CIVIL_AFFAIRS', [Role.EDUCATION]: 'EDUCATION', [Role.POLICE]: 'POLICE' };

/** One pushed row of the role's own source, for a new invented child living in `area`. */
function pushedRow(role: Role, area: string): Record<string, string> {
  const id = newIdNumber(area.slice(0, 6));
  if (role === Role.POLICE) return { 公民身份号码: id, 姓名: '测试童', 性别: '男', 出生日期: '2015-06-01', 行政区划代码: area };
  if (role === Role.EDUCATION) return { 全国学籍号: `G${id}`, 姓名: '测试童', 性别: '男', 出生日期: '2015-06-01', 身份证号: id, 学籍状态: '在读', 行政区划代码: area };
  return { 记录编号: `MZ-TEST-${id.slice(-6)}`, 姓名: '测试童', 性别: '男', 出生日期: '2015-06-01', 身份证号: id, 行政区划代码: area };
}

/**
 * MANDATORY_REPORT cases for the report's steps, one new case per call, made through the API by
 * the roles that take the steps before `stage` in the place's county (a report by name: a case
 * with no child yet, so that each call opens its own).
 */
let reportFixture: Fixture | null = null;
const REPORT_STATUS = 'caseId stage status childId';
async function reportCaseIn(place: Place, stage: 'REPORTED' | 'RESPONDED' | 'ASSESSED'): Promise<string> {
  const county = place.area.slice(0, 6);
  const civil = await reportFixture!.server.as(Role.CIVIL_AFFAIRS, county, 'matrix-setup');
  const police = await reportFixture!.server.as(Role.POLICE, county, 'matrix-setup');
  const reported = await civil('mutation($input: ReportConcernInput!) { reportConcern(input: $input) { caseId } }', {
    input: { name: '测试童', birthDate: '2015-06-01', areaCode: place.area, concern: 'ALONE', observedOn: '2024-03-20', description: 'alone at home' },
  });
  const caseId: string = reported.body.data!.reportConcern.caseId;
  if (stage !== 'REPORTED') await police(`mutation($input: RecordReportResponseInput!) { recordReportResponse(input: $input) { caseId } }`, { input: reportResponse(caseId) });
  if (stage === 'ASSESSED') await civil(`mutation($input: RecordReportAssessmentInput!) { recordReportAssessment(input: $input) { caseId } }`, { input: { caseId, safety: 'safe', guardianship: 'grandmother', health: 'well' } });
  return caseId;
}
function reportResponse(caseId: string) {
  const now = new Date();
  return { caseId, respondedAt: now.toISOString(), emergencyMeasure: 'NONE', townNotifiedOn: new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10), note: 'attended; the grandmother was back' };
}
const noCase = (b: GraphqlBody) => (b.data ?? null) === null && /^no case/.test(b.errors?.[0]?.message ?? '');

/** A webhook of the place's county, one per call (a deleted one cannot be deleted again), made as if civil affairs had. */
async function webhookIn(place: Place): Promise<number> {
  const { rows } = await reportFixture!.db.pool.query(
    `INSERT INTO webhook (role, area_code, url, kinds, secret_sealed, last_event_id, created_by, created_at)
     VALUES ('EDUCATION', $1, 'http://127.0.0.1:9/hook', '{FLAG_RAISED}', 'v1.none', (SELECT coalesce(max(id), 0) FROM event), 'matrix-setup', now()) RETURNING id`,
    [place.area.slice(0, 6)],
  );
  return rows[0].id;
}
/** A dead delivery of a new webhook of the place's county: what retryWebhookDelivery sends again. */
async function deadDeliveryIn(place: Place): Promise<string> {
  const { rows } = await reportFixture!.db.pool.query(
    `INSERT INTO webhook_delivery (webhook_id, event_id, child_key, status, attempts, created_at) SELECT $1, max(id), '', 'DEAD', 5, now() FROM event RETURNING id::text`,
    [await webhookIn(place)],
  );
  return rows[0].id;
}
const noWebhook = (b: GraphqlBody) => (b.data ?? null) === null && b.errors?.[0]?.message === 'no webhook with this id in your area';
const LISTENERS = Object.values(Role).filter((r) => r !== Role.AUDITOR);

const OPERATIONS: Record<string, Operation> = {
  events: {
    roles: LISTENERS,
    scoped: true,
    run: (c, t) => c('query($area: String) { events(filter: {areaCode: $area}, first: 5) { edges { node { id kind areaCode } } } }', { area: t.place.area }),
    succeeded: (b) => Array.isArray(b.data?.events?.edges),
    refusedOutside: (b) => b.errors === undefined && b.data?.events?.edges.length === 0,
  },
  createWebhook: {
    roles: [Role.CIVIL_AFFAIRS],
    scoped: true,
    run: (c, t) =>
      c('mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id } } }', {
        input: { role: 'EDUCATION', areaCode: t.place.area.slice(0, 6), url: 'http://127.0.0.1:9/hook', kinds: ['FLAG_RAISED'] },
      }),
    succeeded: (b) => typeof b.data?.createWebhook?.secret === 'string',
    refusedOutside: (b) => (b.data?.createWebhook ?? null) === null && b.errors?.[0].extensions?.code === 'BAD_USER_INPUT',
  },
  webhookDeliveries: {
    roles: [Role.CIVIL_AFFAIRS],
    scoped: false,
    run: (c) => c('{ webhookDeliveries(first: 5) { nodes { id status } } }'),
    succeeded: (b) => Array.isArray(b.data?.webhookDeliveries?.nodes),
  },
  retryWebhookDelivery: {
    roles: [Role.CIVIL_AFFAIRS],
    scoped: true,
    run: async (c, t) => c('mutation($id: ID!) { retryWebhookDelivery(id: $id) }', { id: await deadDeliveryIn(t.place) }),
    succeeded: (b) => b.data?.retryWebhookDelivery === true,
    refusedOutside: (b) => (b.data ?? null) === null && b.errors?.[0]?.message === 'no dead delivery with this id in your area',
  },
  webhooks: {
    // The viewer's own area: there is no area to ask for (another county's are in webhook-admin.test.ts).
    roles: [Role.CIVIL_AFFAIRS],
    scoped: false,
    run: (c) => c('{ webhooks { id role areaCode host path kinds createdBy createdAt enabled pendingDeliveries deadDeliveries } }'),
    succeeded: (b) => (b.data?.webhooks?.length ?? 0) > 0 && b.data!.webhooks.every((w: { areaCode: string }) => w.areaCode.startsWith(COUNTY_A)),
  },
  disableWebhook: {
    roles: [Role.CIVIL_AFFAIRS],
    scoped: true,
    run: async (c, t) => c('mutation($id: Int!) { disableWebhook(id: $id) { id enabled } }', { id: await webhookIn(t.place) }),
    succeeded: (b) => b.data?.disableWebhook?.enabled === false,
    refusedOutside: noWebhook,
  },
  enableWebhook: {
    roles: [Role.CIVIL_AFFAIRS],
    scoped: true,
    run: async (c, t) => c('mutation($id: Int!) { enableWebhook(id: $id) { id enabled } }', { id: await webhookIn(t.place) }),
    succeeded: (b) => b.data?.enableWebhook?.enabled === true,
    refusedOutside: noWebhook,
  },
  deleteWebhook: {
    roles: [Role.CIVIL_AFFAIRS],
    scoped: true,
    run: async (c, t) => c('mutation($id: Int!) { deleteWebhook(id: $id) }', { id: await webhookIn(t.place) }),
    succeeded: (b) => b.data?.deleteWebhook === true,
    refusedOutside: noWebhook,
  },
  rotateWebhookSecret: {
    roles: [Role.CIVIL_AFFAIRS],
    scoped: true,
    run: async (c, t) => c('mutation($id: Int!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }', { id: await webhookIn(t.place) }),
    succeeded: (b) => /^whsec_/.test(b.data?.rotateWebhookSecret?.secret ?? ''),
    refusedOutside: noWebhook,
  },
  hubStatus: {
    roles: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR],
    scoped: false,
    run: (c) => c('{ hubStatus { identity { children } sources { source records } } }'),
    succeeded: (b) => b.data?.hubStatus?.identity.children > 0,
  },
  child: {
    roles: READERS,
    scoped: true,
    run: (c, t) => c('query($id: ID!) { child(id: $id) { id name } }', { id: t.place.childId }),
    succeeded: (b) => typeof b.data?.child?.id === 'string',
    refusedOutside: (b) => b.data?.child === null && b.errors === undefined,
  },
  children: {
    roles: READERS,
    scoped: true,
    run: (c, t) => c('query($area: String) { children(filter: { areaCode: $area }, first: 5) { totalCount edges { node { id } } } }', { area: t.place.area }),
    succeeded: (b) => (b.data?.children?.totalCount ?? 0) > 0 && b.data!.children.edges.length > 0,
    refusedOutside: (b) => b.data?.children?.totalCount === 0 && b.data.children.edges.length === 0,
  },
  auditLog: {
    roles: [Role.AUDITOR],
    scoped: true,
    run: (c, t) => c('query($id: String) { auditLog(filter: { childId: $id }, first: 5) { totalCount edges { node { childId } } } }', { id: t.place.childId }),
    succeeded: (b) => b.data?.auditLog?.totalCount > 0,
    refusedOutside: (b) => b.data?.auditLog?.totalCount === 0 && b.data.auditLog.edges.length === 0,
  },
  reviewQueue: {
    // Its scope (the viewer's county) is tested on its own below, with a pair spanning two counties.
    roles: [Role.CIVIL_AFFAIRS],
    scoped: false,
    // Both records of each pair, each comparison and why it waits: for civil affairs only, which
    // reads full ID numbers (the record keys are ID numbers).
    run: (c) =>
      c(`{ reviewQueue(first: 100) { open items { id heldBy comparisons { comparison level weight }
          left { ref source recordKey name birthDate sex idNumber areaCode fatherName fatherIdNumber motherName motherIdNumber guardianName guardianRelation guardianPhone }
          right { ref source recordKey name idNumber } } } }`),
    succeeded: (b) =>
      (b.data?.reviewQueue?.open ?? 0) > 0 &&
      b.data!.reviewQueue.items.length > 0 &&
      b.data!.reviewQueue.items.every((i: { left: { recordKey: string | null }; right: { recordKey: string | null }; comparisons: unknown[] }) => i.left.recordKey !== null && i.right.recordKey !== null && i.comparisons.length > 0),
  },
  dashboard: {
    roles: [Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR],
    scoped: true,
    run: (c, t, role) =>
      c('query($area: String) { dashboard(areaCode: $area) { children reviewBacklog byFlagStrength { flag strength count } dataQuality { source noRecordFound } } }', {
        area: role === Role.CIVIL_AFFAIRS ? t.place.area.slice(0, 6) : t.place.area.slice(0, 9),
      }),
    succeeded: (b) => b.data?.dashboard?.children > 0,
    refusedOutside: (b) => (b.data?.dashboard ?? null) === null && b.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT',
  },
  decideReview: {
    roles: [Role.CIVIL_AFFAIRS],
    scoped: true,
    run: (c, t) => c('mutation($id: ID!) { decideReview(input: { id: $id, decision: NO_MATCH, reason: "checked the two records" }) { id } }', { id: t.reviewItem }),
    succeeded: (b) => typeof b.data?.decideReview?.id === 'string',
    refusedOutside: (b) => (b.data ?? null) === null && /^no review item/.test(b.errors?.[0]?.message ?? ''),
  },
  recordVisit: {
    roles: [Role.VILLAGE_DIRECTOR],
    scoped: true,
    run: (c, t) => c('mutation($id: ID!) { recordVisit(input: { childId: $id, kind: CONTACT, visitedOn: "2024-03-20", notes: "called the grandmother" }) { id } }', { id: t.place.childId }),
    succeeded: (b) => typeof b.data?.recordVisit?.id === 'string',
    refusedOutside: (b) => (b.data ?? null) === null && /^no child/.test(b.errors?.[0]?.message ?? ''),
  },
  importRecords: {
    roles: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE],
    scoped: true,
    run: (c, t, role) =>
      c('mutation($source: Source!, $rows: [JSONObject!]!) { importRecords(source: $source, period: "2024Q1", rows: $rows) { read new rejected rejections { reason } } }', {
        source: OWN_SOURCE[role] ?? 'POLICE',
        rows: [pushedRow(role, t.place.area)],
      }),
    succeeded: (b) => b.errors === undefined && b.data?.importRecords?.read === 1 && b.data.importRecords.new === 1,
    refusedOutside: (b) => b.data?.importRecords?.new === 0 && b.data.importRecords.rejected === 1 && /outside your area/.test(b.data.importRecords.rejections[0].reason),
  },
  changes: {
    // The fixture holds one period: a period compared with itself has no change, and says so per kind.
    roles: READERS,
    scoped: true,
    run: (c, t) => c('query($area: String) { changes(areaCode: $area, from: "2024Q1", to: "2024Q1") { totalCount totals { kind count } edges { node { childId } } } }', { area: t.place.area }),
    succeeded: (b) => b.errors === undefined && (b.data?.changes?.totals?.length ?? 0) > 0 && b.data!.changes.totalCount === 0,
    refusedOutside: (b) => b.data?.changes?.totalCount === 0 && b.data.changes.edges.length === 0,
  },
  reportConcern: {
    roles: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR],
    scoped: true,
    run: (c, t) => c('mutation($id: ID!) { reportConcern(input: { childId: $id, concern: ALONE, observedOn: "2024-03-20", description: "alone at home" }) { id caseId stage } }', { id: t.place.childId }),
    succeeded: (b) => typeof b.data?.reportConcern?.caseId === 'string',
    refusedOutside: (b) => (b.data ?? null) === null && /^no child/.test(b.errors?.[0]?.message ?? ''),
  },
  myReports: {
    roles: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR],
    scoped: false,
    run: (c) => c('{ myReports(first: 5) { totalCount edges { node { id stage } } } }'),
    succeeded: (b) => Array.isArray(b.data?.myReports?.edges),
  },
  concernReports: {
    roles: [Role.CIVIL_AFFAIRS, Role.POLICE, Role.TOWN_SUPERVISOR],
    scoped: true,
    run: async (c, t) => c('query($id: ID!) { concernReports(caseId: $id) { id description candidates { childId } } }', { id: await reportCaseIn(t.place, 'REPORTED') }),
    succeeded: (b) => b.data?.concernReports?.length === 1,
    refusedOutside: (b) => b.errors === undefined && b.data?.concernReports?.length === 0,
  },
  attachReportChild: {
    roles: [Role.CIVIL_AFFAIRS, Role.POLICE],
    scoped: true,
    run: async (c, t) => c(`mutation($input: AttachReportChildInput!) { attachReportChild(input: $input) { ${REPORT_STATUS} } }`, { input: { caseId: await reportCaseIn(t.place, 'REPORTED'), childId: t.place.childId } }),
    succeeded: (b) => typeof b.data?.attachReportChild?.childId === 'string',
    refusedOutside: noCase,
  },
  recordReportResponse: {
    roles: [Role.POLICE],
    scoped: true,
    run: async (c, t) => c(`mutation($input: RecordReportResponseInput!) { recordReportResponse(input: $input) { ${REPORT_STATUS} } }`, { input: reportResponse(await reportCaseIn(t.place, 'REPORTED')) }),
    succeeded: (b) => b.data?.recordReportResponse?.stage === 'RESPONDED',
    refusedOutside: noCase,
  },
  recordReportAssessment: {
    roles: [Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR],
    scoped: true,
    run: async (c, t) =>
      c(`mutation($input: RecordReportAssessmentInput!) { recordReportAssessment(input: $input) { ${REPORT_STATUS} } }`, {
        input: { caseId: await reportCaseIn(t.place, 'RESPONDED'), safety: 'safe', guardianship: 'grandmother', health: 'well' },
      }),
    succeeded: (b) => b.data?.recordReportAssessment?.stage === 'ASSESSED',
    refusedOutside: noCase,
  },
  recordReportSupport: {
    roles: [Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR],
    scoped: true,
    run: async (c, t) =>
      c(`mutation($input: RecordReportSupportInput!) { recordReportSupport(input: $input) { ${REPORT_STATUS} } }`, {
        input: { caseId: await reportCaseIn(t.place, 'ASSESSED'), measures: ['GUARDIANSHIP_GUIDANCE'], note: 'the town supervisor visits monthly' },
      }),
    succeeded: (b) => b.data?.recordReportSupport?.stage === 'SUPPORT_ARRANGED',
    refusedOutside: noCase,
  },
  closeReport: {
    roles: [Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR],
    scoped: true,
    run: async (c, t) =>
      c(`mutation($input: CloseReportInput!) { closeReport(input: $input) { ${REPORT_STATUS} } }`, { input: { caseId: await reportCaseIn(t.place, 'ASSESSED'), outcome: 'NO_CONCERN_FOUND', note: 'the grandmother was back' } }),
    succeeded: (b) => b.data?.closeReport?.status === 'CLOSED',
    refusedOutside: noCase,
  },
  cases: {
    // Every role reads cases: education and police the kinds they own, the others all (CASE_ACCESS).
    roles: Object.values(Role),
    scoped: true,
    run: (c, t) => c('query($area: String) { cases(filter: { areaCode: $area }, first: 5) { totalCount edges { node { id childId } } } }', { area: t.place.area }),
    succeeded: (b) => (b.data?.cases?.totalCount ?? 0) > 0 && b.data!.cases.edges.length > 0,
    refusedOutside: (b) => b.data?.cases?.totalCount === 0 && b.data.cases.edges.length === 0,
  },
  case: {
    roles: Object.values(Role),
    scoped: true,
    run: (c, t, role) => c('query($id: ID!) { case(id: $id) { id kind childId events { action } } }', { id: caseFor(role, t.place) }),
    succeeded: (b) => typeof b.data?.case?.id === 'string',
    refusedOutside: (b) => b.data?.case === null && b.errors === undefined,
  },
  updateCase: {
    // A note: the owner, civil affairs, supervisors and directors (the auditor only reads).
    roles: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR],
    scoped: true,
    run: (c, t, role) => c('mutation($id: ID!) { updateCase(input: { id: $id, action: NOTE, note: "called the family" }) { id } }', { id: caseFor(role, t.place) }),
    succeeded: (b) => typeof b.data?.updateCase?.id === 'string',
    refusedOutside: (b) => (b.data ?? null) === null && /^no case/.test(b.errors?.[0]?.message ?? ''),
  },
  recordMissingParent: {
    roles: [Role.POLICE],
    scoped: true,
    run: (c, t) => c('mutation($id: ID!) { recordMissingParent(childId: $id, parent: FATHER, reportedOn: "2024-03-01") { id } }', { id: t.place.childId }),
    succeeded: (b) => typeof b.data?.recordMissingParent?.id === 'string',
    refusedOutside: (b) => (b.data ?? null) === null && /^no child/.test(b.errors?.[0]?.message ?? ''),
  },
  visitsDue: {
    roles: [Role.VILLAGE_DIRECTOR, Role.TOWN_SUPERVISOR],
    scoped: true,
    run: (c, t, role) => c('query($area: String) { visitsDue(areaCode: $area, first: 5) { totalCount edges { node { childId } } } }', { area: role === Role.TOWN_SUPERVISOR ? t.place.area.slice(0, 9) : t.place.area }),
    succeeded: (b) => b.errors === undefined && typeof b.data?.visitsDue?.totalCount === 'number',
    refusedOutside: (b) => (b.data ?? null) === null && b.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT',
  },
  _entities: {
    roles: READERS,
    scoped: true,
    run: (c, t) => c('query($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id } } }', { r: [{ __typename: 'Child', id: t.place.childId }] }),
    succeeded: (b) => typeof b.data?._entities?.[0]?.id === 'string',
    refusedOutside: (b) => b.data?._entities?.[0] === null,
  },
  _service: {
    // The SDL, as introspection is: any authenticated viewer outside production, nobody in it
    // (hardening.test.ts runs a production server).
    roles: Object.values(Role),
    scoped: false,
    run: (c) => c('{ _service { sdl } }'),
    succeeded: (b) => typeof b.data?._service?.sdl === 'string',
  },
};

interface SubscriptionOperation {
  /** Roles that may subscribe; the others' sockets are closed (4403) before anything is told. */
  roles: readonly Role[];
  /** Subscribes on a socket of its own, with `variables` (`areaCode`, `after`). */
  subscribe(endpoint: string, params: Record<string, unknown> | undefined, variables: Record<string, unknown>): Subscriber;
  /** What the same question over HTTP answers the same viewer from the start: what the subscription must tell. */
  sameRulesOverHttp(client: GraphqlClient, filter: Record<string, unknown>): Promise<EventNode[]>;
}

/** Every Subscription field, by name: a test below fails when one is added without its row. */
const SUBSCRIPTIONS: Record<string, SubscriptionOperation> = {
  eventAdded: {
    roles: LISTENERS,
    subscribe: (endpoint, params, variables) =>
      subscribe(endpoint, undefined, variables, `subscription($areaCode: String, $after: ID) { eventAdded(areaCode: $areaCode, after: $after) { ${EVENT_FIELDS} } }`, connect(endpoint, params)),
    sameRulesOverHttp: (client, filter) => eventsAfter(client, '0', filter),
  },
};

describe('role × operation × area (through the real server)', () => {
  let f: Fixture;
  const items: Record<'a' | 'b', string[]> = { a: [], b: [] };

  beforeAll(async () => {
    f = await twoCounties();
    reportFixture = f;
    // A webhook in each county, for the list to show and for county B's to stay untouched.
    await webhookIn(f.places.v1);
    await webhookIn(f.places.b);
    // Reads for the auditors to find: a file of V1 read in county A, a file of county B read in B.
    await (await f.server.as(Role.CIVIL_AFFAIRS, f.areaOf(Role.CIVIL_AFFAIRS)))('query($id: ID!) { child(id: $id) { id } }', { id: f.places.v1.childId });
    await (await f.server.as(Role.CIVIL_AFFAIRS, COUNTY_B))('query($id: ID!) { child(id: $id) { id } }', { id: f.places.b.childId });
    // Open review items of each county, one for each decision the matrix makes.
    const { rows } = await f.db.pool.query(`SELECT id::text, county_code FROM review_item WHERE status = 'OPEN' ORDER BY id`);
    for (const row of rows) (row.county_code === COUNTY_B ? items.b : items.a).push(row.id);
    // A case of each owning department on every place's child (a rule may have opened it already).
    const client = await f.db.pool.connect();
    try {
      for (const place of [f.places.v1, f.places.v2, f.places.t2, f.places.b]) {
        const { rows: found } = await client.query(`SELECT county_code, area_code FROM child WHERE id = $1`, [place.childId]);
        const base = { childId: place.childId, countyCode: found[0].county_code, areaCode: found[0].area_code, openedBy: 'PERSON' as const, actor: HUB_ACTOR, refersTo: null, flagHeld: false, details: {}, note: 'for the access matrix' };
        await openCases(client, [{ ...base, kind: 'DROPOUT_FOLLOW_UP' }, { ...base, kind: 'REGISTRATION' }], new Date());
        const active = async (kind: string) =>
          (await client.query(`SELECT id::text FROM "case" WHERE child_id = $1 AND kind = $2 AND status IN ('OPEN', 'IN_PROGRESS')`, [place.childId, kind])).rows[0].id as string;
        CASES.set(place.childId, { education: await active('DROPOUT_FOLLOW_UP'), police: await active('REGISTRATION') });
      }
    } finally {
      client.release();
    }
  });
  afterAll(() => f?.close());

  let mutations: Set<string> | undefined;
  const mutationNames = async (): Promise<Set<string>> => {
    if (mutations === undefined) {
      const { body } = await f.server.graphql('{ __schema { mutationType { fields { name } } } }');
      mutations = new Set((body.data!.__schema.mutationType.fields as { name: string }[]).map((field) => field.name));
    }
    return mutations;
  };

  it('has open review items in both counties to decide', () => {
    expect(items.a.length).toBeGreaterThanOrEqual(1);
    expect(items.b.length).toBeGreaterThanOrEqual(1);
  });

  it('covers every operation the server answers: queries, mutations and subscriptions', async () => {
    const { body } = await f.server.graphql('{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }');
    const named = (type: { fields: { name: string }[] } | null) => (type?.fields ?? []).map((field) => field.name);
    const served = [...named(body.data!.__schema.queryType), ...named(body.data!.__schema.mutationType)].sort();
    expect(served).toEqual(Object.keys(OPERATIONS).sort());
    expect(named(body.data!.__schema.subscriptionType).sort()).toEqual(Object.keys(SUBSCRIPTIONS).sort());
  });

  const cases = Object.entries(OPERATIONS).flatMap(([name, op]) =>
    Object.values(Role).flatMap((role) =>
      (['inside', 'outside'] as Where[]).filter((where) => where === 'inside' || (op.scoped && op.roles.includes(role))).map((where) => ({ name, role, where, allowed: op.roles.includes(role) })),
    ),
  );

  it.each(cases)('$name as $role, $where: allowed = $allowed', async ({ name, role, where, allowed }) => {
    const op = OPERATIONS[name];
    const client = await f.server.as(role, f.areaOf(role));
    const place = where === 'inside' ? f.places.v1 : f.outsideOf(role);
    const reviewItem = where === 'inside' ? items.a[0] : items.b[0];
    const { status, body } = await op.run(client, { place, reviewItem }, role);
    if (!allowed) {
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(body.data?.[name] ?? null).toBeNull();
      // A mutation is refused as an action that is not the role's, a query as what it may not see.
      const refusal = (await mutationNames()).has(name) ? `Access denied: your role may not run ${name}` : `Access denied: your role may not see ${name}`;
      expect(body.errors?.[0]?.message).toBe(refusal);
      return;
    }
    expect(status).toBe(200);
    if (where === 'inside') {
      expect(body.errors).toBeUndefined();
      expect(op.succeeded(body)).toBe(true);
    } else {
      expect(op.refusedOutside!(body)).toBe(true);
      // Nothing of the other area comes back. Where the answer repeats the id that was asked
      // for, it is the very answer a child that does not exist gets: the two cannot be told apart.
      const text = JSON.stringify(body);
      if (text.includes(place.childId)) {
        const nobody = await op.run(client, { place: { ...place, childId: 'C0000000000000000' }, reviewItem }, role);
        expect(text.replaceAll(place.childId, 'C0000000000000000')).toBe(JSON.stringify(nobody.body));
      }
    }
  });

  it.each(Object.keys(OPERATIONS))('%s without a token: HTTP 401, no data', async (name) => {
    const op = OPERATIONS[name];
    const anonymous: GraphqlClient = (query, variables) => postGraphql(f.server.endpoint, query, variables);
    const { status, body } = await op.run(anonymous, { place: f.places.v1, reviewItem: '1' }, Role.CIVIL_AFFAIRS);
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  /**
   * Every Subscription field × every role, over graphql-ws on the real server. Allowed, inside: it
   * tells exactly what the HTTP question with the same rules answers, all of it inside the token's
   * area. Allowed, outside (the narrowest area outside the role's, and another county): refused,
   * and a subscription to its own area is told nothing of either, in replay or live. Refused
   * role: the socket closes, nothing told. No, a bad or an expired token: closed with 4401.
   */
  type SubscriptionWhere = 'inside' | 'outside' | 'other county';
  const subscriptionCases = Object.entries(SUBSCRIPTIONS).flatMap(([name, sub]) =>
    Object.values(Role).flatMap((role) =>
      (['inside', 'outside', 'other county'] as SubscriptionWhere[]).filter((where) => where === 'inside' || sub.roles.includes(role)).map((where) => ({ name, role, where, allowed: sub.roles.includes(role) })),
    ),
  );
  const sockets: Subscriber['client'][] = [];
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((c) => c.dispose()));
  });
  const tokenParams = async (role: Role, area: string, expiresIn = '1h') => ({ authorization: `Bearer ${await signDevelopmentToken(TEST_SECRET, { sub: `${role.toLowerCase()}-subscriber`, role, area }, expiresIn)}` });
  const opened = (s: Subscriber) => {
    sockets.push(s.client);
    return s;
  };
  const areaOfEvent = (e: EventNode) => e.areaCode ?? e.countyCode ?? '';

  it.each(subscriptionCases)('subscription $name as $role, $where: allowed = $allowed', async ({ name, role, where, allowed }) => {
    const sub = SUBSCRIPTIONS[name];
    const tokenArea = f.areaOf(role);
    const params = await tokenParams(role, tokenArea);
    if (!allowed) {
      const refused = opened(sub.subscribe(f.server.endpoint, params, { areaCode: f.places.v1.area, after: '0' }));
      expect((await refused.closed).code).toBe(4403);
      expect(refused.events).toEqual([]);
      return;
    }
    const http = await f.server.as(role, tokenArea, `${role.toLowerCase()}-subscriber`);
    if (where === 'inside') {
      const area = f.places.v1.area;
      const expected = await sub.sameRulesOverHttp(http, { areaCode: area });
      expect(expected.length).toBeGreaterThan(0);
      const told = opened(sub.subscribe(f.server.endpoint, params, { areaCode: area, after: '0' }));
      await eventually(() => (told.events.length >= expected.length ? true : null));
      expect(told.refusals).toEqual([]);
      expect(told.events.slice(0, expected.length)).toEqual(expected);
      for (const e of told.events) expect(areaOfEvent(e).startsWith(area)).toBe(true);
      return;
    }
    const outside = where === 'outside' ? f.outsideOf(role) : f.places.b;
    // Asked for the area outside: refused, nothing told.
    const refused = opened(sub.subscribe(f.server.endpoint, params, { areaCode: outside.area, after: '0' }));
    // Refused at once; a subscription wrongly let through would never end: it is judged after 3 s.
    await Promise.race([refused.failure, new Promise((resolve) => setTimeout(resolve, 3000))]);
    expect(refused.refusals.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(refused.events).toEqual([]);
    // Its own area, from the start of the outbox: everything it is told lies in the token's area.
    const start = (await f.db.pool.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`)).rows[0].id as string;
    const expected = await sub.sameRulesOverHttp(http, {});
    const own = opened(sub.subscribe(f.server.endpoint, params, { after: '0' }));
    await eventually(() => (own.events.length >= expected.length ? true : null));
    expect(own.events.slice(0, expected.length)).toEqual(expected);
    // And live: events of the outside place and of the other county, then one inside; the inside
    // one is told, those before it (smaller ids, told first were they told at all) are not.
    const flag = ACCESS[role].flags[0];
    const client = await f.db.pool.connect();
    try {
      await client.query('BEGIN');
      await emitEvents(client, [
        { kind: EventKind.FLAG_RAISED, childId: outside.childId, flag, areaCode: outside.area },
        { kind: EventKind.FLAG_RAISED, childId: f.places.b.childId, flag, areaCode: f.places.b.area },
        { kind: EventKind.FLAG_RAISED, childId: f.places.v1.childId, flag, areaCode: f.places.v1.area },
      ]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const live = await eventually(() => own.events.find((e) => BigInt(e.id) > BigInt(start) && e.childId === f.places.v1.childId) ?? null);
    expect(live.areaCode).toBe(f.places.v1.area);
    for (const e of own.events) expect(areaOfEvent(e).startsWith(tokenArea)).toBe(true);
    expect(own.events.some((e) => e.childId === outside.childId || e.childId === f.places.b.childId)).toBe(false);
  });

  it.each(Object.keys(SUBSCRIPTIONS))('subscription %s with no token, a bad one or an expired one: closed with 4401, nothing told', async (name) => {
    const sub = SUBSCRIPTIONS[name];
    const tokens: [Record<string, unknown> | undefined, RegExp][] = [
      [undefined, /^no token/],
      [{ authorization: 'Bearer not-a-token' }, /token is not valid/],
      [{ authorization: `Bearer ${await signDevelopmentToken('another-secret-of-at-least-32-characters', { sub: 's', role: Role.CIVIL_AFFAIRS, area: COUNTY_A })}` }, /signature/],
      [await tokenParams(Role.CIVIL_AFFAIRS, COUNTY_A, '-10s'), /expired/],
    ];
    for (const [params, reason] of tokens) {
      const refused = opened(sub.subscribe(f.server.endpoint, params, { areaCode: f.places.v1.area, after: '0' }));
      const closed = await refused.closed;
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(reason);
      expect(refused.events).toEqual([]);
    }
  });

  it('shows a review pair to each county it touches, and a town its own pairs only', async () => {
    // A pair spanning the two counties: a record exported by county B beside a child of county A
    // (such pairs arise where a child lives with relatives across a county line).
    const { rows: records } = await f.db.pool.query(
      `SELECT (SELECT r.id FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id WHERE cr.child_id = $1 ORDER BY r.id LIMIT 1) AS a,
              (SELECT r.id FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id WHERE cr.child_id = $2 ORDER BY r.id LIMIT 1) AS b`,
      [f.places.v2.childId, f.places.b.childId],
    );
    const { rows: made } = await f.db.pool.query(
      `INSERT INTO review_item (run_id, left_record_id, right_record_id, left_child_id, right_child_id, match_weight, reason, explanation, county_code, status, created_at)
       SELECT max(id), $1, $2, $3, $4, 5.5, 'grey-zone', '[]', $5, 'OPEN', now() FROM reconcile_run RETURNING id::text`,
      [records[0].a, records[0].b, f.places.v2.childId, f.places.b.childId, COUNTY_B],
    );
    const spanning = made[0].id;
    const queueOf = async (county: string) => {
      const { body } = await (await f.server.as(Role.CIVIL_AFFAIRS, county))('{ reviewQueue(first: 100) { open items { id } } }');
      return body.data!.reviewQueue.items.map((i: { id: string }) => i.id) as string[];
    };
    const [queueA, queueB] = [await queueOf(f.areaOf(Role.CIVIL_AFFAIRS)), await queueOf(COUNTY_B)];
    expect(queueA).toContain(spanning);
    expect(queueB).toContain(spanning);
    expect(queueA.filter((id) => items.b.includes(id))).toEqual([]);
    expect(queueB.filter((id) => items.a.includes(id))).toEqual([]);
    // A town's backlog counts the pairs of its own children: T1 holds V2's child, T2 does not.
    const backlog = async (town: string) => {
      const { body } = await (await f.server.as(Role.TOWN_SUPERVISOR, town))('{ dashboard { reviewBacklog } }');
      return body.data!.dashboard.reviewBacklog as number;
    };
    const inT1 = await backlog(f.places.t1);
    const { rows: expected } = await f.db.pool.query(
      `SELECT count(*)::int AS n FROM review_item i JOIN child l ON l.id = i.left_child_id JOIN child r ON r.id = i.right_child_id
       WHERE i.status = 'OPEN' AND (l.area_code LIKE $1 || '%' OR r.area_code LIKE $1 || '%')`,
      [f.places.t1],
    );
    expect(inT1).toBe(expected[0].n);
    expect(inT1).toBeGreaterThanOrEqual(1);
    const { body: county } = await (await f.server.as(Role.CIVIL_AFFAIRS, f.areaOf(Role.CIVIL_AFFAIRS)))('{ dashboard { reviewBacklog } }');
    expect(county.data!.dashboard.reviewBacklog).toBe(queueA.length);
    expect(await backlog(f.places.t2.area.slice(0, 9))).toBeLessThan(county.data!.dashboard.reviewBacklog);
  });

  it('counts hub status inside the viewer’s area, for the departments its role sees', async () => {
    const status = async (role: Role, area: string) =>
      (await (await f.server.as(role, area))('{ hubStatus { identity { children openReviews } sources { source records } } }')).body.data!.hubStatus;
    const children = async (prefix: string) => (await f.db.pool.query(`SELECT count(*)::int AS n FROM child WHERE area_code LIKE $1 || '%'`, [prefix])).rows[0].n;
    const a = await status(Role.CIVIL_AFFAIRS, f.areaOf(Role.CIVIL_AFFAIRS));
    const b = await status(Role.CIVIL_AFFAIRS, COUNTY_B);
    expect(a.identity.children).toBe(await children(f.areaOf(Role.CIVIL_AFFAIRS)));
    expect(b.identity.children).toBe(await children(COUNTY_B));
    expect((await status(Role.VILLAGE_DIRECTOR, f.places.v1.area)).identity.children).toBe(await children(f.places.v1.area));
    expect((await status(Role.TOWN_SUPERVISOR, f.places.t1)).identity.children).toBe(await children(f.places.t1));
    expect((await status(Role.EDUCATION, f.areaOf(Role.EDUCATION))).sources.map((s: { source: string }) => s.source)).toEqual(['EDUCATION']);
    expect((await status(Role.POLICE, f.places.t1)).sources.map((s: { source: string }) => s.source)).toEqual(['POLICE']);
    const { rows } = await f.db.pool.query(`SELECT count(*)::int AS n FROM source_record WHERE source = 'police' AND area_code LIKE $1 || '%'`, [f.places.t1]);
    expect((await status(Role.POLICE, f.places.t1)).sources[0].records).toBe(rows[0].n);
  });

  it('nothing was written outside an area: no pushed row landed there, no visit, no decision', async () => {
    // The pushed rows are the invented children named 测试童: one landed inside for each role
    // allowed to push, none outside.
    const { rows: pushed } = await f.db.pool.query(
      `SELECT v.normalised->>'areaCode' AS area FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id WHERE v.normalised->>'name' = '测试童'`,
    );
    expect(pushed.map((p) => p.area)).toEqual(OPERATIONS.importRecords.roles.map(() => f.places.v1.area));
    const { rows: visits } = await f.db.pool.query('SELECT child_id FROM visit');
    expect(visits.map((v) => v.child_id)).toEqual([f.places.v1.childId]);
    const { rows: decided } = await f.db.pool.query(`SELECT id::text FROM review_item WHERE status <> 'OPEN'`);
    expect(decided.map((d) => d.id)).toEqual([items.a[0]]);
    // County B's webhooks: none turned off, deleted or given a new secret, no dead delivery sent again.
    const { rows: hooksB } = await f.db.pool.query(`SELECT enabled, deleted_at, secret_sealed FROM webhook WHERE area_code LIKE $1 || '%'`, [COUNTY_B]);
    expect(hooksB.length).toBeGreaterThan(1);
    for (const hook of hooksB) expect(hook).toEqual({ enabled: true, deleted_at: null, secret_sealed: 'v1.none' });
    const { rows: deadB } = await f.db.pool.query(`SELECT d.status FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE w.area_code LIKE $1 || '%'`, [COUNTY_B]);
    expect(deadB.length).toBeGreaterThan(0);
    expect(deadB.every((d) => d.status === 'DEAD')).toBe(true);
  });
});

/**
 * Every field of a child's file × every role: a field of a section the role may not see is null
 * with FORBIDDEN (and the rest of the file still answers). The table must name every field of
 * Child, so a field added tomorrow fails here until its section is decided.
 */
const CHILD_FIELDS: Record<string, { section: Section; selection?: string }> = {
  id: { section: 'identity' },
  name: { section: 'identity' },
  sex: { section: 'identity' },
  birthDate: { section: 'identity' },
  idNumber: { section: 'identity' },
  areaCode: { section: 'identity' },
  verification: { section: 'identity' },
  flags: { section: 'identity', selection: '{ flag rule strength evidence }' },
  sourceRecords: { section: 'identity', selection: '{ ref source recordKey period }' },
  family: { section: 'family', selection: '{ fatherName fatherIdNumber fatherMigrant motherName motherIdNumber motherMigrant householdNumber householderName }' },
  guardianship: { section: 'guardianship', selection: '{ guardianName guardianRelation guardianPhone guardianshipType }' },
  welfare: { section: 'welfare', selection: '{ categories difficultyTypes incomeSource assistance }' },
  schooling: { section: 'schooling', selection: '{ schoolName grade enrolmentStatus leftBehind }' },
  visits: { section: 'visits', selection: '{ id kind visitedOn notes recordedBy }' },
};

describe('role × field of a child’s file (through the real server)', () => {
  let f: Fixture;
  /** A child of V1 holding two household registrations (一人多户). */
  let duplicate: string;
  beforeAll(async () => {
    f = await twoCounties({ childrenA: 120, childrenB: 20 });
    duplicate = await duplicateRegistrationIn(f.db.pool, f.places.v1.area);
  });
  afterAll(() => f?.close());

  it('names every field of Child', async () => {
    const { body } = await f.server.graphql('{ __type(name: "Child") { fields { name } } }');
    expect(body.data!.__type.fields.map((x: { name: string }) => x.name).sort()).toEqual(Object.keys(CHILD_FIELDS).sort());
  });

  const cases = Object.entries(CHILD_FIELDS).flatMap(([field, spec]) => READERS.map((role) => ({ field, role, section: spec.section, allowed: ACCESS[role].sections.includes(spec.section) })));
  it.each(cases)('$field ($section) as $role: allowed = $allowed', async ({ field, role, allowed }) => {
    const client = await f.server.as(role, f.areaOf(role));
    const { body } = await client(`query($id: ID!) { child(id: $id) { id ${field} ${CHILD_FIELDS[field].selection ?? ''} } }`, { id: f.places.v1.childId });
    expect(body.data!.child.id).toBe(f.places.v1.childId);
    if (allowed) {
      expect(body.errors).toBeUndefined();
      expect(body.data!.child[field] === undefined).toBe(false);
    } else {
      expect(body.data!.child[field]).toBeNull();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });

  it.each(READERS)('%s reads department record keys only if it reads full ID numbers, and only its sources', async (role) => {
    const { body } = await (await f.server.as(role, f.areaOf(role)))('query($id: ID!) { child(id: $id) { sourceRecords { ref source recordKey } } }', { id: f.places.v1.childId });
    const records: { ref: string; source: string; recordKey: string | null }[] = body.data!.child.sourceRecords;
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(r.ref).toMatch(/^R\d+$/);
      expect(ACCESS[role].sources).toContain(r.source);
      expect(r.recordKey === null).toBe(!ACCESS[role].fullIdNumbers);
    }
  });

  it.each(READERS)('%s sees only its flags, and may not filter by another', async (role) => {
    const client = await f.server.as(role, f.areaOf(role));
    const { body } = await client('{ children(first: 100) { edges { node { flags { flag } } } } }');
    const seen = new Set(body.data!.children.edges.flatMap((e: { node: { flags: { flag: string }[] } }) => e.node.flags.map((x) => x.flag)));
    for (const flag of seen) expect(ACCESS[role].flags).toContain(flag);
    for (const flag of CHILD_FLAGS) {
      const filtered = await client(`{ children(filter: { flags: [${flag}] }, first: 1) { totalCount } }`);
      if (ACCESS[role].flags.includes(flag as never)) expect(filtered.body.errors).toBeUndefined();
      else expect(filtered.body.errors?.[0].message).toMatch(/may not see or filter by/);
    }
  });

  it.each(READERS)('%s sees a possible duplicate registration (一人多户) only if its row lists it: police do', async (role) => {
    const { body } = await (await f.server.as(role, f.areaOf(role)))('query($id: ID!) { child(id: $id) { flags { flag strength evidence } } }', { id: duplicate });
    const flag = body.data!.child.flags.find((x: { flag: string }) => x.flag === 'DUPLICATE_REGISTRATION');
    expect(flag !== undefined).toBe(ACCESS[role].flags.includes('DUPLICATE_REGISTRATION'));
    if (flag !== undefined) {
      expect(flag.strength).toBeNull();
      // The two registrations, cited as records only to the roles that see police records.
      expect(flag.evidence.filter((e: string) => /a registration with ID number/.test(e))).toHaveLength(ACCESS[role].sources.includes('police') ? 2 : 0);
    }
    expect(ACCESS[Role.POLICE].flags).toContain('DUPLICATE_REGISTRATION');
  });

  it.each(READERS)('%s reads how sure a DROPOUT is where it sees DROPOUT, and no strength on the other flags', async (role) => {
    const { body } = await (await f.server.as(role, f.areaOf(role)))('{ children(first: 100) { edges { node { flags { flag strength } } } } }');
    const flags: { flag: string; strength: string | null }[] = body.data!.children.edges.flatMap((e: { node: { flags: { flag: string; strength: string | null }[] } }) => e.node.flags);
    for (const x of flags) expect(x.strength === null).toBe(x.flag !== 'DROPOUT');
    for (const x of flags.filter((y) => y.flag === 'DROPOUT')) expect(['CONFIRMED', 'TO_VERIFY']).toContain(x.strength);
    // A county's first hundred children hold dropouts (a village's may not).
    if (ACCESS[role].flags.includes('DROPOUT') && f.areaOf(role).length === 6) expect(flags.some((x) => x.flag === 'DROPOUT')).toBe(true);
  });
});
