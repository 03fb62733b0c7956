import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { CareGiver, ConsoleCaseQuery, EmergencyMeasure, SupportMeasure } from '../../../../schema/generated/console';
import { request } from '../api';
import { reportStage, reportSteps, REPORT_STEP_LABELS, type ReportStep } from '../casework';
import { ErrorNotice, Fields, Loading, Section } from '../components';
import { areaLabel, toApiError, useOperation } from '../data';
import { formatDateTime, orDash, todayInChina } from '../format';
import { CARE_GIVER_LABELS, CASE_OUTCOME_LABELS, CONCERN_LABELS, EMERGENCY_LABELS, label, ROLE_LABELS, STAGE_LABELS, SUPPORT_LABELS } from '../labels';
import { ConsoleAttachReportChild, ConsoleCloseReport, ConsoleConcernReports, ConsoleRecordReportAssessment, ConsoleRecordReportResponse, ConsoleRecordReportSupport } from '../operations';
import { href } from '../router';
import type { Session } from '../session';

type Case = NonNullable<ConsoleCaseQuery['case']>;

/** Measures that leave the child with someone: the police name with whom (the hub requires it). */
const CARING: readonly EmergencyMeasure[] = ['TEMPORARY_CARE', 'SHELTER'];
/** What a step did, said once it is recorded (police no longer see the case after their response). */
const STEP_DONE: Record<ReportStep, string> = {
  attach: '已确认儿童。',
  respond: '已记录出警处置，个案已移交民政部门和乡镇评估。',
  assess: '已记录评估。',
  support: '已记录帮扶措施。',
  close: '已办结。',
};
const REPORT_OUTCOMES = ['GUARDIANSHIP_RESTORED', 'SUPPORT_ARRANGED', 'NO_CONCERN_FOUND', 'REFERRED'];

/**
 * A mandatory report's chain on its case page (police, civil affairs, town supervisor): the
 * report's own words, the children a report without an id may be about, and the next step the
 * role takes (001 §二(五)(六)).
 */
export function ReportWork({ session, c, names, onDone }: { session: Session; c: Case; names: Map<string, string>; onDone: (message: string) => void }) {
  const { data, error, loading, reload } = useOperation(session, ConsoleConcernReports, { caseId: c.id });
  const stage = reportStage(c.status, c.events);
  const steps = reportSteps(session.role, stage, c.childId !== null);
  const done = (step: ReportStep) => {
    reload();
    onDone(STEP_DONE[step]);
  };
  return (
    <>
      <Section title="报告内容" id="report">
        <p>
          进展：<strong data-testid="report-stage">{label(STAGE_LABELS, stage)}</strong>
        </p>
        {loading && data === null && <Loading />}
        {error !== null && <ErrorNotice error={error} />}
        {data?.concernReports.map((r) => (
          <div class="report" key={r.id} data-report={r.id}>
            <Fields
              rows={[
                ['情形', label(CONCERN_LABELS, r.concern)],
                ['发现日期', r.observedOn],
                ['报告时间', formatDateTime(r.reportedAt)],
                ['报告人', `${r.reporterSub}（${label(ROLE_LABELS, r.reporterRole)}）`],
                ['报告的姓名', orDash(r.reportedName)],
                ['报告的出生日期', orDash(r.reportedBirthDate)],
                ['所在区域', areaLabel(names, r.areaCode)],
              ]}
            />
            <p class="notes description">{r.description}</p>
          </div>
        ))}
      </Section>
      {steps.length > 0 && (
        <Section title="下一步" id="report-steps">
          {steps.map((step) => (
            <StepForm key={step} step={step} session={session} c={c} stage={stage} candidates={data?.concernReports.flatMap((r) => r.candidates) ?? []} names={names} onDone={done} />
          ))}
        </Section>
      )}
    </>
  );
}

interface Candidate {
  childId: string;
  areaCode: string | null;
  strength: string;
}

