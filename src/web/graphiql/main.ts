/// <reference lib="dom" />
/**
 * GraphiQL for developers, bundled by esbuild (src/web/graphiql.ts) from the `graphiql` package and
 * served by the hub itself: nothing is fetched from another host (no CDN, no web fonts).
 */
import 'graphiql/style.css';
import './page.css';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { installMonacoWorkers } from './workers';

installMonacoWorkers();

/**
 * The token is the developer's to paste: the page holds no secret and GraphiQL does not keep
 * headers in its storage (shouldPersistHeaders stays false), so a token is gone with the page.
 */
const HEADERS_TEMPLATE = `{
  "Authorization": "Bearer paste a token here"
}`;

const QUERY_TEMPLATE = `# Paste a development token into Headers below, in place of
# "paste a token here": the output of
#   npx hub token --role CIVIL_AFFAIRS --area 500109
# Then run the query (Ctrl-Enter).
query HubStatus {
  hubStatus {
    identity { children verified openReviews }
    sources { source records latestPeriod }
  }
}
`;

/** POSTs to the hub's own endpoint with the headers of the header editor; JSON in, JSON out. */
async function fetchGraphql(params: unknown, options?: { headers?: Record<string, unknown> }): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  for (const [name, value] of Object.entries(options?.headers ?? {})) headers[name] = String(value);
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params), credentials: 'omit' });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
  }
}

/**
 * The schema comes from the SDL the hub serves next to this page, not from an introspection
 * query: that query is deeper than the hub's depth limit allows, and it would need a token before
 * the developer has pasted one.
 */
async function loadSchema() {
  const response = await fetch('/graphiql/schema.graphql', { credentials: 'omit' });
  if (!response.ok) throw new Error(`schema: HTTP ${response.status}`);
  return buildSchema(await response.text());
}

async function main(): Promise<void> {
  const root = document.getElementById('graphiql');
  if (root === null) throw new Error('no #graphiql element');
  const schema = await loadSchema();
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher: fetchGraphql as never,
      schema,
      defaultQuery: QUERY_TEMPLATE,
      defaultHeaders: HEADERS_TEMPLATE,
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      // Open on the header editor: the first thing a developer does is paste a token there.
      defaultEditorToolsVisibility: 'headers',
    }),
  );
}

void main();
