import type { EventAudience } from './event-kinds';
import type { EventRow, EventStore } from './event.store';

/** Subscription reads at once on the shared pool: the rest of its connections stay for the API. */
const MAX_CONCURRENT_READS = 4;

/**
 * The outbox reads of every subscription of the process. A write wakes every stream at once, and
 * streams with the same audience at the same id (the consoles of one county's civil affairs, say)
 * ask the same question: one query answers them all. A stream joins a read already under way only
 * if it started after the notification the stream is answering (`generation`, EventFeed): an
 * older read's snapshot could miss the events that notification announced.
 */
export class SubscriptionReads {
  private readonly inFlight = new Map<string, { generation: number; rows: Promise<EventRow[]> }>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly store: EventStore) {}

  page(audience: EventAudience, after: string, limit: number, generation: number): Promise<EventRow[]> {
    // Every field of the audience: two audiences told different things never share an answer.
    const key = JSON.stringify([after, limit, audience.area, audience.source, audience.kinds, audience.flags, audience.caseKinds]);
    const shared = this.inFlight.get(key);
    if (shared !== undefined && shared.generation >= generation) return shared.rows;
    const rows = this.limited(() => this.store.page(audience, after, limit));
    const entry = { generation, rows };
    this.inFlight.set(key, entry);
    const forget = () => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    rows.then(forget, forget);
    return rows;
  }

  private async limited<T>(read: () => Promise<T>): Promise<T> {
    while (this.running >= MAX_CONCURRENT_READS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await read();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
