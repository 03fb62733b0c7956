/** `npm run schema:emit`: writes the SDL the server serves to schema/schema.graphql (committed; a test fails on drift). */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printHubSchema } from './schema';

export const SCHEMA_FILE = path.resolve(__dirname, '../../schema/schema.graphql');

if (require.main === module) {
  printHubSchema()
    .then((sdl) => {
      fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
      fs.writeFileSync(SCHEMA_FILE, sdl);
      console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
