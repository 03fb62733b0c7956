import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * Variables for any operation, made from the schema: each declared variable takes its value from
 * `given` when named there (a page's size, an area), else a sample of its type with every required
 * field of an input filled in. The limits tests send every department's and the console's
 * operations with these, so an operation added later needs no hand-written variables.
 */
export function operationVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, given: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (name in given) variables[name] = given[name];
    else if (type !== undefined) variables[name] = sampleOf(type);
  }
  return variables;
}

const SCALAR_SAMPLES: Record<string, unknown> = {
  String: 'limits test',
  ID: '1',
  Int: 1,
  Float: 1,
  Boolean: true,
  DateTimeISO: '2024-03-31T00:00:00.000Z',
  JSONObject: {},
};

function sampleOf(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleOf(type.ofType);
  if (isListType(type)) return [sampleOf(type.ofType)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isScalarType(named)) return SCALAR_SAMPLES[named.name] ?? 'limits test';
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) if (isNonNullType(field.type)) value[field.name] = sampleOf(field.type);
    return value;
  }
  return null;
}
