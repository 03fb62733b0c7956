import type { Pool } from 'pg';
import type { Viewer } from '../../auth/viewer';
import { BadRequestError } from '../common/requests';
import { scopePrefix } from '../sharing/child.service';
import { audienceOf, type EventKind } from './event-kinds';
import { EventStore } from './event.store';
import type { EventFeed } from './subscription.feed';
import { SubscriptionReads } from './subscription.reads';
import { EventStream } from './subscription.stream';

/** What `eventAdded` is asked for. */
export interface EventSubscriptionArgs {
  kinds?: EventKind[] | null;
  areaCode?: string | null;
  after?: string | null;
}

/** A subscription the hub will not open: an area outside the token's, kinds the role hears none of. */
export class SubscriptionRefusedError extends Error {}

/**
 * `eventAdded`: opens a stream of the events a viewer may be told, by the same rules as `events`
 * (event.service.ts): kinds the role does not hear are left out, an area is a prefix inside the
 * viewer's. Unlike `events`, a subscription that could never deliver anything is refused rather
 * than left silent: an area outside the viewer's, or no kind left.
 */
export class EventSubscriptionService {
  private readonly reads: SubscriptionReads;

  constructor(
    private readonly pool: Pool,
    private readonly feed: EventFeed,
  ) {
    this.reads = new SubscriptionReads(new EventStore(pool));
  }

  async open(viewer: Viewer, args: EventSubscriptionArgs): Promise<EventStream> {
    const after = args.after ?? null;
    if (after !== null && !/^\d{1,18}$/.test(after)) throw new BadRequestError('after must be an event id');
    const area = scopePrefix(viewer, args.areaCode ?? undefined);
    if (area === null) throw new SubscriptionRefusedError(`area ${args.areaCode} lies outside your area ${viewer.area}`);
    const audience = audienceOf(viewer);
    const kinds = args.kinds === undefined || args.kinds === null ? audience.kinds : audience.kinds.filter((k) => args.kinds!.includes(k));
    if (kinds.length === 0) throw new SubscriptionRefusedError('your role hears of none of these kinds of event');
    // Without `after`, from now on: the last id committed so far. Any event committed later has a
    // larger id (lockEventWriters), and the stream watches the feed before this id is read.
    const stream = new EventStream(this.reads, this.feed, { ...audience, kinds, area });
    try {
      return stream.startAfter(after ?? (await this.lastId()));
    } catch (error) {
      await stream.return();
      throw error;
    }
  }

  private async lastId(): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(`/* lastEventId */ SELECT coalesce(max(id), 0)::text AS id FROM event`);
    return rows[0].id;
  }
}
