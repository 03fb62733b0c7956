import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/**
 * The console's bundle: the Preact app in `src/console/app` and the operations it sends
 * (`schema/operations/console`), bundled by esbuild into `dist/console` (gitignored). It is built
 * when missing or older than its sources, at server start and in the test set-up: esbuild does it
 * in a fraction of a second and downloads nothing, so `npm ci && npm start` stays the whole setup.
 */
const ROOT = path.resolve(__dirname, '../..');
export const CONSOLE_APP_DIR = path.join(ROOT, 'src/console/app');
const OPERATIONS_DIR = path.join(ROOT, 'schema/operations/console');
const GENERATED_TYPES = path.join(ROOT, 'schema/generated/console.ts');
export const CONSOLE_OUT_DIR = path.join(ROOT, 'dist/console');

/** The files the browser loads from the bundle (index.html is copied beside them). */
export const BUNDLE_FILES = ['index.html', 'app.js', 'app.css'] as const;

export interface BuildResult {
  built: boolean;
  milliseconds: number;
}

/** Builds the bundle unless every output is newer than every source. */
export function ensureConsoleBuilt(outDir = CONSOLE_OUT_DIR): BuildResult {
  const started = performance.now();
  if (isCurrent(outDir)) return { built: false, milliseconds: performance.now() - started };
  buildConsole(outDir);
  return { built: true, milliseconds: performance.now() - started };
}

export function buildConsole(outDir = CONSOLE_OUT_DIR): void {
  // Built beside the target and renamed into place: a server starting at the same moment reads
  // the old bundle or the new one, never half of one.
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const staging = fs.mkdtempSync(`${outDir}.building-`);
  try {
    buildSync({
      entryPoints: { app: path.join(CONSOLE_APP_DIR, 'main.tsx') },
      outdir: staging,
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome100', 'firefox100', 'safari15'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      tsconfig: path.join(CONSOLE_APP_DIR, 'tsconfig.json'),
      // An operation is sent as written in schema/operations/console: the same text codegen typed.
      loader: { '.graphql': 'text' },
      define: { 'process.env.NODE_ENV': '"production"' },
      legalComments: 'eof',
      logLevel: 'silent',
    });
    fs.copyFileSync(path.join(CONSOLE_APP_DIR, 'index.html'), path.join(staging, 'index.html'));
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(staging, outDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function isCurrent(outDir: string): boolean {
  let oldestOutput = Infinity;
  for (const file of BUNDLE_FILES) {
    try {
      oldestOutput = Math.min(oldestOutput, fs.statSync(path.join(outDir, file)).mtimeMs);
    } catch {
      return false;
    }
  }
  return newestSource() < oldestOutput;
}

function newestSource(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  // The lock file: a new Preact or ECharts is a new bundle.
  for (const source of [CONSOLE_APP_DIR, OPERATIONS_DIR, GENERATED_TYPES, path.join(ROOT, 'package-lock.json'), __filename]) visit(source);
  return newest;
}
