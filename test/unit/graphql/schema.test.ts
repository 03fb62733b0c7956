import fs from 'node:fs';
import { SCHEMA_FILE } from '../../../src/graphql/emit-schema';
import { printHubSchema } from '../../../src/graphql/schema';

describe('schema/schema.graphql', () => {
  it('is the schema the server serves (run `npm run schema:emit` after changing it)', async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printHubSchema());
  });
});
