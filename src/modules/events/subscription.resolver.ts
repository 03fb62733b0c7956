import { Arg, Authorized, ID, Resolver, Root, Subscription, type PubSub } from 'type-graphql';
import type { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import { BadRequestError } from '../common/requests';
import { EVENT_READERS, EventKind } from './event-kinds';
import type { EventRow } from './event.store';
import { HubEvent } from './event.type';
import type { EventSubscriptionArgs, EventSubscriptionService } from './subscription.service';

/** Every role that hears of some kind of event (the roles of `events`). */
const LISTENERS = [...new Set(Object.values(EVENT_READERS).flat())] as Role[];

/** What a subscription's resolvers get: a request's context, and the subscriptions of this process. */
export interface SubscriptionContext extends RequestContext {
  eventSubscriptions: EventSubscriptionService;
}

/**
 * type-graphql requires a PubSub as soon as one @Subscription exists, even one that brings its own
 * `subscribe`. The hub's subscriptions read the outbox (subscription.service.ts), never topics
 * published in memory: an event written by another process would not be on them. So this one
 * refuses to be used.
 */
export const NO_TOPICS: PubSub = {
  publish() {
    throw new Error('subscriptions read the event outbox; nothing is published in memory');
  },
  subscribe() {
    throw new Error('subscriptions read the event outbox; nothing is published in memory');
  },
};

@Resolver()
export class EventSubscriptionResolver {
  @Authorized(...LISTENERS)
  @Subscription(() => HubEvent, {
    description:
      'Events as they are written, that your role and area may be told (the rules of `events`), over graphql-ws (graphql-transport-ws) on /graphql. ' +
      'Nothing is lost when the socket closes: resume with events(filter: {after: <last id seen>}), or subscribe again with `after`.',
    subscribe: ({ args, context }) => {
      const { viewer, eventSubscriptions } = context as Partial<SubscriptionContext>;
      if (viewer == null || eventSubscriptions === undefined) throw new BadRequestError(OVER_WEBSOCKET);
      return eventSubscriptions.open(viewer, args as EventSubscriptionArgs);
    },
  })
  eventAdded(
    @Root() event: EventRow | undefined,
    @Arg('kinds', () => [EventKind], { nullable: true, description: 'Only these kinds (default: every kind your role hears of).' }) _kinds?: EventKind[],
    @Arg('areaCode', () => String, { nullable: true, description: 'A GB/T 2260 code prefix inside your area.' }) _areaCode?: string,
    @Arg('after', () => ID, { nullable: true, description: 'Replay the events after this id (the last one you saw), then go on live.' }) _after?: string,
  ): HubEvent {
    // Over HTTP, graphql-js runs a subscription's resolver once without an event: say where to go.
    if (event === undefined) throw new BadRequestError(OVER_WEBSOCKET);
    return event;
  }
}

const OVER_WEBSOCKET = 'subscriptions are served over WebSocket (graphql-ws, subprotocol graphql-transport-ws) on /graphql, not over HTTP';
