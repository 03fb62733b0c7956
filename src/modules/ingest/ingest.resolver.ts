import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { aRole, Role } from '../../auth/roles';
import { ImportRefusedError } from './source-rows';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { RequestContext } from '../../graphql/context';
import { ImportSummary, Source } from './ingest.type';

const OWN_SOURCE: Partial<Record<Role, Source>> = {
  [Role.CIVIL_AFFAIRS]: Source.CIVIL_AFFAIRS,
  [Role.EDUCATION]: Source.EDUCATION,
  [Role.POLICE]: Source.POLICE,
};

@Resolver()
export class IngestResolver {
  @Authorized(Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE)
  @Mutation(() => ImportSummary, {
    description:
      "Import rows pushed by another system, with the same semantics as `hub import`: JSON objects keyed by the export column names (Chinese or English). The token's county is the rows' exporting county; a row whose area code lies outside the token's area, or that would overwrite a record outside it, is rejected with its reason (a row without an area code is accepted from a county's token only).",
  })
  async importRecords(
    @Arg('source', () => Source) source: Source,
    @Arg('period', { description: 'Quarter, e.g. 2024Q1: from 2000Q1 up to the current quarter' }) period: string,
    @Arg('rows', () => [GraphQLJSONObject]) rows: Record<string, unknown>[],
    @Ctx() { services, viewer }: RequestContext,
  ): Promise<ImportSummary> {
    // Each department pushes its own export.
    if (OWN_SOURCE[viewer!.role] !== source) throw new ImportRefusedError(`${aRole(viewer!.role)} token may push ${OWN_SOURCE[viewer!.role]} rows only, not ${source}`);
    // A department pushes for its own area: its county exported the rows (the scope of their
    // county-numbered keys), and each row, and each record it would overwrite, must lie in its area.
    const summary = await services.imports.importRows(rows, { source, period, county: viewer!.area.slice(0, 6), pushedBy: viewer });
    return { ...summary, source, rejections: summary.rejections.map((r) => ({ line: r.line, reason: r.reason, rawLine: r.text })) };
  }
}
