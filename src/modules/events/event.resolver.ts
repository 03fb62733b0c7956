import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { EVENT_READERS } from './event-kinds';
import { EventConnection, EventFilter } from './event.type';
import type { Role } from '../../auth/roles';

/** Every role that hears of some kind of event. */
const LISTENERS = [...new Set(Object.values(EVENT_READERS).flat())] as Role[];

@Resolver()
export class EventResolver {
  @Authorized(...LISTENERS)
  @Query(() => EventConnection, {
    description:
      'What happened, oldest first, that your role and area may be told (the same rules as the files: a flag\'s events only to the roles that see that flag). Resume from the last id you saw with filter.after.',
  })
  events(
    @Ctx() { services, viewer }: RequestContext,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
  ): Promise<EventConnection> {
    return services.events.list(viewer!, filter ?? {}, first ?? 20);
  }
}
