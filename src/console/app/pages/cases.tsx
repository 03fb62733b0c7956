import type { CaseFilter, CaseKind, CaseStatus, ConsoleCasesQuery, Role } from '../../../../schema/generated/console';
import { request } from '../api';
import { reportStage, reportSteps, REPORT_STEP_LABELS } from '../casework';
import { CsvExportButton, useCsvExport } from '../csv-export';
import { ErrorNotice, Loading, PageTitle, Pager, pageCursors } from '../components';
import { toCsv } from '../csv';
import { areaLabel, useAreaNames, useOperation } from '../data';
import { formatCount, formatDateTime } from '../format';
import { CASE_KIND_LABELS, CASE_OUTCOME_LABELS, CASE_STATUS_LABELS, label, ROLE_LABELS, STAGE_LABELS } from '../labels';
import { ConsoleCases } from '../operations';
import { href, navigate } from '../router';
import type { PageProps } from './registry';

type Case = ConsoleCasesQuery['cases']['edges'][number]['node'];

interface CaseListSpec {
  title: string;
  /** The kind every row is (the reports queue), or none (every case the role reads). */
  kind: CaseKind | null;
  csvName: string;
}

/** 个案跟踪: every case the role reads in its area (education and police: the kinds they own). */
export function CasesPage(props: PageProps) {
  return <CaseList {...props} spec={{ title: '个案跟踪', kind: null, csvName: '个案跟踪' }} />;
}

/** 报告处置 (police, civil affairs, town supervisor): the mandatory reports and the next step for the role. */
export function ReportQueuePage(props: PageProps) {
  return <CaseList {...props} spec={{ title: '报告处置', kind: 'MANDATORY_REPORT', csvName: '强制报告处置' }} />;
}

/**
 * A list of cases under filters the API applies (kind, status, overdue), soonest due first, with
 * the count, paging by cursor and a CSV of every case the filters select.
 */
