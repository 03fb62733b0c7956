import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { RequestContext } from '../../graphql/context';
import { ImportSummary, Source } from './ingest.type';

@Resolver()
export class IngestResolver {
  @Mutation(() => ImportSummary, {
    description: 'Import rows pushed by another system, with the same semantics as `hub import`: JSON objects keyed by the export column names (Chinese or English).',
  })
  async importRecords(
    @Arg('source', () => Source) source: Source,
    @Arg('period', { description: 'Quarter, e.g. 2024Q1' }) period: string,
    @Arg('rows', () => [GraphQLJSONObject]) rows: Record<string, unknown>[],
    @Ctx() { services }: RequestContext,
  ): Promise<ImportSummary> {
    const summary = await services.imports.importRows(rows, { source, period });
    return { ...summary, source, rejections: summary.rejections.map((r) => ({ line: r.line, reason: r.reason, rawLine: r.text })) };
  }
}
