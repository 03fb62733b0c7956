import type { ChildFlag, ConsoleDashboardQuery } from '../../../../schema/generated/console';
import { BarChartView } from '../bar-chart';
import { ErrorNotice, Loading, PageTitle, Section, Stat } from '../components';
import { areaName, useAreaNames, useOperation } from '../data';
import { formatCount } from '../format';
import { FLAG_LABELS, label, SOURCE_LABELS, STRENGTH_LABELS, VERIFICATION_LABELS } from '../labels';
import { ConsoleDashboard } from '../operations';
import { href, navigate } from '../router';
import { DashboardTrend } from './dashboard-trend';
import type { PageProps } from './registry';

type Dashboard = ConsoleDashboardQuery['dashboard'];

/** The flags shown as columns of the area table, in this order. */
const AREA_COLUMNS: ChildFlag[] = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'DROPOUT', 'UNREGISTERED', 'ALONE_UNDER_16'];

/**
 * 工作概览 (civil affairs, town supervisors): the `dashboard` query's counts as they come, a
 * table and a bar chart of the areas one level down; a click on a town goes down to its villages.
 */
export function DashboardPage({ session, route }: PageProps) {
  const area = route.query.get('area') ?? session.area;
  const names = useAreaNames(session);
  const { data, error, loading } = useOperation(session, ConsoleDashboard, { areaCode: area });
  const down = (code: string) => {
    // A town opens its villages; a village opens its children.
    if (code.length < 12) navigate('/dashboard', { area: code });
    else navigate('/children', { area: code });
  };
  return (
    <div class="dashboard">
      <PageTitle title="工作概览">
        <Breadcrumb top={session.area} area={area} names={names} />
      </PageTitle>
      {loading && <Loading />}
      {error !== null && <ErrorNotice error={error} />}
      {data !== null && <DashboardView dashboard={data.dashboard} names={names} onArea={down} drilled={area === session.area ? null : area} />}
      {data !== null && <DashboardTrend session={session} areaCode={area} />}
    </div>
  );
}

function Breadcrumb({ top, area, names }: { top: string; area: string; names: Map<string, string> }) {
  const levels = [6, 9, 12].filter((n) => n >= top.length && n <= area.length).map((n) => area.slice(0, n));
  return (
    <nav class="breadcrumb" aria-label="区域层级">
      {levels.map((code, i) =>
        i === levels.length - 1 ? (
          <span key={code} aria-current="page">
            {areaName(names, code)}
          </span>
        ) : (
          <a key={code} href={href('/dashboard', { area: code })}>
            {areaName(names, code)}
          </a>
        ),
      )}
    </nav>
  );
}

