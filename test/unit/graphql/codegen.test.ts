import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const run = (script: string, args: string[]) => execFileSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'pipe', encoding: 'utf8' });

// Each department's operations (schema/operations/<department>) are its contract with us: they
// must validate against the committed schema, and the typed code generated from them must be
// current and type-check. (codegen runs in a process of its own: it is ES modules.)
describe('department operations (codegen.yml)', () => {
  test('the generated operation types are current and the operations valid', () => {
    expect(() => run('node_modules/@graphql-codegen/cli/cjs/bin.js', ['--config', 'codegen.yml', '--check', '--silent'])).not.toThrow();
  });

  test('the whole repository type-checks, generated operations included', () => {
    expect(() => run('node_modules/typescript/bin/tsc', ['--noEmit', '-p', 'tsconfig.json'])).not.toThrow();
  });
});
