import type { Pool } from 'pg';
import type { Viewer } from '../../auth/viewer';
import { BadRequestError, checkPageSize } from '../common/requests';
import { scopePrefix } from '../sharing/child.service';
import { audienceOf } from './event-kinds';
import { EventStore } from './event.store';
import type { EventConnection, EventFilter } from './event.type';

/** `events`: the outbox paged for one viewer, by the API's rules (event-kinds.ts). */
export class EventService {
  private readonly store: EventStore;

  constructor(pool: Pool) {
    this.store = new EventStore(pool);
  }

  async list(viewer: Viewer, filter: EventFilter, first: number): Promise<EventConnection> {
    checkPageSize(first);
    const after = filter.after ?? '0';
    if (!/^\d{1,18}$/.test(after)) throw new BadRequestError('after must be an event id');
    const area = scopePrefix(viewer, filter.areaCode ?? undefined);
    const audience = audienceOf(viewer);
    // Kinds asked for but not heard of by the role are simply not there, as for any other reader.
    const kinds = filter.kinds === undefined || filter.kinds === null ? audience.kinds : audience.kinds.filter((k) => filter.kinds!.includes(k));
    if (area === null || kinds.length === 0 || first === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const rows = await this.store.page({ ...audience, kinds, area }, after, first + 1);
    const page = rows.slice(0, first);
    return {
      edges: page.map((node) => ({ cursor: node.id, node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: page.length > 0 ? page[page.length - 1].id : null },
    };
  }
}
