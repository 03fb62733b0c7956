import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { FILE_READERS } from '../../auth/access';
import type { RequestContext } from '../../graphql/context';
import { Child, ChildConnection, ChildFilter, SourceRecordRef } from './child.type';

const READERS = FILE_READERS;

@Resolver(() => Child)
export class ChildResolver {
  @Authorized(...READERS)
  @Query(() => Child, { nullable: true, description: 'One child’s file; null when there is no such child or it is outside your area. A merged child’s old id resolves to the surviving child.' })
  child(@Arg('id', () => ID) id: string, @Ctx() { services, viewer }: RequestContext): Promise<Child | null> {
    return services.children.child(viewer!, id);
  }

  @Authorized(...READERS)
  @Query(() => ChildConnection, { description: 'Children in your area, by id, 20 a page (at most 100).' })
  children(
    @Ctx() { services, viewer }: RequestContext,
    @Arg('filter', () => ChildFilter, { nullable: true }) filter?: ChildFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ChildConnection> {
    return services.children.children(viewer!, filter ?? {}, first ?? 20, after);
  }

  @FieldResolver(() => [SourceRecordRef], { description: 'The department records behind this child, from the sources your role may see.' })
  sourceRecords(@Root() child: Child & { prefetchedSourceRecords?: SourceRecordRef[] }, @Ctx() { loaders }: RequestContext): Promise<SourceRecordRef[]> {
    // child(id) reads them with the child; a page of children loads them for the whole page.
    return child.prefetchedSourceRecords !== undefined ? Promise.resolve(child.prefetchedSourceRecords) : loaders.sourceRecords.load(child.id);
  }
}
