import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLError, lexicographicSortSchema, parse, type ASTVisitor, type GraphQLSchema, type ValidationContext } from 'graphql';
import { AuthorizationError, createResolversMap } from 'type-graphql';
import { FILE_READERS } from '../auth/access';
import type { RequestContext } from './context';
import { buildHubSchema } from './schema';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/**
 * The hub as an Apollo Federation 2 subgraph: `Child @key(fields: "id")`, so a provincial
 * supergraph (docs/ROADMAP.md, stage 6) can join other services' data to a child. A reference is resolved
 * through the same service as `child(id)`: area scope and audit included.
 */
export async function buildHubSubgraph(): Promise<GraphQLSchema> {
  const schema = await buildHubSchema();
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  resolvers.Child = {
    ...resolvers.Child,
    // A role that reads no files is refused here as `child(id)` refuses it (FORBIDDEN, no data).
    __resolveReference: (reference: { id: string }, { services, viewer }: RequestContext) => {
      if (viewer === null || !FILE_READERS.includes(viewer.role)) throw new AuthorizationError();
      return services.children.child(viewer, reference.id);
    },
  };
  return buildSubgraphSchema([{ typeDefs: parse(`${FEDERATION}\n${printSchemaWithDirectives(schema)}`), resolvers: resolvers as never }]);
}

/** The subgraph SDL as a supergraph composes it (schema/subgraph.graphql). */
export async function printHubSubgraph(): Promise<string> {
  return `${printSubgraphSchema(lexicographicSortSchema(await buildHubSubgraph()))}\n`;
}

/**
 * Refuses `_service` while the query is validated, as Apollo refuses `__schema` and `__type`
 * when introspection is off (production): `_service { sdl }` prints the whole schema, which is
 * introspection by another name. A supergraph is composed from the committed
 * schema/subgraph.graphql, not by asking the running hub.
 */
export function noSubgraphSdlRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '_service' && context.getParentType() === context.getSchema().getQueryType()) {
        context.reportError(new GraphQLError('The subgraph SDL (_service) is not available: introspection is off.', { nodes: [node] }));
      }
    },
  };
}
