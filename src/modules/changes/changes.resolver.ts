import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { FILE_READERS } from '../../auth/access';
import type { RequestContext } from '../../graphql/context';
import { ChangesArgs, ChildChange, ChildChangeConnection } from './change.type';

@Resolver(() => ChildChange)
export class ChangesResolver {
  @Authorized(...FILE_READERS)
  @Query(() => ChildChangeConnection, {
    description: 'What changed for the children of your area between two periods of their county (001 §二(二), 每季度更新): the changes to what your role may see, with totals per kind.',
  })
  changes(@Args(() => ChangesArgs) args: ChangesArgs, @Ctx() { services, viewer }: RequestContext): Promise<ChildChangeConnection> {
    return services.changes.changes(viewer!, args) as Promise<ChildChangeConnection>;
  }
}
