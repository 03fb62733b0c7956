import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { FILE_READERS } from '../../auth/access';
import type { RequestContext } from '../../graphql/context';
import { HubStatus } from './status.type';

@Resolver()
export class StatusResolver {
  // Every role that works with children's files; not the auditor, whose work is the audit log.
  @Authorized(...FILE_READERS)
  @Query(() => HubStatus, { description: 'What the hub holds in your area, per department your role sees: counts only.' })
  hubStatus(@Ctx() { services, viewer }: RequestContext): Promise<HubStatus> {
    return services.status.status(viewer!);
  }
}
