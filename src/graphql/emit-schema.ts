/**
 * `npm run schema:emit`: writes the SDL the server serves to schema/schema.graphql, and the same
 * schema as a federation subgraph composes it to schema/subgraph.graphql (both committed; a test
 * fails on drift).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printHubSchema } from './schema';
import { printHubSubgraph } from './subgraph';

export const SCHEMA_FILE = path.resolve(__dirname, '../../schema/schema.graphql');
export const SUBGRAPH_FILE = path.resolve(__dirname, '../../schema/subgraph.graphql');

async function emit(): Promise<void> {
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, await printHubSchema());
  fs.writeFileSync(SUBGRAPH_FILE, await printHubSubgraph());
  for (const file of [SCHEMA_FILE, SUBGRAPH_FILE]) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

if (require.main === module) {
  emit().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
