import { useState } from 'preact/hooks';
import type { ChildFilter, ChildFlag, ConsoleChildrenQuery, Verification } from '../../../../schema/generated/console';
import { sees } from '../access';
import { request } from '../api';
import { CsvExportButton, useCsvExport } from '../csv-export';
import { ErrorNotice, Loading, PageTitle } from '../components';
import { toCsv } from '../csv';
import { areaLabel, useAreaNames, useOperation } from '../data';
import { formatCount, formatDate, orDash } from '../format';
import { FLAG_LABELS, label, SEX_LABELS, STRENGTH_LABELS, VERIFICATION_LABELS } from '../labels';
import { ConsoleChildren } from '../operations';
import { href, navigate } from '../router';
import type { Session } from '../session';
import type { PageProps } from './registry';

type Child = ConsoleChildrenQuery['children']['edges'][number]['node'];


interface ListSpec {
  title: string;
  /** The flag every row carries (a work queue), or none (the roster). */
  flag: ChildFlag | null;
  /** File name of the CSV download, without the date. */
  csvName: string;
}

export function ChildrenPage(props: PageProps) {
  return <ChildList {...props} spec={{ title: '儿童名册', flag: null, csvName: '儿童名册' }} />;
}

/** 控辍保学 (education): children flagged DROPOUT, confirmed by the school or to verify. */
export function DropoutsPage(props: PageProps) {
  return <ChildList {...props} spec={{ title: '辍学名单', flag: 'DROPOUT', csvName: '辍学名单' }} />;
}

/** 无户籍 (police): children seen by civil affairs or a school with no registration. */
export function UnregisteredPage(props: PageProps) {
  return <ChildList {...props} spec={{ title: '无户籍名单', flag: 'UNREGISTERED', csvName: '无户籍名单' }} />;
}

/**
 * A list of children under filters the API applies (area, name, verification, flag), with the
 * count, paging by cursor and a CSV of every row the filters select. Filters live in the address,
 * so a list can be bookmarked and the back button works.
 */
