import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { RequestContext } from '../../graphql/context';
import { AuditConnection, AuditFilter } from './audit.type';

@Resolver()
export class AuditResolver {
  @Authorized(Role.AUDITOR)
  @Query(() => AuditConnection, { description: 'Who read which child’s file, and who changed who is told of events (webhooks), and when (auditors only).' })
  auditLog(
    @Ctx() { services, viewer }: RequestContext,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter?: AuditFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AuditConnection> {
    return services.audit.log(viewer!, filter ?? {}, first ?? 20, after);
  }
}
