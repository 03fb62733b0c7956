import { useEffect, useState } from 'preact/hooks';
import type { ChangeKind } from '../../../../schema/generated/console';
import { request } from '../api';
import { Loading, Section } from '../components';
import { formatCount } from '../format';
import { CHANGE_KIND_LABELS, label } from '../labels';
import { ConsoleChangeTotals, ConsoleHubPeriods } from '../operations';
import type { Session } from '../session';
import { TrendChartView } from '../trend-chart';

/** How many quarters back the trend goes. */
const QUARTERS = 4;

interface QuarterTotals {
  /** The later quarter of the pair, e.g. 2024Q2 (its changes since 2024Q1). */
  quarter: string;
  /** Per kind; null: the hub keeps no state for one of the two quarters. */
  totals: Map<ChangeKind, number> | null;
}

/** The quarter before 2024Q1: 2023Q4. */
export function previousQuarter(period: string): string {
  const year = Number(period.slice(0, 4));
  const quarter = Number(period.slice(5));
  return quarter === 1 ? `${year - 1}Q4` : `${year}Q${quarter - 1}`;
}

/**
 * 季度变化趋势: for each of the last quarters, how many children changed in each way since the
 * quarter before (`changes`' totals, counts only: no child's file is read). The trend ends at the
 * latest quarter any department's export reached; a quarter the hub keeps no state for is a gap.
 */
export function DashboardTrend({ session, areaCode }: { session: Session; areaCode: string }) {
  const [quarters, setQuarters] = useState<QuarterTotals[] | null>(null);
  useEffect(() => {
    let current = true;
    setQuarters(null);
    void (async () => {
      const status = await request(session, ConsoleHubPeriods, {}).catch(() => null);
      const latest = (status?.hubStatus.sources ?? []).map((s) => s.latestPeriod).filter((p): p is string => p !== null).sort().at(-1);
      if (latest === undefined) return current && setQuarters([]);
      const wanted: string[] = [latest];
      while (wanted.length < QUARTERS) wanted.unshift(previousQuarter(wanted[0]));
      const found = await Promise.all(
        wanted.map(async (quarter): Promise<QuarterTotals> => {
          try {
            const { changes } = await request(session, ConsoleChangeTotals, { areaCode, from: previousQuarter(quarter), to: quarter });
            return { quarter, totals: new Map(changes.totals.map((t) => [t.kind, t.count])) };
          } catch {
            // The hub refuses a quarter it never reconciled: no data, not an error to show.
            return { quarter, totals: null };
          }
        }),
      );
      // Quarters before the first the hub holds are left out; a gap between two is kept.
      const first = found.findIndex((q) => q.totals !== null);
      if (current) setQuarters(first === -1 ? [] : found.slice(first));
    })();
    return () => {
      current = false;
    };
  }, [session.token, areaCode]);

  const kinds = [...new Set((quarters ?? []).flatMap((q) => [...(q.totals?.keys() ?? [])]))];
  return (
    <Section title="季度变化趋势" id="trend">
      {quarters === null && <Loading />}
      {quarters !== null && quarters.length === 0 && <p class="muted">尚无两个季度的数据，导入并比对下一季度后显示变化趋势。</p>}
      {quarters !== null && quarters.length > 0 && (
        <>
          <TrendChartView
            title="各季度变化人次"
            quarters={quarters.map((q) => q.quarter)}
            series={kinds.map((kind) => ({ key: kind, label: label(CHANGE_KIND_LABELS, kind), values: quarters.map((q) => q.totals?.get(kind) ?? null) }))}
          />
          <div class="table-scroll">
            <table data-testid="trend-table">
              <thead>
                <tr>
                  <th>季度（较上季度）</th>
                  {kinds.map((kind) => (
                    <th key={kind} class="num" data-kind={kind}>
                      {label(CHANGE_KIND_LABELS, kind)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {quarters.map((q) => (
                  <tr key={q.quarter} data-quarter={q.quarter}>
                    <td>{q.quarter}</td>
                    {kinds.map((kind) => (
                      <td key={kind} class="num" data-kind={kind}>
                        {q.totals === null ? '—' : formatCount(q.totals.get(kind) ?? 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}
