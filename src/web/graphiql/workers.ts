/// <reference lib="dom" />
/**
 * Monaco (GraphiQL's editor) runs its language services in web workers. The `graphiql` package
 * ships set-ups that load them from esm.sh or through a Vite or webpack plugin; the hub bundles
 * each worker into a file of its own next to the page (src/web/graphiql.ts), so a worker is a
 * same-origin script and the page's CSP needs no blob: or other host for it.
 */
export const WORKER_FILES = {
  editor: 'editor.worker.js',
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
} as const;

/** Where the bundle is served (src/web/graphiql.ts). */
const ASSETS_PATH = '/graphiql/assets/';

export function installMonacoWorkers(): void {
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      const file = label === 'json' ? WORKER_FILES.json : label === 'graphql' ? WORKER_FILES.graphql : WORKER_FILES.editor;
      return new Worker(ASSETS_PATH + file, { name: label });
    },
  };
}
