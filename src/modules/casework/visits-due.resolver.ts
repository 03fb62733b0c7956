import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import { VisitDueConnection } from './visits-due.type';

@Resolver()
export class VisitsDueResolver {
  @Authorized(Role.VILLAGE_DIRECTOR, Role.TOWN_SUPERVISOR)
  @Query(() => VisitDueConnection, {
    description: 'Children looked after (left-behind, in difficulty, alone, dropouts, unregistered) whose last contact is over a month old or last home visit over three months old (002 §二(二)6), longest waiting first. Each child listed is audited.',
  })
  visitsDue(
    @Ctx() { services, viewer }: RequestContext,
    @Arg('areaCode', () => String, { nullable: true }) areaCode?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<VisitDueConnection> {
    return services.visitsDue.visitsDue(viewer!, areaCode, first ?? 20, after);
  }
}