function CaseList({ session, route, spec }: PageProps & { spec: CaseListSpec }) {
  const names = useAreaNames(session);
  const query = route.query;
  const overdue = query.get('overdue');
  // A filter left out is undefined, not null: JSON leaves it out.
  const filter: CaseFilter = {
    kind: spec.kind ?? ((query.get('kind') as CaseKind | null) || undefined),
    status: (query.get('status') as CaseStatus | null) || undefined,
    overdue: overdue === 'yes' ? true : overdue === 'no' ? false : undefined,
    areaCode: query.get('area') || undefined,
    owner: undefined,
    childId: undefined,
  };
  const areas = [...names.keys()].filter((code) => code.startsWith(session.area) && code.length > session.area.length).sort();
  const cursors = pageCursors(query);
  const { data, error, loading } = useOperation(session, ConsoleCases, { filter, after: cursors.at(-1) ?? null });
  const reports = spec.kind === 'MANDATORY_REPORT';

  const setQuery = (changes: Record<string, string | null>) => navigate(route.path, { ...Object.fromEntries(query.entries()), page: null, ...changes });

  const exporter = useCsvExport(
    spec.csvName,
    async (after) => {
      const page: ConsoleCasesQuery = await request(session, ConsoleCases, { filter, after });
      return page.cases;
    },
    (rows: Case[]) => csvOf(rows, names),
  );

  return (
    <div class="case-list">
      <PageTitle title={spec.title}>
        {data !== null && (
          <span class="count" data-testid="total-count">
            共 {formatCount(data.cases.totalCount)} 件
          </span>
        )}
      </PageTitle>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        {areas.length > 0 && (
          <label>
            区域
            <select name="area" value={query.get('area') ?? ''} onChange={(e) => setQuery({ area: (e.target as HTMLSelectElement).value || null })}>
              <option value="">全部</option>
              {areas.map((code) => (
                <option key={code} value={code}>
                  {code.length === 12 ? '　' : ''}
                  {names.get(code)}
                </option>
              ))}
            </select>
          </label>
        )}
        {spec.kind === null && (
          <label>
            类型
            <select name="kind" value={query.get('kind') ?? ''} onChange={(e) => setQuery({ kind: (e.target as HTMLSelectElement).value || null })}>
              <option value="">全部</option>
              {Object.entries(CASE_KIND_LABELS).map(([key, name]) => (
                <option key={key} value={key}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          状态
          <select name="status" value={query.get('status') ?? ''} onChange={(e) => setQuery({ status: (e.target as HTMLSelectElement).value || null })}>
            <option value="">全部</option>
            {Object.entries(CASE_STATUS_LABELS).map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          是否逾期
          <select name="overdue" value={overdue ?? ''} onChange={(e) => setQuery({ overdue: (e.target as HTMLSelectElement).value || null })}>
            <option value="">全部</option>
            <option value="yes">已逾期</option>
            <option value="no">未逾期</option>
          </select>
        </label>
      </form>
      <div class="toolbar">
        <CsvExportButton exporter={exporter} />
      </div>
      {loading && <Loading />}
      {error !== null && <ErrorNotice error={error} />}
      {data !== null && (
        <>
          <CaseTable cases={data.cases.edges.map((e) => e.node)} names={names} role={session.role} reports={reports} />
          {data.cases.edges.length === 0 && <p class="muted">没有符合条件的个案。</p>}
          <Pager cursors={cursors} hasNextPage={data.cases.pageInfo.hasNextPage} endCursor={data.cases.pageInfo.endCursor} onPage={(page) => navigate(route.path, { ...Object.fromEntries(query.entries()), page })} />
        </>
      )}
    </div>
  );
}

/** Cases as rows: shared by the lists and a child's file. `reports`: where each report stands and the role's next step. */
export function CaseTable({ cases, names, role, reports }: { cases: Case[]; names: Map<string, string>; role: Role; reports: boolean }) {
  return (
    <div class="table-scroll">
      <table data-testid="cases-table">
        <thead>
          <tr>
            <th>编号</th>
            <th>类型</th>
            <th>{reports ? '进展' : '状态'}</th>
            <th>责任部门</th>
            <th>儿童</th>
            <th>区域</th>
            <th>期限</th>
            <th>{reports ? '下一步' : '结果'}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => {
            const steps = reports ? reportSteps(role, reportStage(c.status, c.events), c.childId !== null) : [];
            return (
              <tr key={c.id} data-case={c.id} class={c.overdue ? 'overdue' : undefined}>
                <td>
                  <a href={href(`/case/${c.id}`)}>{c.id}</a>
                </td>
                <td>{label(CASE_KIND_LABELS, c.kind)}</td>
                <td>{reports ? label(STAGE_LABELS, reportStage(c.status, c.events)) : label(CASE_STATUS_LABELS, c.status)}</td>
                <td>{label(ROLE_LABELS, c.ownerRole)}</td>
                <td>{c.childId === null ? <span class="muted">待确认</span> : <a href={href(`/child/${encodeURIComponent(c.childId)}`)}>{c.childId}</a>}</td>
                <td>{areaLabel(names, c.areaCode)}</td>
                <td>
                  {formatDue(c.due)}
                  {c.overdue && <span class="badge overdue-badge">已逾期</span>}
                </td>
                <td>{reports ? (steps.length > 0 ? steps.map((s) => REPORT_STEP_LABELS[s]).join('、') : '—') : label(CASE_OUTCOME_LABELS, c.outcome)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A deadline: the day, and the hour too when it is a report's 24 hours. */
export function formatDue(due: string): string {
  return formatDateTime(due).slice(0, 16);
}

function csvOf(rows: Case[], names: Map<string, string>): string {
  const header = ['个案编号', '类型', '状态', '责任部门', '儿童编号', '区域代码', '区域', '立案时间', '期限', '是否逾期', '结果'];
  return toCsv(
    header,
    rows.map((c) => [
      c.id,
      label(CASE_KIND_LABELS, c.kind),
      label(CASE_STATUS_LABELS, c.status),
      label(ROLE_LABELS, c.ownerRole),
      c.childId,
      c.areaCode,
      areaLabel(names, c.areaCode),
      formatDateTime(c.openedAt),
      formatDue(c.due),
      c.overdue ? '是' : '否',
      c.outcome === null ? '' : label(CASE_OUTCOME_LABELS, c.outcome),
    ]),
  );
}

