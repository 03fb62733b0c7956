import { useState } from 'preact/hooks';
import type { CaseAction, ConsoleCaseQuery } from '../../../../schema/generated/console';
import { request } from '../api';
import { caseActions, needsNote, needsOutcome, REPORT_WORKERS } from '../casework';
import { ErrorNotice, Fields, Loading, PageTitle, Section } from '../components';
import { areaLabel, toApiError, useAreaNames, useOperation } from '../data';
import { formatDateTime, orDash } from '../format';
import { CASE_ACTION_LABELS, CASE_EVENT_LABELS, CASE_KIND_LABELS, CASE_OUTCOME_LABELS, CASE_STATUS_LABELS, label, ROLE_LABELS } from '../labels';
import { ConsoleCase, ConsoleUpdateCase } from '../operations';
import { href } from '../router';
import type { Session } from '../session';
import { formatDue } from './cases';
import { ReportWork } from './report-work';
import type { PageProps } from './registry';

type Case = NonNullable<ConsoleCaseQuery['case']>;

/** The hub keeps at most this much of a note (src/modules/cases/case.service.ts). */
const MAX_NOTE = 4000;

/** 个案: one case, its events oldest first, and what the signed-in role may do with it. */
export function CasePage({ session, params }: PageProps) {
  const { data, error, loading, reload } = useOperation(session, ConsoleCase, { id: params.id });
  const names = useAreaNames(session);
  // What the last step recorded: kept above the reload, since police no longer read a report
  // case once their response hands it to civil affairs.
  const [notice, setNotice] = useState<string | null>(null);
  const stepDone = (message: string) => {
    setNotice(message);
    reload();
  };
  if (loading && data === null) return <Loading />;
  if (error !== null) return <ErrorNotice error={error} />;
  if (data === null) return null;
  const c = data.case;
  if (c === null && notice !== null) {
    return (
      <div class="refused" role="status">
        <h1>{notice}</h1>
        <p>
          <a href={href('/reports/queue')}>返回报告处置</a>
        </p>
      </div>
    );
  }
  if (c === null) {
    return (
      <div class="refused" role="alert">
        <h1>未找到该个案</h1>
        <p>该个案不存在，或不在您的辖区和职责范围内。</p>
      </div>
    );
  }
  const reportWork = c.kind === 'MANDATORY_REPORT' && REPORT_WORKERS.includes(session.role);
  return (
    <div class="case" data-case={c.id}>
      <PageTitle title={`${label(CASE_KIND_LABELS, c.kind)} · 个案 ${c.id}`}>
        <span class={`badge status-${c.status}`} data-testid="case-status">
          {label(CASE_STATUS_LABELS, c.status)}
        </span>
        {c.overdue && <span class="badge overdue-badge">已逾期</span>}
      </PageTitle>
      <div class="grid-2">
        <Section title="个案信息" id="case-facts">
          <Fields
            rows={[
              ['类型', label(CASE_KIND_LABELS, c.kind)],
              ['状态', label(CASE_STATUS_LABELS, c.status)],
              ['责任部门', label(ROLE_LABELS, c.ownerRole)],
              ['协办', c.sharedWith.map((r) => label(ROLE_LABELS, r)).join('、') || '—'],
              ['儿童', c.childId === null ? '待确认' : <a href={href(`/child/${encodeURIComponent(c.childId)}`)}>{c.childId}</a>],
              ['区域', areaLabel(names, c.areaCode)],
              ['立案', `${formatDateTime(c.openedAt)}（${c.openedBy === 'RULE' ? '系统按标记立案' : '人工立案'}）`],
              ['期限', formatDue(c.due)],
              ['结果', label(CASE_OUTCOME_LABELS, c.outcome)],
              ['前案', c.refersTo === null ? '—' : <a href={href(`/case/${c.refersTo}`)}>{c.refersTo}</a>],
            ]}
          />
        </Section>
        <Section title="处理" id="case-action">
          <CaseActionForm session={session} c={c} onDone={reload} />
        </Section>
      </div>
      {notice !== null && (
        <p class="success" role="status">
          {notice}
        </p>
      )}
      {reportWork && <ReportWork session={session} c={c} names={names} onDone={stepDone} />}
      <Section title="处理记录" id="case-events">
        <div class="table-scroll">
          <table data-testid="case-events">
            <thead>
              <tr>
                <th>时间</th>
                <th>操作</th>
                <th>人员</th>
                <th>结果</th>
                <th>说明</th>
              </tr>
            </thead>
            <tbody>
              {c.events.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{label(CASE_EVENT_LABELS, e.action)}</td>
                  <td>{e.actorRole === null ? '系统' : `${e.actorSub}（${label(ROLE_LABELS, e.actorRole)}）`}</td>
                  <td>{e.outcome === null ? '—' : label(CASE_OUTCOME_LABELS, e.outcome)}</td>
                  <td class="notes">{orDash(e.note)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </div>
  );
}

interface Problems {
  outcome?: string;
  note?: string;
  form?: string;
}

/** What is wrong with an update before it is sent, in Chinese. */
export function updateProblems(action: CaseAction, outcome: string, note: string): Problems {
  const problems: Problems = {};
  if (needsOutcome(action) && outcome === '') problems.outcome = '请选择处理结果';
  if (needsNote(action) && note.trim() === '') problems.note = action === 'REOPEN' ? '请说明重新打开的原因' : '请填写处理情况说明';
  else if (note.trim().length > MAX_NOTE) problems.note = `说明不能超过 ${MAX_NOTE} 字`;
  return problems;
}

function CaseActionForm({ session, c, onDone }: { session: Session; c: Case; onDone: () => void }) {
  const actions = caseActions(session.role, c);
  const [action, setAction] = useState<CaseAction>(actions[0] ?? 'NOTE');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  if (actions.length === 0) return <p class="muted">您的角色可以查看此个案，不能处理。</p>;
  const chosen = actions.includes(action) ? action : actions[0];

  const submit = async () => {
    setSaved(null);
    const found = updateProblems(chosen, outcome, note);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await request(session, ConsoleUpdateCase, { input: { id: c.id, action: chosen, outcome: needsOutcome(chosen) ? outcome : undefined, note: note.trim() || undefined } });
      setNote('');
      setOutcome('');
      setSaved(`已${CASE_ACTION_LABELS[chosen]}。`);
      onDone();
    } catch (failure) {
      setProblems({ form: toApiError(failure).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      class="case-form"
      aria-label="处理个案"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div class="form-row">
        <label>
          操作
          <select name="action" value={chosen} onChange={(e) => setAction((e.target as HTMLSelectElement).value as CaseAction)}>
            {actions.map((a) => (
              <option key={a} value={a}>
                {CASE_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        {needsOutcome(chosen) && (
          <label>
            处理结果
            <select name="outcome" value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)} aria-invalid={problems.outcome !== undefined}>
              <option value="">请选择</option>
              {c.outcomes.map((o) => (
                <option key={o} value={o}>
                  {label(CASE_OUTCOME_LABELS, o)}
                </option>
              ))}
            </select>
            {problems.outcome !== undefined && (
              <span class="field-error" role="alert">
                {problems.outcome}
              </span>
            )}
          </label>
        )}
      </div>
      <label>
        说明
        <textarea name="note" rows={3} value={note} placeholder="做了什么、发现了什么" onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} aria-invalid={problems.note !== undefined} />
        {problems.note !== undefined && (
          <span class="field-error" role="alert">
            {problems.note}
          </span>
        )}
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
        {saving ? '正在保存…' : '提交'}
      </button>
    </form>
  );
}
