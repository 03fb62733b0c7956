import type { ComponentChildren } from 'preact';
import type { ApiError } from './api';
import { formatCount } from './format';

export function PageTitle({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-title">
      <h1>{title}</h1>
      {children}
    </div>
  );
}

export function Loading() {
  return <p class="muted" role="status">正在加载…</p>;
}

export function ErrorNotice({ error }: { error: ApiError }) {
  return (
    <p class="error" role="alert" data-code={error.code}>
      {error.message}
    </p>
  );
}

export function Refused() {
  return (
    <div class="refused" role="alert">
      <h1>无权访问此页面</h1>
      <p>您的角色不能使用此页面。如需访问，请联系管理员。</p>
    </div>
  );
}

/** A number in a box, for the dashboard's totals. */
export function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div class="stat" data-testid={testId}>
      <span class="stat-label">{label}</span>
      <span class="stat-value">{formatCount(value)}</span>
    </div>
  );
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" id={id} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Label/value pairs of a file's section. */
export function Fields({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="fields">
      {rows.map(([name, value]) => (
        <div class="field" key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Previous / next by cursor: the cursors of the pages before this one live in the address
 * (`page=c1,c2`), so a page can be bookmarked and the back button works.
 */
export function Pager({ cursors, hasNextPage, endCursor, onPage }: { cursors: string[]; hasNextPage: boolean; endCursor: string | null; onPage: (page: string | null) => void }) {
  return (
    <div class="pager">
      <button type="button" disabled={cursors.length === 0} onClick={() => onPage(cursors.slice(0, -1).join(',') || null)}>
        上一页
      </button>
      <span class="muted">第 {cursors.length + 1} 页</span>
      <button type="button" disabled={!hasNextPage} onClick={() => onPage([...cursors, endCursor ?? ''].join(','))}>
        下一页
      </button>
    </div>
  );
}

/** The cursors of the pages before the one shown, from the address. */
export function pageCursors(query: URLSearchParams): string[] {
  return (query.get('page') ?? '').split(',').filter((c) => c !== '');
}
