import type { EventAudience } from './event-kinds';
import type { EventRow } from './event.store';
import type { EventFeed } from './subscription.feed';
import type { SubscriptionReads } from './subscription.reads';

/** Events read at a time: a replay from an old id, or a reconciliation's thousands, arrive page by page. */
const PAGE = 100;

/**
 * One subscriber's events, oldest first, after `after`: read from the outbox through the
 * audience's condition (event-kinds.ts, as `events` and the webhooks read it) whenever the feed
 * says events may have been written. Ids follow commit order (lockEventWriters), so reading the
 * ids after the last one read never misses an event that commits later.
 *
 * Pulled, not pushed: the next page is read only when the subscriber has taken the last one, so
 * a slow client holds its place in the outbox, not a growing queue in memory.
 *
 * A hand-made iterator rather than an async generator: a generator waiting for the next event
 * cannot be ended until an event comes (its `return()` waits in line behind the pending
 * `next()`), so a closed socket would hold its watcher until then.
 */
export class EventStream implements AsyncIterableIterator<EventRow> {
  private readonly buffer: EventRow[] = [];
  /** Events may have been written since the last read: starts true, to read what `after` left behind. */
  private stale = true;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly unwatch: () => void;
  /** The last id read: set by `startAfter`, once the stream watches the feed. */
  private cursor: string | null = null;

  constructor(
    private readonly reads: SubscriptionReads,
    private readonly feed: EventFeed,
    private readonly audience: EventAudience,
  ) {
    this.unwatch = feed.watch(() => {
      this.stale = true;
      this.wake?.();
    });
  }

  /**
   * Where the stream starts: after this id. Set after the constructor has begun watching the
   * feed, so that an event committed while the starting id is looked up still wakes the stream.
   */
  startAfter(id: string): this {
    this.cursor = id;
    return this;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<EventRow>> {
    while (!this.closed) {
      const row = this.buffer.shift();
      if (row !== undefined) return { value: row, done: false };
      if (this.stale && this.cursor !== null) {
        // Cleared before reading: a notification during the read marks the stream stale again.
        this.stale = false;
        const rows = await this.reads.page(this.audience, this.cursor, PAGE, this.feed.generation);
        if (rows.length === PAGE) this.stale = true;
        if (rows.length > 0) this.cursor = rows[rows.length - 1].id;
        this.buffer.push(...rows);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<EventRow>> {
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<EventRow>> {
    this.close();
    throw error;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer.length = 0;
    this.unwatch();
    this.wake?.();
  }
}
