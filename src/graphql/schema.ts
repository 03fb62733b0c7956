import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { IngestResolver } from '../modules/ingest/ingest.resolver';
import { StatusResolver } from '../modules/status/status.resolver';

export const RESOLVERS = [IngestResolver, StatusResolver] as const;

export function buildHubSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...RESOLVERS], validate: false });
}

/** The SDL as committed in schema/schema.graphql: sorted, so that diffs show real changes only. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildHubSchema()))}\n`;
}
