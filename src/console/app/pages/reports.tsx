import { useState } from 'preact/hooks';
import type { ConcernKind, ReportConcernInput } from '../../../../schema/generated/console';
import { request } from '../api';
import { ErrorNotice, Loading, PageTitle, Pager, pageCursors, Section } from '../components';
import { areaLabel, toApiError, useAreaNames, useOperation } from '../data';
import { formatCount, formatDateTime, todayInChina } from '../format';
import { CASE_OUTCOME_LABELS, CONCERN_LABELS, label, STAGE_LABELS } from '../labels';
import { ConsoleMyReports, ConsoleReportConcern } from '../operations';
import { navigate } from '../router';
import type { Session } from '../session';
import { formatDue } from './cases';
import type { PageProps } from './registry';

/** The hub keeps at most this much of a description (src/modules/cases/mandatory-report.service.ts). */
const MAX_DESCRIPTION = 4000;

/**
 * 强制报告 (every role but the auditor, 001 §二(三)): report a concern about a child, by its id
 * (from its file) or by name, birth date and area; then follow where one's own reports stand,
 * without seeing anything of the child's file.
 */
export function ReportsPage({ session, route }: PageProps) {
  const cursors = pageCursors(route.query);
  const { data, error, loading, reload } = useOperation(session, ConsoleMyReports, { after: cursors.at(-1) ?? null });
  return (
    <div class="reports">
      <PageTitle title="强制报告" />
      <div class="grid-2">
        <Section title="报告情况" id="report-form">
          <ReportForm session={session} childId={route.query.get('child') ?? ''} onReported={reload} />
        </Section>
        <Section title="我的报告" id="my-reports">
          {loading && data === null && <Loading />}
          {error !== null && <ErrorNotice error={error} />}
          {data !== null && (
            <>
              <p class="muted" data-testid="total-count">
                共 {formatCount(data.myReports.totalCount)} 份
              </p>
              <div class="table-scroll">
                <table data-testid="my-reports">
                  <thead>
                    <tr>
                      <th>报告时间</th>
                      <th>情形</th>
                      <th>进展</th>
                      <th>当前期限</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.myReports.edges.map(({ node }) => (
                      <tr key={node.id} data-report={node.id} data-case={node.caseId}>
                        <td>{formatDateTime(node.reportedAt)}</td>
                        <td>{label(CONCERN_LABELS, node.concern)}</td>
                        <td data-testid="my-report-stage">
                          {label(STAGE_LABELS, node.stage)}
                          {node.outcome !== null && `（${label(CASE_OUTCOME_LABELS, node.outcome)}）`}
                        </td>
                        <td>
                          {node.stage === 'SETTLED' ? '—' : formatDue(node.due)}
                          {node.overdue && <span class="badge overdue-badge">已逾期</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager cursors={cursors} hasNextPage={data.myReports.pageInfo.hasNextPage} endCursor={data.myReports.pageInfo.endCursor} onPage={(page) => navigate(route.path, { page })} />
            </>
          )}
        </Section>
      </div>
    </div>
  );
}

interface Problems {
  [field: string]: string | undefined;
}

interface ReportDraft {
  childId: string;
  name: string;
  birthDate: string;
  areaCode: string;
  concern: ConcernKind | '';
  observedOn: string;
  description: string;
}

/** What is wrong with a report before it is sent, in Chinese. */
export function reportProblems(draft: ReportDraft, today: string): Problems {
  const problems: Problems = {};
  const byId = draft.childId.trim() !== '';
  if (!byId) {
    if (draft.name.trim() === '') problems.name = '请填写儿童姓名，或填写儿童编号';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.birthDate)) problems.birthDate = '出生日期格式应为 2024-03-31';
    else if (draft.birthDate > today) problems.birthDate = '出生日期不能晚于今天';
    if (!/^\d{6}(\d{3})?(\d{3})?$/.test(draft.areaCode)) problems.areaCode = '请选择儿童所在区域';
  }
  if (draft.concern === '') problems.concern = '请选择情形';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.observedOn)) problems.observedOn = '发现日期格式应为 2024-03-31';
  else if (draft.observedOn > today) problems.observedOn = '发现日期不能晚于今天';
  if (draft.description.trim() === '') problems.description = '请描述发现的情况';
  else if (draft.description.trim().length > MAX_DESCRIPTION) problems.description = `情况描述不能超过 ${MAX_DESCRIPTION} 字`;
  return problems;
}

