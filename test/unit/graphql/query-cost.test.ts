import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { BatchTooLargeError, costKey, FILE_READ_COST, MAX_QUERY_COST, operationCost } from '../../../src/graphql/query-cost';
import { buildHubSubgraph } from '../../../src/graphql/subgraph';
import { MAX_PAGE } from '../../../src/modules/common/requests';
import { operationVariables } from '../../support/operation-variables';

const SETTINGS = { maxBatch: MAX_PAGE, fileType: 'Child', maxSelections: 2000 };
/** The page variables a department operation declares, at their largest (the rest: operation-variables.ts). */
const LARGEST = {
  id: 'C0000000000000000',
  first: MAX_PAGE,
  after: 'Y2hpbGQ6',
  areaCode: '500109',
  from: '2024Q1',
  to: '2024Q2',
  // The console's: every section of a file asked for, no filter.
  family: true,
  guardianship: true,
  welfare: true,
  schooling: true,
  visits: true,
  filter: null,
  childId: 'C0000000000000000',
};
const COMPLETE_FILE = `id name sex birthDate idNumber areaCode verification flags { flag rule evidence } sourceRecords { source recordKey period }
  family { fatherName fatherIdNumber fatherMigrant motherName motherIdNumber motherMigrant householdNumber householderName }
  guardianship { guardianName guardianRelation guardianPhone guardianshipType } welfare { categories difficultyTypes incomeSource assistance }
  schooling { schoolName grade enrolmentStatus leftBehind } visits { id kind visitedOn notes recordedBy }`;

describe('the cost of an operation (graphql-query-complexity, with its variables)', () => {
  let schema: GraphQLSchema;
  const cost = (query: string, variables: Record<string, unknown> = {}, name?: string) => {
    const document = parse(query);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    return operationCost(schema, document, operations.find((op) => name === undefined || op.name?.value === name)!, variables, SETTINGS);
  };

  beforeAll(async () => {
    schema = await buildHubSubgraph();
  });

  it('keeps every department operation, at its largest page, below half the limit', () => {
    const root = path.resolve(__dirname, '../../../schema/operations');
    const costs: Record<string, number> = {};
    for (const department of fs.readdirSync(root)) {
      for (const file of fs.readdirSync(path.join(root, department))) {
        const document = fs.readFileSync(path.join(root, department, file), 'utf8');
        for (const op of parse(document).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
          costs[`${department} ${op.name!.value}`] = cost(document, operationVariables(schema, op, LARGEST), op.name!.value);
        }
      }
    }
    expect(Object.keys(costs).length).toBeGreaterThanOrEqual(8);
    for (const [operation, value] of Object.entries(costs)) expect([operation, value <= MAX_QUERY_COST / 2]).toEqual([operation, true]);
  });

  it('multiplies a page by the size its variables ask for, and an explicit null by the default page', () => {
    const PAGE = 'query P($n: Int) { children(first: $n) { edges { node { id name } } } }';
    // children 1 + n × (edges 1 + node (1 + file read + id + name))
    const perChild = 1 + 1 + FILE_READ_COST + 2;
    expect(cost(PAGE, { n: 1 })).toBe(1 + perChild);
    expect(cost(PAGE, { n: 100 })).toBe(1 + 100 * perChild);
    expect(cost(PAGE, { n: null })).toBe(1 + 20 * perChild);
    expect(cost(PAGE, {})).toBe(1 + 20 * perChild);
    expect(cost(PAGE, { n: 0 })).toBe(1);
  });

  it('lets one page of 100 complete files through, not two', () => {
    const one = cost(`{ children(first: 100) { totalCount edges { cursor node { ${COMPLETE_FILE} } } pageInfo { hasNextPage endCursor } } }`);
    expect(one).toBeLessThanOrEqual(MAX_QUERY_COST);
    expect(cost(`{ a: children(first: 100) { edges { node { ${COMPLETE_FILE} } } } b: children(first: 100) { edges { node { ${COMPLETE_FILE} } } } }`)).toBeGreaterThan(MAX_QUERY_COST);
  });

  it('refuses more than three pages of bare ids, however they are aliased', () => {
    const pages = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `p${i}: children(first: 100) { edges { node { id } } }`).join(' ')} }`;
    expect(cost(pages(3))).toBeLessThanOrEqual(MAX_QUERY_COST);
    expect(cost(pages(4))).toBeGreaterThan(MAX_QUERY_COST);
  });

  it('weighs _entities by its representations, each a file read, within the page cap', () => {
    const ENTITIES = 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id name } } }';
    const refs = (n: number) => ({ r: Array.from({ length: n }, (_, i) => ({ __typename: 'Child', id: `C${i}` })) });
    expect(cost(ENTITIES, refs(1))).toBe(1 + (FILE_READ_COST + 2));
    expect(cost(ENTITIES, refs(100))).toBe(1 + 100 * (FILE_READ_COST + 2));
    expect(() => cost(ENTITIES, refs(101))).toThrow(new BatchTooLargeError('_entities takes at most 100 representations in one request, got 101'));
  });

  it('counts the operation that runs, with the fragments it spreads, not the others of the document', () => {
    const document = `query Small { ...Ids } query Large { children(first: 100) { edges { node { id } } } } fragment Ids on Query { children(first: 1) { edges { node { id } } } }`;
    expect(cost(document, {}, 'Small')).toBe(1 + (1 + 1 + FILE_READ_COST + 1));
    expect(cost(document, {}, 'Large')).toBe(1 + 100 * (1 + 1 + FILE_READ_COST + 1));
  });

  it('remembers costs by what they depend on: page sizes, conditions, list lengths; not ids or text', () => {
    const operation = parse('query Q($id: ID!, $n: Int, $full: Boolean!, $r: [_Any!]!, $after: String, $f: ChildFilter) { __typename }').definitions[0] as OperationDefinitionNode;
    const key = (variables: Record<string, unknown>) => costKey(operation, variables);
    const base = { id: 'C1', n: 5, full: true, r: [{}, {}], after: 'x', f: { flags: ['DROPOUT'] } };
    expect(key(base)).toBe('5,true,[2]');
    expect(key({ ...base, id: 'C2', after: 'y', f: { search: '王' } })).toBe(key(base));
    expect(key({ ...base, n: 100 })).not.toBe(key(base));
    expect(key({ ...base, n: undefined })).not.toBe(key({ ...base, n: null }));
    expect(key({ ...base, full: false })).not.toBe(key(base));
    expect(key({ ...base, r: [{}, {}, {}] })).not.toBe(key(base));
    expect(key({ ...base, r: {} })).toBe(key({ ...base, r: [{}] }));
  });
});
