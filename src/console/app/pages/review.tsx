import { useEffect, useRef, useState } from 'preact/hooks';
import { request, type ApiError } from '../api';
import { ErrorNotice, Loading, PageTitle } from '../components';
import { toApiError, useAreaNames } from '../data';
import { formatCount } from '../format';
import { PairTable } from '../review/pair-table';
import { COMPARISON_LABELS, formatWeight, heldBySentence, LEVEL_LABELS, readHeldBy, word } from '../review/review-labels';
import { ConsoleDecideReview, ConsoleReviewQueue, type Decision, type ReviewItem } from '../review/review-operations';
import { waterfallSteps } from '../review/waterfall';
import { WaterfallChart } from '../review/waterfall-chart';
import '../review/review.css';
import type { PageProps } from './registry';

const DECISION_LABELS: Record<Decision, string> = { MATCH: '匹配（同一儿童）', NO_MATCH: '不匹配（不同儿童）' };

interface Queue {
  items: ReviewItem[];
  open: number;
}

/**
 * The review screen (civil affairs): one pair at a time, both records side by side with their
 * differences marked, the weight as a waterfall and why the engine did not decide alone; MATCH or
 * NO_MATCH with a reason, then the next pair. The queue is loaded once and kept, and the next
 * pair opens as soon as the decision is sent: the reviewer does not wait for the hub, whose answer
 * comes behind ("正在保存…", then "已记录"). A decision the hub refuses (a lost connection, an
 * expired sign-in) brings its pair back with the reason typed and the hub's reason shown, so
 * nothing is taken as decided that the hub did not record. After each recorded decision the queue
 * is refreshed behind the page for pairs other reviewers settled meanwhile.
 *
 * Keys: m / n decide (an empty reason first takes the cursor to the reason field, where Enter
 * confirms), j / k go to the next / previous pair. Keys typed in a field are text, never commands.
 */