/** One step's form: checked in Chinese before anything is sent, then the hub's answer. */
function StepForm({ step, session, c, stage, candidates, names, onDone }: { step: ReportStep; session: Session; c: Case; stage: string; candidates: Candidate[]; names: Map<string, string>; onDone: (step: ReportStep) => void }) {
  const today = todayInChina();
  const [now] = useState(() => formatDateTime(new Date().toISOString()).slice(0, 16));
  const [values, setValues] = useState<Record<string, string>>({ respondedAt: now, townNotifiedOn: today, emergencyMeasure: 'NONE' });
  const [measures, setMeasures] = useState<SupportMeasure[]>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const set = (name: string) => (e: Event) => setValues((v) => ({ ...v, [name]: (e.target as HTMLInputElement).value }));
  const value = (name: string) => values[name] ?? '';
  const note = value('note').trim();

  const check = (): Record<string, string> => {
    const found: Record<string, string> = {};
    const required = (name: string, message: string) => {
      if (value(name).trim() === '') found[name] = message;
    };
    if (step === 'attach') required('childId', '请选择或填写儿童编号');
    if (step === 'respond') {
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value('respondedAt'))) found.respondedAt = '出警时间格式应为 2024-03-31 14:05';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value('townNotifiedOn'))) found.townNotifiedOn = '日期格式应为 2024-03-31';
      else if (value('townNotifiedOn') > today) found.townNotifiedOn = '通报乡镇日期不能晚于今天';
      if (CARING.includes(value('emergencyMeasure') as EmergencyMeasure)) required('careGiver', '临时照料或安置须选择照料方');
      required('note', '请填写出警情况');
    }
    if (step === 'assess') {
      required('safety', '请填写安全处境');
      required('guardianship', '请填写监护情况');
      required('health', '请填写身心健康情况');
    }
    if (step === 'support') {
      if (measures.length === 0) found.measures = '请至少选择一项帮扶措施';
      required('note', '请填写由谁提供、何时提供');
    }
    if (step === 'close') {
      required('outcome', '请选择处理结果');
      required('note', '请填写办结说明');
    }
    return found;
  };

  const send = (): Promise<unknown> => {
    const caseId = c.id;
    const optionalNote = { note: note || undefined };
    switch (step) {
      case 'attach':
        return request(session, ConsoleAttachReportChild, { input: { caseId, childId: value('childId').trim(), ...optionalNote } });
      case 'respond': {
        const careGiver = value('careGiver') as CareGiver | '';
        return request(session, ConsoleRecordReportResponse, {
          input: {
            caseId,
            emergencyMeasure: value('emergencyMeasure') as EmergencyMeasure,
            careGiver: careGiver || undefined,
            careGiverName: value('careGiverName').trim() || undefined,
            // The form reads China time to the minute, as the officer writes it down; left as
            // offered, it is the moment of sending (a minute cut short could fall before the report).
            respondedAt: value('respondedAt') === now ? new Date().toISOString() : `${value('respondedAt').replace(' ', 'T')}:00+08:00`,
            townNotifiedOn: value('townNotifiedOn'),
            note,
          },
        });
      }
      case 'assess':
        return request(session, ConsoleRecordReportAssessment, { input: { caseId, safety: value('safety').trim(), guardianship: value('guardianship').trim(), health: value('health').trim(), ...optionalNote } });
      case 'support':
        return request(session, ConsoleRecordReportSupport, { input: { caseId, measures, note } });
      case 'close':
        return request(session, ConsoleCloseReport, { input: { caseId, outcome: value('outcome'), note } });
    }
  };

  const submit = async () => {
    const found = check();
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await send();
      setValues({});
      onDone(step);
    } catch (failure) {
      setProblems({ form: toApiError(failure).message });
    } finally {
      setSaving(false);
    }
  };

  const problem = (name: string) =>
    problems[name] === undefined ? null : (
      <span class="field-error" role="alert">
        {problems[name]}
      </span>
    );
  const text = (name: string, title: string, placeholder = '') => (
    <Field title={title}>
      <input name={name} value={value(name)} placeholder={placeholder} onInput={set(name)} aria-invalid={problems[name] !== undefined} />
      {problem(name)}
    </Field>
  );
  const area = (name: string, title: string, placeholder = '') => (
    <Field title={title}>
      <textarea name={name} rows={3} value={value(name)} placeholder={placeholder} onInput={set(name)} aria-invalid={problems[name] !== undefined} />
      {problem(name)}
    </Field>
  );

  return (
    <form
      class="step-form"
      aria-label={REPORT_STEP_LABELS[step]}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{REPORT_STEP_LABELS[step]}</h3>
      {step === 'attach' && (
        <>
          {candidates.length > 0 && (
            <Field title="可能的儿童（按匹配程度）">
              <select name="candidate" value={value('childId')} onChange={set('childId')}>
                <option value="">请选择</option>
                {candidates.map((k) => (
                  <option key={k.childId} value={k.childId}>
                    {k.childId} · {areaLabel(names, k.areaCode)} · {k.strength === 'LIKELY' ? '很可能' : k.strength === 'POSSIBLE' ? '可能' : '较弱'}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {text('childId', '儿童编号', '例如 C0123abcd')}
          {values.childId && (
            <a href={href(`/child/${encodeURIComponent(value('childId'))}`)} target="_blank">
              查看该儿童档案
            </a>
          )}
        </>
      )}
      {step === 'respond' && (
        <>
          <div class="form-row">
            {text('respondedAt', '出警时间', '2024-03-31 14:05')}
            {text('townNotifiedOn', '通报乡镇日期', '2024-03-31')}
          </div>
          <div class="form-row">
            <Field title="紧急措施">
              <select name="emergencyMeasure" value={value('emergencyMeasure')} onChange={set('emergencyMeasure')}>
                {Object.entries(EMERGENCY_LABELS).map(([key, name]) => (
                  <option key={key} value={key}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
            <Field title="照料方">
              <select name="careGiver" value={value('careGiver')} onChange={set('careGiver')} aria-invalid={problems.careGiver !== undefined}>
                <option value="">无</option>
                {Object.entries(CARE_GIVER_LABELS).map(([key, name]) => (
                  <option key={key} value={key}>
                    {name}
                  </option>
                ))}
              </select>
              {problem('careGiver')}
            </Field>
            {text('careGiverName', '照料人或机构')}
          </div>
          {area('note', '出警情况', '发现了什么、做了什么')}
        </>
      )}
      {step === 'assess' && (
        <>
          {area('safety', '安全处境')}
          {area('guardianship', '监护情况')}
          {area('health', '身心健康')}
          {area('note', '备注（选填）')}
        </>
      )}
      {step === 'support' && (
        <>
          <fieldset class="checks">
            <legend>帮扶措施</legend>
            {(Object.keys(SUPPORT_LABELS) as SupportMeasure[]).map((m) => (
              <label key={m}>
                <input type="checkbox" name="measures" value={m} checked={measures.includes(m)} onChange={(e) => setMeasures((now) => ((e.target as HTMLInputElement).checked ? [...now, m] : now.filter((x) => x !== m)))} />
                {SUPPORT_LABELS[m]}
              </label>
            ))}
            {problem('measures')}
          </fieldset>
          {area('note', '由谁提供、何时提供')}
        </>
      )}
      {step === 'close' && (
        <>
          <Field title="处理结果">
            <select name="outcome" value={value('outcome')} onChange={set('outcome')} aria-invalid={problems.outcome !== undefined}>
              <option value="">请选择</option>
              {REPORT_OUTCOMES.filter((o) => o !== 'SUPPORT_ARRANGED' || stage === 'SUPPORT_ARRANGED').map((o) => (
                <option key={o} value={o}>
                  {label(CASE_OUTCOME_LABELS, o)}
                </option>
              ))}
            </select>
            {problem('outcome')}
          </Field>
          {area('note', '办结说明')}
        </>
      )}
      {problems.form !== undefined && (
        <p class="error" role="alert">
          {problems.form}
        </p>
      )}
      <button type="submit" class="primary" disabled={saving}>
        {saving ? '正在保存…' : `提交${REPORT_STEP_LABELS[step]}`}
      </button>
    </form>
  );
}

function Field({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <label>
      {title}
      {children}
    </label>
  );
}
