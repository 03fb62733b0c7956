import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import { CaseConnection, CaseFilter, CaseNode, MissingParent, UpdateCaseInput } from './case.type';

/** Every role reads cases (which ones: auth/access.ts CASE_ACCESS); what it may do is decided per case in CaseService. */
const CASE_READERS = Object.values(Role);

@Resolver(() => CaseNode)
export class CaseResolver {
  @Authorized(...CASE_READERS)
  @Query(() => CaseConnection, { description: 'Cases in your area that your role reads, soonest due first, 20 a page (at most 100). Each case read is audited.' })
  cases(
    @Ctx() { services, viewer }: RequestContext,
    @Arg('filter', () => CaseFilter, { nullable: true }) filter?: CaseFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<CaseConnection> {
    return services.cases.cases(viewer!, filter ?? {}, first ?? 20, after);
  }

  @Authorized(...CASE_READERS)
  @Query(() => CaseNode, { nullable: true, description: 'One case with its events; null when there is no such case or your role may not see it. Audited.' })
  case(@Arg('id', () => ID) id: string, @Ctx() { services, viewer }: RequestContext): Promise<CaseNode | null> {
    return services.cases.case(viewer!, id);
  }

  @Authorized(Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR)
  @Mutation(() => CaseNode, { description: 'START, RESOLVE, CLOSE, REOPEN (the owner role in its area) or NOTE (also civil affairs, supervisors, directors).' })
  updateCase(@Arg('input', () => UpdateCaseInput) input: UpdateCaseInput, @Ctx() { services, viewer }: RequestContext): Promise<CaseNode> {
    return services.cases.update(viewer!, input);
  }

  @Authorized(Role.POLICE)
  @Mutation(() => CaseNode, { description: 'Police record a parent missing (失联): a MISSING_PARENT case, due six months after reportedOn, then shared with civil affairs (000 §五(三)).' })
  recordMissingParent(
    @Arg('childId', () => ID) childId: string,
    @Arg('parent', () => MissingParent) parent: MissingParent,
    @Arg('reportedOn', { description: 'YYYY-MM-DD, not in the future' }) reportedOn: string,
    @Ctx() { services, viewer }: RequestContext,
  ): Promise<CaseNode> {
    return services.cases.recordMissingParent(viewer!, childId, parent, reportedOn);
  }
}