export function ReviewPage({ session }: PageProps) {
  const names = useAreaNames(session);
  const [queue, setQueue] = useState<Queue | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [chosen, setChosen] = useState<Decision | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [last, setLast] = useState<{ id: string; decision: Decision; saved: boolean } | null>(null);
  // Items decided in this sitting (sent, or recorded): a refresh that started before a decision
  // reached the hub must not bring its pair back.
  const decided = useRef(new Set<string>());
  const reasonField = useRef<HTMLInputElement>(null);
  const pairHeading = useRef<HTMLHeadingElement>(null);

  const items = queue?.items ?? [];
  const index = items.findIndex((item) => item.id === currentId);
  const current = index >= 0 ? items[index] : null;

  const load = async () => {
    try {
      const data = await request(session, ConsoleReviewQueue, {});
      const fresh = data.reviewQueue.items.filter((item) => !decided.current.has(item.id));
      setQueue({ items: fresh, open: data.reviewQueue.open });
      setCurrentId((was) => (was !== null && fresh.some((item) => item.id === was) ? was : (fresh[0]?.id ?? null)));
      setLoadError(null);
    } catch (error) {
      setLoadError(toApiError(error));
    }
  };
  useEffect(() => {
    void load();
  }, [session.token]);

  const show = (item: ReviewItem | undefined) => {
    if (item === undefined) return;
    setCurrentId(item.id);
    setReason('');
    setChosen(null);
    setProblem(null);
  };

  const decide = (decision: Decision) => {
    if (current === null || queue === null) return;
    const text = reason.trim();
    if (text === '') {
      setChosen(decision);
      setProblem(`请填写判断理由，再按回车确认“${DECISION_LABELS[decision]}”`);
      reasonField.current?.focus();
      return;
    }
    const item = current;
    const position = index;
    decided.current.add(item.id);
    const next = items[index + 1] ?? items[index - 1];
    setQueue({ items: items.filter((other) => other.id !== item.id), open: Math.max(0, queue.open - 1) });
    setCurrentId(next?.id ?? null);
    setReason('');
    setChosen(null);
    setProblem(null);
    setLast({ id: item.id, decision, saved: false });
    // The cursor leaves the reason field, so that the keys work on the next pair at once.
    pairHeading.current?.focus();
    request(session, ConsoleDecideReview, { input: { id: item.id, decision, reason: text } }).then(
      () => {
        setLast((was) => (was?.id === item.id ? { ...was, saved: true } : was));
        void load();
      },
      (error: unknown) => {
        // Not recorded: the pair comes back where it was, with what the reviewer typed.
        decided.current.delete(item.id);
        setQueue((was) => {
          if (was === null || was.items.some((other) => other.id === item.id)) return was;
          const back = [...was.items];
          back.splice(Math.min(position, back.length), 0, item);
          return { items: back, open: was.open + 1 };
        });
        setCurrentId(item.id);
        setReason(text);
        setChosen(decision);
        setLast(null);
        setProblem(`第 ${item.id} 号的判定未能保存：${toApiError(error).message}`);
      },
    );
  };

  // One listener for the page's life; it reads the latest state through the ref.
  const onKey = useRef<(event: KeyboardEvent) => void>(() => undefined);
  onKey.current = (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing || typingIn(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === 'm' || key === 'n') {
      event.preventDefault();
      decide(key === 'm' ? 'MATCH' : 'NO_MATCH');
    } else if (key === 'j') {
      event.preventDefault();
      show(items[index + 1]);
    } else if (key === 'k') {
      event.preventDefault();
      show(items[index - 1]);
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const onReasonKey = (event: KeyboardEvent) => {
    // Enter while an input method is composing picks a character: it is not a confirmation.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      if (chosen === null) setProblem('请按 M（匹配）或 N（不匹配），或点击下方按钮');
      else decide(chosen);
    } else if (event.key === 'Escape') {
      (event.currentTarget as HTMLInputElement).blur();
    }
  };

  if (loadError !== null && queue === null) return <ErrorNotice error={loadError} />;
  if (queue === null) return <Loading />;

  return (
    <div class="review">
      <PageTitle title="复核比对">
        <span class="count" data-testid="review-open">
          待复核 {formatCount(queue.open)} 对
        </span>
        {current !== null && (
          <span class="count" data-testid="review-position">
            第 {formatCount(index + 1)} / {formatCount(items.length)} 对
          </span>
        )}
      </PageTitle>
      {last !== null && (
        <p class={`review-last ${last.saved ? 'success' : 'muted'}`} role="status" data-testid="review-last" data-saved={last.saved}>
          {last.saved ? '已记录' : '正在保存'}：第 {last.id} 号判定为“{DECISION_LABELS[last.decision]}”{last.saved ? '，下次比对运行时生效' : '…'}
        </p>
      )}
      {current === null && queue.open > 0 ? (
        // Decided faster than the queue refreshes: the next pairs are on their way.
        <Loading />
      ) : current === null ? (
        <div class="card" data-testid="review-empty">
          <h2>复核队列已清空</h2>
          <p class="muted">本县暂无待复核的记录对。</p>
        </div>
      ) : (
        <>
          <div class="review-layout" data-testid="review-pair" data-item-id={current.id}>
            <section class="card" aria-label="两条记录对照">
              <h2 ref={pairHeading} tabIndex={-1}>
                第 {current.id} 号 · 两条记录对照
              </h2>
              <p class="legend">
                <span class="swatch agree-differs">不一致</span>
                <span class="swatch agree-one-side">仅一方有值</span>
              </p>
              <PairTable left={current.left} right={current.right} leftChildId={current.leftChildId} rightChildId={current.rightChildId} names={names} />
            </section>
            <Why item={current} />
          </div>
          <DecisionBar
            reason={reason}
            chosen={chosen}
            problem={problem}
            reasonField={reasonField}
            onReason={(text) => setReason(text)}
            onReasonKey={onReasonKey}
            onDecide={decide}
            onPrevious={index > 0 ? () => show(items[index - 1]) : null}
            onNext={index < items.length - 1 ? () => show(items[index + 1]) : null}
          />
        </>
      )}
    </div>
  );
}

/** Why the pair is in the queue: the guard or the thresholds, and the weight built up comparison by comparison. */
function Why({ item }: { item: ReviewItem }) {
  const held = readHeldBy(item.heldBy, item.reason);
  const steps = waterfallSteps(item.matchWeight, item.comparisons);
  return (
    <section class="card why" aria-label="待复核原因">
      <h2>为何待复核</h2>
      <p class="held-by" data-testid="held-by" data-kind={held.kind}>
        {heldBySentence(held)}
      </p>
      <WaterfallChart steps={steps} thresholds={held.kind === 'thresholds' ? { review: held.review, link: held.link } : null} title={`匹配分 ${item.matchWeight} 的构成`} />
      <table class="comparisons" data-testid="comparisons">
        <thead>
          <tr>
            <th scope="col">比对项</th>
            <th scope="col">结果</th>
            <th scope="col" class="num">
              权重
            </th>
          </tr>
        </thead>
        <tbody>
          {item.comparisons.map((c) => (
            <tr key={c.comparison} data-comparison={c.comparison} class={c.weight > 0 ? 'for' : c.weight < 0 ? 'against' : undefined}>
              <td>{word(COMPARISON_LABELS, c.comparison)}</td>
              <td title={c.level}>{word(LEVEL_LABELS, c.level)}</td>
              <td class="num">{formatWeight(c.weight)}</td>
            </tr>
          ))}
          <tr class="total">
            <td colSpan={2}>匹配分（含先验）</td>
            <td class="num" data-testid="match-weight">
              {item.matchWeight}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function DecisionBar(props: {
  reason: string;
  chosen: Decision | null;
  problem: string | null;
  reasonField: { current: HTMLInputElement | null };
  onReason(text: string): void;
  onReasonKey(event: KeyboardEvent): void;
  onDecide(decision: Decision): void;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
}) {
  return (
    <form class="decision-bar" aria-label="复核判定" onSubmit={(event) => event.preventDefault()}>
      <label class="reason">
        判断理由（必填）
        <input
          ref={props.reasonField}
          name="reason"
          type="text"
          maxLength={500}
          autoComplete="off"
          placeholder="例如：核对了出生证明，为同一儿童"
          value={props.reason}
          onInput={(event) => props.onReason((event.currentTarget as HTMLInputElement).value)}
          onKeyDown={props.onReasonKey}
          aria-invalid={props.problem !== null && props.reason.trim() === ''}
        />
      </label>
      <div class="decision-buttons">
        {(['MATCH', 'NO_MATCH'] as const).map((decision) => (
          <button
            key={decision}
            type="button"
            class={`decide decide-${decision}`}
            aria-pressed={props.chosen === decision}
            onClick={() => props.onDecide(decision)}
          >
            {DECISION_LABELS[decision]} <kbd>{decision === 'MATCH' ? 'M' : 'N'}</kbd>
          </button>
        ))}
        <button type="button" disabled={props.onPrevious === null} onClick={() => props.onPrevious?.()}>
          上一对 <kbd>K</kbd>
        </button>
        <button type="button" disabled={props.onNext === null} onClick={() => props.onNext?.()}>
          下一对 <kbd>J</kbd>
        </button>
      </div>
      {props.problem !== null && (
        <p class="error" role="alert" data-testid="review-problem">
          {props.problem}
        </p>
      )}
    </form>
  );
}

/** Whether a key press is text typed into a field (the reason, a search box), not a command. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}
