import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SCHEMA_FILE, SUBGRAPH_FILE } from '../../../src/graphql/emit-schema';
import { printHubSchema } from '../../../src/graphql/schema';
import { printHubSubgraph } from '../../../src/graphql/subgraph';

describe('schema/schema.graphql and schema/subgraph.graphql', () => {
  it('is the schema the server serves (run `npm run schema:emit` after changing it)', async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printHubSchema());
  });

  it('is the subgraph a supergraph composes', async () => {
    expect(fs.readFileSync(SUBGRAPH_FILE, 'utf8')).toBe(await printHubSubgraph());
  });

  it('composes with another subgraph that extends Child by its key', () => {
    // A small second service (mandatory reports routed to police, docs/ROADMAP.md, stage 4) joining data to a child.
    const casework = `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Child @key(fields: "id") { id: ID! mandatoryReports: [MandatoryReport!]! }
      type MandatoryReport { reportedOn: String! reason: String! deadline: String! }
      type Query { overdueReports: [Child!]! }
    `;
    const result = composeServices([
      { name: 'hub', typeDefs: parse(fs.readFileSync(SUBGRAPH_FILE, 'utf8')) },
      { name: 'casework', typeDefs: parse(casework) },
    ]);
    expect(result.errors ?? []).toEqual([]);
    const supergraph = result.supergraphSdl ?? '';
    expect(supergraph).toMatch(/type Child\s+@join__type\(graph: CASEWORK, key: "id"\)\s+@join__type\(graph: HUB, key: "id"\)/);
    expect(supergraph).toMatch(/mandatoryReports: \[MandatoryReport!\]! @join__field\(graph: CASEWORK\)/);
  });
});
