import { useState } from 'preact/hooks';
import type { VisitKind } from '../../../../schema/generated/console';
import { request } from '../api';
import { toApiError } from '../data';
import { todayInChina } from '../format';
import { VISIT_KIND_LABELS } from '../labels';
import { ConsoleRecordVisit } from '../operations';
import type { Session } from '../session';

/** The hub keeps at most this much of a visit's notes (src/modules/casework/visit.service.ts). */
const MAX_NOTES = 4000;

interface Problems {
  visitedOn?: string;
  notes?: string;
  form?: string;
}

/** What is wrong with a visit before it is sent, in the words a village director reads. */
export function visitProblems(visitedOn: string, notes: string, birthDate: string | null, today: string): Problems {
  const problems: Problems = {};
  if (visitedOn === '') problems.visitedOn = '请选择走访日期';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(visitedOn)) problems.visitedOn = '日期格式应为 2024-03-31';
  else if (visitedOn > today) problems.visitedOn = '走访日期不能晚于今天';
  else if (birthDate !== null && visitedOn < birthDate) problems.visitedOn = '走访日期不能早于儿童出生日期';
  if (notes.trim() === '') problems.notes = '请填写走访情况';
  else if (notes.trim().length > MAX_NOTES) problems.notes = `走访情况不能超过 ${MAX_NOTES} 字`;
  return problems;
}

/** 记录走访 (village child directors): a contact or home visit with this child. */
export function VisitForm({ session, childId, birthDate, onRecorded }: { session: Session; childId: string; birthDate: string | null; onRecorded: () => void }) {
  const today = todayInChina();
  const [kind, setKind] = useState<VisitKind>('HOME_VISIT');
  const [visitedOn, setVisitedOn] = useState(today);
  const [notes, setNotes] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = async () => {
    setSaved(false);
    const found = visitProblems(visitedOn, notes, birthDate, today);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await request(session, ConsoleRecordVisit, { input: { childId, kind, visitedOn, notes: notes.trim() } });
      setNotes('');
      setSaved(true);
      onRecorded();
    } catch (failure) {
      setProblems({ form: toApiError(failure).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      class="visit-form"
      aria-label="记录走访"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>记录走访</h3>
      <div class="form-row">
        <label>
          方式
          <select name="kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as VisitKind)}>
            {(Object.keys(VISIT_KIND_LABELS) as VisitKind[]).map((k) => (
              <option key={k} value={k}>
                {VISIT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          走访日期
          {/* Text, not a date picker: the picker shows the browser's own format (03/31/2024), the hub writes 2024-03-31. */}
          <input type="text" name="visitedOn" value={visitedOn} placeholder="2024-03-31" inputMode="numeric" maxLength={10} onInput={(e) => setVisitedOn((e.target as HTMLInputElement).value)} aria-invalid={problems.visitedOn !== undefined} />
          {problems.visitedOn !== undefined && (
            <span class="field-error" role="alert">
              {problems.visitedOn}
            </span>
          )}
        </label>
      </div>
      <label>
        走访情况
        <textarea name="notes" rows={4} value={notes} placeholder="见到了谁、儿童状况、需要的帮助" onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} aria-invalid={problems.notes !== undefined} />
        {problems.notes !== undefined && (
          <span class="field-error" role="alert">
            {problems.notes}
          </span>
        )}
      </label>
      {problems.form !== undefined && (
        <p class="error" role="alert">
          {problems.form}
        </p>
      )}
      {saved && (
        <p class="success" role="status">
          已保存走访记录。
        </p>
      )}
      <button type="submit" class="primary" disabled={saving}>
        {saving ? '正在保存…' : '保存走访记录'}
      </button>
    </form>
  );
}
