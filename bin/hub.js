#!/usr/bin/env node
// The `hub` command. TypeScript runs through swc, which emits the decorator metadata that
// type-graphql and MikroORM need (tsx/esbuild do not); it reads the repo's tsconfig wherever
// the command is run from.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../src/cli/main.ts');