function ChildList({ session, route, spec }: PageProps & { spec: ListSpec }) {
  const names = useAreaNames(session);
  const query = route.query;
  // A filter left out is undefined, not null: JSON leaves it out, and the API refuses an
  // explicit null area code.
  const filter: ChildFilter = {
    areaCode: query.get('area') || undefined,
    search: query.get('search') || undefined,
    verification: (query.get('verification') as Verification | null) || undefined,
    flags: spec.flag !== null ? [spec.flag] : query.get('flag') ? [query.get('flag') as ChildFlag] : undefined,
  };
  const cursors = (query.get('page') ?? '').split(',').filter((c) => c !== '');
  const schooling = sees(session.role, 'schooling') && spec.flag === 'DROPOUT';
  const { data, error, loading } = useOperation(session, ConsoleChildren, { filter, after: cursors.at(-1) ?? null, schooling });

  const setQuery = (changes: Record<string, string | null>) => {
    const next: Record<string, string | null> = Object.fromEntries(query.entries());
    navigate(route.path, { ...next, page: null, ...changes });
  };

  const exporter = useCsvExport(
    spec.csvName,
    async (after) => {
      const page: ConsoleChildrenQuery = await request(session, ConsoleChildren, { filter, after, schooling });
      return page.children;
    },
    (rows: Child[]) => csvOf(rows, names, schooling),
  );

  return (
    <div class="child-list">
      <PageTitle title={spec.title}>
        {data !== null && (
          <span class="count" data-testid="total-count">
            共 {formatCount(data.children.totalCount)} 人
          </span>
        )}
      </PageTitle>
      <Filters session={session} names={names} query={query} withFlag={spec.flag === null} onChange={setQuery} />
      <div class="toolbar">
        <CsvExportButton exporter={exporter} />
      </div>
      {loading && <Loading />}
      {error !== null && <ErrorNotice error={error} />}
      {data !== null && (
        <>
          <div class="table-scroll">
            <table data-testid="children-table">
              <thead>
                <tr>
                  <th>姓名</th>
                  <th>性别</th>
                  <th>出生日期</th>
                  <th>身份证号</th>
                  <th>区域</th>
                  <th>核验状态</th>
                  <th>标记</th>
                  {schooling && <th>学校 / 学籍状态</th>}
                </tr>
              </thead>
              <tbody>
                {data.children.edges.map(({ node }) => (
                  <tr key={node.id} data-child={node.id}>
                    <td>
                      <a href={href(`/child/${encodeURIComponent(node.id)}`)}>{orDash(node.name)}</a>
                    </td>
                    <td>{label(SEX_LABELS, node.sex)}</td>
                    <td>{formatDate(node.birthDate)}</td>
                    <td class="id-number">{orDash(node.idNumber)}</td>
                    <td>{areaLabel(names, node.areaCode)}</td>
                    <td>{label(VERIFICATION_LABELS, node.verification)}</td>
                    <td>{flagText(node)}</td>
                    {schooling && <td>{[node.schooling?.schoolName, node.schooling?.enrolmentStatus].filter(Boolean).join(' / ') || '—'}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.children.edges.length === 0 && <p class="muted">没有符合条件的儿童。</p>}
          <div class="pager">
            <button type="button" disabled={cursors.length === 0} onClick={() => navigate(route.path, { ...Object.fromEntries(query.entries()), page: cursors.slice(0, -1).join(',') || null })}>
              上一页
            </button>
            <span class="muted">第 {cursors.length + 1} 页</span>
            <button
              type="button"
              disabled={!data.children.pageInfo.hasNextPage}
              onClick={() => navigate(route.path, { ...Object.fromEntries(query.entries()), page: [...cursors, data.children.pageInfo.endCursor ?? ''].join(',') })}
            >
              下一页
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function Filters({ session, names, query, withFlag, onChange }: { session: Session; names: Map<string, string>; query: URLSearchParams; withFlag: boolean; onChange: (changes: Record<string, string | null>) => void }) {
  const [search, setSearch] = useState(query.get('search') ?? '');
  const areas = [...names.keys()].filter((code) => code.startsWith(session.area) && code.length > session.area.length).sort();
  return (
    <form
      class="filters"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ search: search.trim() || null });
      }}
    >
      <label>
        区域
        <select name="area" value={query.get('area') ?? ''} onChange={(e) => onChange({ area: (e.target as HTMLSelectElement).value || null })}>
          <option value="">全部</option>
          {areas.map((code) => (
            <option key={code} value={code}>
              {code.length === 12 ? '　' : ''}
              {names.get(code)}
            </option>
          ))}
        </select>
      </label>
      <label>
        核验状态
        <select name="verification" value={query.get('verification') ?? ''} onChange={(e) => onChange({ verification: (e.target as HTMLSelectElement).value || null })}>
          <option value="">全部</option>
          {Object.entries(VERIFICATION_LABELS).map(([key, name]) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {withFlag && (
        <label>
          标记
          <select name="flag" value={query.get('flag') ?? ''} onChange={(e) => onChange({ flag: (e.target as HTMLSelectElement).value || null })}>
            <option value="">全部</option>
            {Object.entries(FLAG_LABELS).map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        姓名
        <input name="search" value={search} placeholder="姓名开头" onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">查询</button>
    </form>
  );
}

function flagText(child: Child): string {
  return child.flags.map((f) => `${label(FLAG_LABELS, f.flag)}${f.strength ? `（${label(STRENGTH_LABELS, f.strength)}）` : ''}`).join('、') || '—';
}

function csvOf(rows: Child[], names: Map<string, string>, schooling: boolean): string {
  const header = ['儿童编号', '姓名', '性别', '出生日期', '身份证号', '区域代码', '区域', '核验状态', '标记', ...(schooling ? ['学校', '年级', '学籍状态'] : [])];
  return toCsv(
    header,
    rows.map((c) => [
      c.id,
      c.name,
      label(SEX_LABELS, c.sex),
      c.birthDate,
      c.idNumber,
      c.areaCode,
      areaLabel(names, c.areaCode),
      label(VERIFICATION_LABELS, c.verification),
      flagText(c),
      ...(schooling ? [c.schooling?.schoolName, c.schooling?.grade, c.schooling?.enrolmentStatus] : []),
    ]),
  );
}
