import type { ConsoleVisitsDueQuery } from '../../../../schema/generated/console';
import { request } from '../api';
import { CsvExportButton, useCsvExport } from '../csv-export';
import { ErrorNotice, Loading, PageTitle, Pager, pageCursors } from '../components';
import { toCsv } from '../csv';
import { areaLabel, useAreaNames, useOperation } from '../data';
import { formatCount, formatDate } from '../format';
import { ConsoleVisitsDue } from '../operations';
import { href, navigate } from '../router';
import type { PageProps } from './registry';

type Due = ConsoleVisitsDueQuery['visitsDue']['edges'][number]['node'];

/**
 * 待走访 (village directors, town supervisors): the children looked after who are owed a monthly
 * contact or a quarterly home visit (002 §二(二)6), longest waiting first, each with a link to its
 * file, where the visit is recorded.
 */
export function VisitsDuePage({ session, route }: PageProps) {
  const names = useAreaNames(session);
  const query = route.query;
  const areaCode = query.get('area') || undefined;
  const cursors = pageCursors(query);
  const { data, error, loading } = useOperation(session, ConsoleVisitsDue, { areaCode, after: cursors.at(-1) ?? null });
  const areas = [...names.keys()].filter((code) => code.startsWith(session.area) && code.length > session.area.length).sort();

  const exporter = useCsvExport(
    '待走访',
    async (after) => {
      const page: ConsoleVisitsDueQuery = await request(session, ConsoleVisitsDue, { areaCode, after });
      return page.visitsDue;
    },
    (rows: Due[]) => csvOf(rows, names),
  );

  return (
    <div class="visits-due">
      <PageTitle title="待走访">
        {data !== null && (
          <span class="count" data-testid="total-count">
            共 {formatCount(data.visitsDue.totalCount)} 人
          </span>
        )}
      </PageTitle>
      {areas.length > 0 && (
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            区域
            <select name="area" value={query.get('area') ?? ''} onChange={(e) => navigate(route.path, { area: (e.target as HTMLSelectElement).value || null })}>
              <option value="">全部</option>
              {areas.map((code) => (
                <option key={code} value={code}>
                  {names.get(code)}
                </option>
              ))}
            </select>
          </label>
        </form>
      )}
      <div class="toolbar">
        <CsvExportButton exporter={exporter} />
        <span class="muted">每月至少联系一次，每季度至少入户走访一次。</span>
      </div>
      {loading && <Loading />}
      {error !== null && <ErrorNotice error={error} />}
      {data !== null && (
        <>
          <div class="table-scroll">
            <table data-testid="visits-due-table">
              <thead>
                <tr>
                  <th>儿童</th>
                  <th>区域</th>
                  <th>上次联系</th>
                  <th>上次入户走访</th>
                  <th>应办</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {data.visitsDue.edges.map(({ node }) => (
                  <tr key={node.childId} data-child={node.childId}>
                    <td>{node.childId}</td>
                    <td>{areaLabel(names, node.areaCode)}</td>
                    <td>{node.lastContact === null ? '从未联系' : formatDate(node.lastContact)}</td>
                    <td>{node.lastHomeVisit === null ? '从未走访' : formatDate(node.lastHomeVisit)}</td>
                    <td>{owed(node)}</td>
                    <td>
                      <a href={href(`/child/${encodeURIComponent(node.childId)}`)}>{session.role === 'VILLAGE_DIRECTOR' ? '记录走访' : '查看档案'}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.visitsDue.edges.length === 0 && <p class="muted">没有待走访的儿童。</p>}
          <Pager cursors={cursors} hasNextPage={data.visitsDue.pageInfo.hasNextPage} endCursor={data.visitsDue.pageInfo.endCursor} onPage={(page) => navigate(route.path, { ...Object.fromEntries(query.entries()), page })} />
        </>
      )}
    </div>
  );
}

function owed(d: Due): string {
  return [d.contactDue ? '联系' : null, d.homeVisitDue ? '入户走访' : null].filter(Boolean).join('、') || '—';
}

function csvOf(rows: Due[], names: Map<string, string>): string {
  return toCsv(
    ['儿童编号', '区域代码', '区域', '上次联系', '上次入户走访', '应联系', '应入户走访'],
    rows.map((d) => [d.childId, d.areaCode, areaLabel(names, d.areaCode), d.lastContact, d.lastHomeVisit, d.contactDue ? '是' : '否', d.homeVisitDue ? '是' : '否']),
  );
}
