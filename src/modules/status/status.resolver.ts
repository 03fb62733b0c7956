import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { HubStatus } from './status.type';

@Resolver()
export class StatusResolver {
  @Authorized()
  @Query(() => HubStatus, { description: 'What the hub holds, per department: counts only.' })
  hubStatus(@Ctx() { services }: RequestContext): Promise<HubStatus> {
    return services.status.status();
  }
}
