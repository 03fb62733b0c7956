import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getNamedType, getVariableValues, GraphQLError, isAbstractType, Kind, type DefinitionNode, type DocumentNode, type GraphQLField, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * What reading one child's file adds to the fields asked of it: an audited database read (the
 * file, its source records, an audit row written in the same statement) is the dearest thing a
 * query can ask for, and the thing a page cap is about. Without it, aliases multiply pages of
 * bare ids cheaply (15 pages of 100 ids cost as little as one page of 100 complete files).
 */
export const FILE_READ_COST = 20;

/**
 * The most an operation may cost. The department operations (schema/operations) cost at most
 * ~3,100 at their largest page (a test keeps them below half the limit); one page of 100
 * complete files, visits included, ~7,200. No operation reads more than ~350 files (three
 * pages of bare ids and half a fourth), and two pages of complete files are refused.
 */
export const MAX_QUERY_COST = 7500;

export interface CostSettings {
  /** The most items a request may ask `_entities` for (a page of children: MAX_PAGE). */
  maxBatch: number;
  /** The type whose every object is a child's file (`Child`). */
  fileType: string;
  /**
   * The most selections weighed before the query is refused: a document with fewer tokens has
   * fewer selections, unless its fragments are spread many times over (ten fragments each
   * spreading the next ten times took 100 ms to weigh to graphql-query-complexity's default of
   * 10,000). Pass the parser's token limit.
   */
  maxSelections: number;
}

/**
 * The cost of an operation: each field costs 1 plus what it selects, and a field that answers
 * a page or a batch costs its selection once per item it may answer: `first` for a page
 * (`children`, `auditLog`, `reviewQueue`), the number of representations for `_entities`. A
 * field that reads a child's file (a `Child`, or `_entities`, whose entities are children) adds
 * FILE_READ_COST. A list without a size argument (a child's flags or source records, the
 * dashboard's areas) is bounded by the data, not by the caller, and is counted once.
 */
export function costEstimator(schema: GraphQLSchema, { maxBatch, fileType }: CostSettings): ComplexityEstimator {
  const readsFile = (field: GraphQLField<unknown, unknown>) => {
    const type = getNamedType(field.type);
    return type.name === fileType || (isAbstractType(type) && schema.getPossibleTypes(type).some((t) => t.name === fileType));
  };
  return ({ field, args, childComplexity }) => 1 + itemsAsked(field, args, maxBatch) * (childComplexity + (readsFile(field) ? FILE_READ_COST : 0));
}

/** A request for more items than one request may read: refused before anything is read. */
export class BatchTooLargeError extends Error {}

function itemsAsked(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, maxBatch: number): number {
  if (field.name === '_entities') {
    const count = Array.isArray(args.representations) ? args.representations.length : 1;
    // A federated reference reads and audits a child's file, as child(id) does: as many in one
    // request as a page of children, no more.
    if (count > maxBatch) throw new BatchTooLargeError(`_entities takes at most ${maxBatch} representations in one request, got ${count}`);
    return count;
  }
  const first = field.args.find((arg) => arg.name === 'first');
  if (first === undefined) return 1;
  // An explicit null asks for the default page, as the resolvers read it.
  const asked = typeof args.first === 'number' ? args.first : first.defaultValue;
  return typeof asked === 'number' ? Math.max(asked, 0) : 1;
}

/** The cost of the operation a request runs, with its variables. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, settings: CostSettings): number {
  // Only the operation that runs, with every fragment (a document may hold several operations).
  const only: DocumentNode = { kind: Kind.DOCUMENT, definitions: document.definitions.filter((d: DefinitionNode) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION) };
  return getComplexity({ schema, query: only, variables, estimators: [costEstimator(schema, settings)], maxQueryNodes: settings.maxSelections });
}

/**
 * Refuses, after validation and before execution, an operation that costs more than `maxCost`
 * with the variables it came with, or that asks `_entities` for more than `maxBatch` references:
 * HTTP 400, a clear message, and nothing read or audited. (graphql-armor's cost limit reads the
 * document only: `children(first: $n)` cost the same whatever `$n` was.)
 */
export function queryCostPlugin<C extends BaseContext>({ maxCost, ...settings }: CostSettings & { maxCost: number }): ApolloServerPlugin<C> {
  /**
   * Costs already weighed, per operation (Apollo keeps one parsed document per query text) and
   * per the variable values a cost can depend on (costKey). A department's client sends the same
   * few operations all day, and weighing one again took ~60 µs, a sixth of answering child(id).
   */
  const weighed = new WeakMap<OperationDefinitionNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation === undefined) return; // nothing to run: execution refuses the request (no operation, or no name to pick one)
          const variables = request.variables ?? {};
          const key = costKey(operation, variables);
          let costs = weighed.get(operation);
          let cost = costs?.get(key);
          if (cost === undefined) {
            // Variables that cannot be coerced are refused by execution before any resolver
            // runs, with graphql-js's own message: nothing to cost.
            if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors !== undefined) return;
            try {
              cost = operationCost(schema, document, operation, variables, settings);
            } catch (error) {
              if (error instanceof BatchTooLargeError) throw refusal(error.message, 'BAD_USER_INPUT');
              // graphql-query-complexity gives up on a document with more selections than
              // maxSelections once its fragments are spread.
              throw refusal(`the query cannot be weighed: ${(error as Error).message}`, 'GRAPHQL_VALIDATION_FAILED');
            }
            if (costs === undefined) weighed.set(operation, (costs = new Map()));
            if (costs.size < MAX_COSTS_PER_OPERATION) costs.set(key, cost);
          }
          if (cost > maxCost) {
            throw refusal(`Query cost limit of ${maxCost} exceeded, found ${cost} (a page costs its selection once per item: ask for smaller pages or fewer fields)`, 'GRAPHQL_VALIDATION_FAILED');
          }
        },
      };
    },
  };
}

/** Enough for every page size and batch length a client may ask for, and no more. */
const MAX_COSTS_PER_OPERATION = 256;

/**
 * What an operation's cost can depend on among its variables: a page size (an Int, `first`), a
 * directive's condition (a Boolean, @include/@skip), the number of items in a list (the
 * representations of `_entities`). Nothing else multiplies or removes a selection, so two
 * requests with the same key cost the same.
 */
export function costKey(operation: OperationDefinitionNode, variables: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = definition.type.kind === Kind.NON_NULL_TYPE ? definition.type.type : definition.type;
    const value = variables[definition.variable.name.value];
    if (type.kind === Kind.LIST_TYPE) {
      // A single value given for a list is coerced to a list of one.
      parts.push(Array.isArray(value) ? `[${value.length}]` : value === undefined || value === null ? String(value) : '[1]');
    } else if (type.name.value === 'Int' || type.name.value === 'Boolean') {
      parts.push(value === undefined ? 'undefined' : JSON.stringify(value));
    }
  }
  return parts.join(',');
}

function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}
