import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphqlClient } from './server';

/** A graphql-ws client of the hub's subscriptions (graphql-transport-ws on /graphql), and what it was told. */

export interface EventNode {
  id: string;
  kind: string;
  childId: string | null;
  flag: string | null;
  source: string | null;
  areaCode: string | null;
  countyCode: string | null;
}

export interface Closed {
  code: number;
  reason: string;
}

export interface Subscriber {
  events: EventNode[];
  /** Results that carried errors (a subscription refused when it started). */
  refusals: { message: string; extensions?: { code?: string } }[];
  /** Errors of the subscription itself, or the socket's close when it was closed before it ran. */
  failure: Promise<unknown>;
  closed: Promise<Closed>;
  client: Client;
}

export const EVENT_FIELDS = 'id kind childId flag source areaCode countyCode';
export const SUBSCRIBE = `subscription Added($kinds: [EventKind!], $areaCode: String, $after: ID) { eventAdded(kinds: $kinds, areaCode: $areaCode, after: $after) { ${EVENT_FIELDS} } }`;

const EVENTS = `query Events($filter: EventFilter) { events(filter: $filter, first: 100) { edges { node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

/** Every event a client is told through `events` (the rules a subscription follows), after an id. */
export async function eventsAfter(client: GraphqlClient, after: string, filter: Record<string, unknown> = {}): Promise<EventNode[]> {
  const seen: EventNode[] = [];
  let cursor = after;
  for (;;) {
    const { body } = await client(EVENTS, { filter: { ...filter, after: cursor } });
    if (body.errors !== undefined) throw new Error(`events answered ${JSON.stringify(body.errors)}`);
    const page = body.data!.events;
    seen.push(...page.edges.map((e: { node: EventNode }) => e.node));
    if (!page.pageInfo.hasNextPage) return seen;
    cursor = page.pageInfo.endCursor;
  }
}

/** One socket, opened at once with `connectionParams` (the token) and kept open between subscriptions. */
export function connect(endpoint: string, connectionParams: Record<string, unknown> | undefined): { client: Client; closed: Promise<Closed> } {
  let resolveClosed: (closed: Closed) => void = () => undefined;
  const closed = new Promise<Closed>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: endpoint.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    // Connected at once and kept open between subscriptions (a lazy client closes the socket
    // when its last subscription ends, and a lazy close timeout would outlive the test).
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (event) => resolveClosed({ code: (event as Closed).code, reason: String((event as Closed).reason) }) },
  });
  return { client, closed };
}

/** Subscribes (on a new socket, or on `on`) and records every event and refusal. */
export function subscribe(endpoint: string, connectionParams: Record<string, unknown> | undefined, variables: Record<string, unknown> = {}, query = SUBSCRIBE, on?: { client: Client; closed: Promise<Closed> }): Subscriber {
  const { client, closed } = on ?? connect(endpoint, connectionParams);
  const subscriber: Omit<Subscriber, 'failure'> = { events: [], refusals: [], closed, client };
  const failure = new Promise<unknown>((resolve) => {
    client.subscribe<{ eventAdded: EventNode }>({ query, variables }, {
      next: (result) => {
        if (result.errors) subscriber.refusals.push(...(result.errors as Subscriber['refusals']));
        if (result.data?.eventAdded) subscriber.events.push(result.data.eventAdded);
      },
      error: resolve,
      complete: () => resolve(null),
    });
  });
  return { ...subscriber, failure };
}

