import { useState } from 'preact/hooks';
import { toApiError } from './data';
import { download } from './download';
import { formatCount, todayInChina } from './format';

/** One page of a list, as the console's list queries answer (a GraphQL connection). */
export interface ListPage<T> {
  edges: { node: T }[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface CsvExport {
  /** What the export is doing or why it failed (shown beside the button); null when idle. */
  status: string | null;
  run(): Promise<void>;
}

/**
 * A list page's CSV export: every page of the list with the page's filter, one request at a time
 * (the API caps a page), the progress and any failure told beside the button, the file named after
 * the list and today in China.
 */
export function useCsvExport<T>(fileName: string, fetchPage: (after: string | null) => Promise<ListPage<T>>, toCsv: (rows: T[]) => string): CsvExport {
  const [status, setStatus] = useState<string | null>(null);
  const run = async () => {
    setStatus('正在导出…');
    try {
      const rows: T[] = [];
      let after: string | null = null;
      for (;;) {
        const page: ListPage<T> = await fetchPage(after);
        rows.push(...page.edges.map((e) => e.node));
        setStatus(`正在导出… ${formatCount(rows.length)} / ${formatCount(page.totalCount)}`);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      download(`${fileName}-${todayInChina()}.csv`, toCsv(rows));
      setStatus(null);
    } catch (failure) {
      setStatus(toApiError(failure).message);
    }
  };
  return { status, run };
}

/** The export's button, disabled while it runs, and its status. */
export function CsvExportButton({ exporter }: { exporter: CsvExport }) {
  return (
    <>
      <button type="button" onClick={() => void exporter.run()} disabled={exporter.status !== null && exporter.status.startsWith('正在')}>
        导出 CSV
      </button>
      {exporter.status !== null && (
        <span class="muted" role="status">
          {exporter.status}
        </span>
      )}
    </>
  );
}