function DashboardView({ dashboard, names, onArea, drilled }: { dashboard: Dashboard; names: Map<string, string>; onArea: (code: string) => void; drilled: string | null }) {
  const flag = (key: string) => dashboard.byFlag.find((t) => t.key === key)?.count ?? 0;
  const areas = [...dashboard.areas].sort((a, b) => (a.areaCode < b.areaCode ? -1 : 1));
  const levelName = dashboard.areaCode.length === 6 ? '乡镇（街道）' : '村（居）';
  return (
    <>
      <div class="stats">
        <Stat label="儿童总数" value={dashboard.children} testId="stat-children" />
        <Stat label="留守儿童" value={flag('LEFT_BEHIND')} testId="stat-LEFT_BEHIND" />
        <Stat label="困境儿童" value={flag('IN_DIFFICULTY')} testId="stat-IN_DIFFICULTY" />
        <Stat label="辍学" value={flag('DROPOUT')} testId="stat-DROPOUT" />
        <Stat label="无户籍" value={flag('UNREGISTERED')} testId="stat-UNREGISTERED" />
        <Stat label="待复核比对" value={dashboard.reviewBacklog} testId="stat-review-backlog" />
        <a class="stat-link" href={href('/cases', { overdue: 'yes', area: drilled })}>
          <Stat label="逾期个案" value={dashboard.overdueCases.reduce((sum, t) => sum + t.count, 0)} testId="stat-overdue-cases" />
        </a>
        <Stat label="待走访" value={dashboard.visitsDue} testId="stat-visits-due" />
      </div>
      <div class="grid-2">
        <Section title={`各${levelName}儿童数`} id="by-area">
          <BarChartView title={`各${levelName}儿童数`} bars={areas.map((a) => ({ key: a.areaCode, label: areaName(names, a.areaCode), value: a.children }))} onSelect={onArea} />
        </Section>
        <Section title="按标记统计" id="by-flag">
          <table data-testid="by-flag">
            <thead>
              <tr>
                <th>标记</th>
                <th class="num">人数</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.byFlag.map((t) => (
                <tr key={t.key} data-key={t.key}>
                  <td>
                    {label(FLAG_LABELS, t.key)}
                    {dashboard.byFlagStrength
                      .filter((s) => s.flag === t.key)
                      .map((s) => (
                        <span key={s.strength} class="sub-count" data-strength={s.strength}>
                          {label(STRENGTH_LABELS, s.strength)} {formatCount(s.count)}
                        </span>
                      ))}
                  </td>
                  <td class="num">{formatCount(t.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      </div>
      <Section title={`各${levelName}明细`} id="area-table">
        <div class="table-scroll">
          <table data-testid="area-table">
            <thead>
              <tr>
                <th>{levelName}</th>
                <th class="num">儿童数</th>
                {AREA_COLUMNS.map((f) => (
                  <th key={f} class="num">
                    {FLAG_LABELS[f]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {areas.map((a) => (
                <tr key={a.areaCode} data-area={a.areaCode}>
                  <td>
                    {a.areaCode.length < 12 ? (
                      <a href={href('/dashboard', { area: a.areaCode })}>{areaName(names, a.areaCode)}</a>
                    ) : (
                      <a href={href('/children', { area: a.areaCode })}>{areaName(names, a.areaCode)}</a>
                    )}
                  </td>
                  <td class="num">{formatCount(a.children)}</td>
                  {AREA_COLUMNS.map((f) => (
                    <td key={f} class="num">
                      {formatCount(a.flags.find((t) => t.key === f)?.count ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <div class="grid-2">
        <Section title="儿童类别" id="by-category">
          <Tallies rows={dashboard.byCategory.map((t) => [t.key, t.count])} testId="by-category" />
        </Section>
        <Section title="核验状态" id="by-verification">
          <Tallies rows={dashboard.byVerification.map((t) => [label(VERIFICATION_LABELS, t.key), t.count])} testId="by-verification" />
        </Section>
      </div>
      <Section title="各部门数据质量" id="data-quality">
        <div class="table-scroll">
          <table data-testid="data-quality">
            <thead>
              <tr>
                <th>部门</th>
                <th class="num">记录数</th>
                <th class="num">身份证号无效</th>
                <th class="num">缺身份证号</th>
                <th class="num">未与他部门匹配</th>
                <th class="num">他部门有而本部门无</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.dataQuality.map((q) => (
                <tr key={q.source} data-source={q.source}>
                  <td>{label(SOURCE_LABELS, q.source)}</td>
                  <td class="num">{formatCount(q.records)}</td>
                  <td class="num">{formatCount(q.invalidIdNumbers)}</td>
                  <td class="num">{formatCount(q.missingIdNumbers)}</td>
                  <td class="num">{formatCount(q.unmatched)}</td>
                  <td class="num">{formatCount(q.noRecordFound)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}

function Tallies({ rows, testId }: { rows: [string, number][]; testId: string }) {
  return (
    <table data-testid={testId}>
      <tbody>
        {rows.map(([name, count]) => (
          <tr key={name}>
            <td>{name}</td>
            <td class="num">{formatCount(count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