function ReportForm({ session, childId, onReported }: { session: Session; childId: string; onReported: () => void }) {
  const today = todayInChina();
  const names = useAreaNames(session);
  const blank: ReportDraft = { childId, name: '', birthDate: '', areaCode: '', concern: '', observedOn: today, description: '' };
  const [draft, setDraft] = useState<ReportDraft>(blank);
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const set = (field: keyof ReportDraft) => (e: Event) => setDraft((d) => ({ ...d, [field]: (e.target as HTMLInputElement).value }));
  // The child's area is anywhere in the reporter's county (the hub checks the county).
  const areas = [...names.keys()].filter((code) => code.startsWith(session.area.slice(0, 6))).sort();
  const byId = draft.childId.trim() !== '';

  const submit = async () => {
    setSaved(null);
    const found = reportProblems(draft, today);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const child: Pick<ReportConcernInput, 'childId' | 'name' | 'birthDate' | 'areaCode'> = byId ? { childId: draft.childId.trim(), name: undefined, birthDate: undefined, areaCode: undefined } : { childId: undefined, name: draft.name.trim(), birthDate: draft.birthDate, areaCode: draft.areaCode };
    setSaving(true);
    try {
      const { reportConcern } = await request(session, ConsoleReportConcern, { input: { ...child, concern: draft.concern as ConcernKind, observedOn: draft.observedOn, description: draft.description.trim() } });
      setDraft({ ...blank, childId: '' });
      setSaved(reportConcern.joined ? '已报告。该儿童已有在办的强制报告，本报告已并入。' : `已报告，公安机关应在 ${formatDue(reportConcern.due)} 前出警处置。`);
      onReported();
    } catch (failure) {
      setProblems({ form: toApiError(failure).message });
    } finally {
      setSaving(false);
    }
  };
  const problem = (field: string) =>
    problems[field] === undefined ? null : (
      <span class="field-error" role="alert">
        {problems[field]}
      </span>
    );

  return (
    <form
      class="report-form"
      aria-label="报告情况"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p class="muted">发现儿童遭受或疑似遭受侵害、无人照料等情形，应立即报告。公安机关 24 小时内出警处置。</p>
      <label>
        儿童编号（从儿童档案进入时已填写）
        <input name="childId" value={draft.childId} placeholder="不知道编号时留空，填写下面三项" onInput={set('childId')} />
      </label>
      {!byId && (
        <div class="form-row">
          <label>
            儿童姓名
            <input name="name" value={draft.name} onInput={set('name')} aria-invalid={problems.name !== undefined} />
            {problem('name')}
          </label>
          <label>
            出生日期
            <input name="birthDate" value={draft.birthDate} placeholder="2024-03-31" inputMode="numeric" maxLength={10} onInput={set('birthDate')} aria-invalid={problems.birthDate !== undefined} />
            {problem('birthDate')}
          </label>
          <label>
            所在区域
            <select name="areaCode" value={draft.areaCode} onChange={set('areaCode')} aria-invalid={problems.areaCode !== undefined}>
              <option value="">请选择</option>
              {areas.map((code) => (
                <option key={code} value={code}>
                  {code.length === 12 ? '　　' : code.length === 9 ? '　' : ''}
                  {areaLabel(names, code).split(' · ').at(-1)}
                </option>
              ))}
            </select>
            {problem('areaCode')}
          </label>
        </div>
      )}
      <div class="form-row">
        <label>
          情形
          <select name="concern" value={draft.concern} onChange={set('concern')} aria-invalid={problems.concern !== undefined}>
            <option value="">请选择</option>
            {Object.entries(CONCERN_LABELS).map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </select>
          {problem('concern')}
        </label>
        <label>
          发现日期
          <input name="observedOn" value={draft.observedOn} placeholder="2024-03-31" inputMode="numeric" maxLength={10} onInput={set('observedOn')} aria-invalid={problems.observedOn !== undefined} />
          {problem('observedOn')}
        </label>
      </div>
      <label>
        情况描述
        <textarea name="description" rows={4} value={draft.description} placeholder="看到了什么、何时何地、儿童现在在哪里" onInput={set('description')} aria-invalid={problems.description !== undefined} />
        {problem('description')}
      </label>
      {problems.form !== undefined && (
        <p class="error" role="alert">
          {problems.form}
        </p>
      )}
      {saved !== null && (
        <p class="success" role="status">
          {saved}
        </p>
      )}
      <button type="submit" class="primary" disabled={saving}>
        {saving ? '正在提交…' : '提交报告'}
      </button>
    </form>
  );
}
