import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';

/** A request sent through the server before it listens, and the HTTP status it must get. */
export interface WarmUpRequest {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Sent as the Authorization header; without one, the request carries the warm-up key instead. */
  authorization?: string;
  status: number;
}

/**
 * What the first requests after a start would otherwise pay for, measured at 75-150 ms for the
 * first refusal: the body parser loads its modules on first use (mime-db among them, ~40 ms);
 * each kind of refusal builds an error whose stack trace is formatted once, through the source
 * maps of every file in it, read and parsed on first use (~40 ms); graphql-js, Apollo and our
 * rules are compiled on their first run. Every limit is represented, the way a client meets it.
 */
export function warmUpRequests({ maxBatch }: { maxBatch: number }): WarmUpRequest[] {
  return [
    { name: 'a bad token', query: '{ __typename }', authorization: 'Bearer not-a-token', status: 401 },
    { name: 'a normal question', query: '{ __typename }', status: 200 },
    { name: 'a query too long to parse', query: `{ ${'__typename '.repeat(2100)}}`, status: 400 },
    { name: 'a mistyped field', query: '{ childre { totalCount } }', status: 400 },
    { name: 'introspection too deep', query: `{ __schema { types { fields { type { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} } } } } }`, status: 400 },
    { name: 'fragments spread too often', query: `{ ...F0 } ${Array.from({ length: 4 }, (_, i) => (i === 3 ? 'fragment F3 on Query { __typename }' : `fragment F${i} on Query { ${`...F${i + 1} `.repeat(20)}}`)).join(' ')}`, status: 400 },
    { name: 'too many aliases', query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: hubStatus { sources { source } }`).join(' ')} }`, status: 400 },
    { name: 'too many directives', query: `{ __typename ${'@include(if: true) '.repeat(21)}}`, status: 400 },
    { name: 'pages too large for their cost', query: `query P($n: Int) { a: children(first: $n) { edges { node { id } } } b: children(first: $n) { edges { node { id } } } c: children(first: $n) { edges { node { id } } } d: children(first: $n) { edges { node { id } } } }`, variables: { n: 100 }, status: 400 },
    { name: 'too many references', query: 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id } } }', variables: { r: Array.from({ length: maxBatch + 1 }, () => ({ __typename: 'Child', id: 'C0' })) }, status: 400 },
    { name: 'variables of the wrong type', query: 'query P($n: Int) { children(first: $n) { totalCount } }', variables: { n: 'many' }, status: 400 },
  ];
}

export interface WarmUpAnswer {
  name: string;
  status: number;
  /** The status the request was meant to get. */
  expected: number;
}

/**
 * The header that makes a warm-up request run as the warm-up viewer. Its value is a random key
 * made at each start: the warm-up listener is on loopback for a few hundred milliseconds, and a
 * request from anyone else there needs a token like any other.
 */
export const WARM_UP_HEADER = 'x-hub-warm-up';

/** Whether a request carries this start's warm-up key. */
export function isWarmUpKey(sent: string | string[] | undefined, key: string): boolean {
  return typeof sent === 'string' && sent.length === key.length && timingSafeEqual(Buffer.from(sent), Buffer.from(key));
}

/**
 * Sends the requests over HTTP, one after the other, to a listener of the server's own handler
 * (Node's HTTP parser, the body parser, Apollo, the token check, validation, plugins, execution,
 * error formatting), and returns the status each got. A request without a token carries `key`
 * in WARM_UP_HEADER.
 */
export async function sendWarmUpRequests(url: string, requests: readonly WarmUpRequest[], key: string): Promise<WarmUpAnswer[]> {
  const answers: WarmUpAnswer[] = [];
  for (const request of requests) answers.push({ name: request.name, status: await post(url, request, key), expected: request.status });
  return answers;
}

function post(url: string, { query, variables, authorization }: WarmUpRequest, key: string): Promise<number> {
  const body = JSON.stringify({ query, variables });
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (authorization !== undefined) headers.authorization = authorization;
  else headers[WARM_UP_HEADER] = key;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers, agent: false }, (response) => {
      response.resume(); // the answer is not wanted, only that the server made it
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}
