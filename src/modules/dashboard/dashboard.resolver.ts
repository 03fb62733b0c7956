import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import { Dashboard } from './dashboard.type';

@Resolver()
export class DashboardResolver {
  @Authorized(Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR)
  @Query(() => Dashboard, { description: 'Counts by flag, category and verification, by town or village; data quality per department; review backlog.' })
  dashboard(@Ctx() { services, viewer }: RequestContext, @Arg('areaCode', () => String, { nullable: true }) areaCode?: string): Promise<Dashboard> {
    return services.dashboard.dashboard(viewer!, areaCode);
  }
}
