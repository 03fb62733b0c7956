import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { rolesSeeing } from '../../auth/access';
import { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import { Child } from '../sharing/child.type';
import { RecordVisitInput, VisitRecord } from './visit.type';

@Resolver(() => Child)
export class VisitResolver {
  @Authorized(Role.VILLAGE_DIRECTOR)
  @Mutation(() => VisitRecord, { description: 'A village child director records a contact or home visit with a child of the village (002 §6).' })
  recordVisit(@Arg('input', () => RecordVisitInput) input: RecordVisitInput, @Ctx() { services, viewer }: RequestContext): Promise<VisitRecord> {
    return services.visits.record(viewer!, input);
  }

  @Authorized(...rolesSeeing('visits'))
  @FieldResolver(() => [VisitRecord], { nullable: true, description: 'Visits recorded for this child, newest first.' })
  visits(@Root() child: Child, @Ctx() { loaders }: RequestContext): Promise<VisitRecord[]> {
    return loaders.visits.load(child.id);
  }
}
