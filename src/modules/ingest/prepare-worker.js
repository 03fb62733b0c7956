// Entry point of the import's worker thread. A worker thread does not inherit the main thread's
// TypeScript loader, so it registers swc itself (as bin/hub.js does) before loading its work.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', '..', '..', 'tsconfig.json');
require('@swc-node/register');
require('./prepare.worker.ts');
