import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

/**
 * GraphiQL's browser files, bundled by esbuild from the installed packages (graphiql, React, and
 * the Monaco editor with its three workers) into a gitignored folder: nothing is downloaded, and
 * the page needs no other host. The bundle is made when missing or stale (its stamp, a hash of
 * what goes into it, differs) at a development server's start and in the test setup; it takes a
 * few seconds once, then a stamp check.
 */
const REPO_ROOT = path.resolve(__dirname, '../..');
export const GRAPHIQL_ASSETS_DIR = path.join(REPO_ROOT, 'dist', 'graphiql');
const SOURCE_DIR = path.join(__dirname, 'graphiql');
const STAMP_FILE = 'stamp.txt';

/** Bumped when the build options below change in a way the inputs' hash cannot see. */
const BUILD_FORMAT = 1;

export interface GraphiqlAssets {
  /** Hash of the bundle's inputs: an ETag for its files. */
  stamp: string;
  /** Each file of the bundle by its name (no folders): its bytes, read once. */
  files: ReadonlyMap<string, Buffer>;
}

/** The bundle in `dir`, built first if it is missing or was built from other inputs. */
export async function ensureGraphiqlAssets(dir: string = GRAPHIQL_ASSETS_DIR): Promise<GraphiqlAssets> {
  const stamp = inputsStamp();
  if (readStamp(dir) !== stamp) await build(dir, stamp);
  return { stamp, files: readFiles(dir) };
}

/**
 * Builds into a fresh folder beside `dir`, then swaps it in: a server or test worker that starts
 * meanwhile sees the old bundle or the new one, never half of one.
 */
async function build(dir: string, stamp: string): Promise<void> {
  const staging = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    const common: esbuild.BuildOptions = {
      bundle: true,
      minify: true,
      target: 'es2022',
      platform: 'browser',
      outdir: staging,
      absWorkingDir: REPO_ROOT,
      logLevel: 'silent',
      // React and graphql-js pick their production builds; nothing reads `process` in the browser.
      define: { 'process.env.NODE_ENV': '"production"' },
      legalComments: 'linked',
    };
    await Promise.all([
      esbuild.build({
        ...common,
        entryPoints: { main: path.join(SOURCE_DIR, 'main.ts') },
        format: 'esm',
        // Monaco is imported lazily by GraphiQL: its chunk loads after the page has rendered.
        splitting: true,
        chunkNames: 'chunk-[hash]',
        // The editor's icon font, referenced by Monaco's CSS: a file of its own, served beside it.
        loader: { '.ttf': 'file' },
        assetNames: '[name]-[hash]',
      }),
      esbuild.build({
        ...common,
        // Web workers are classic scripts, one file each (src/web/graphiql/workers.ts).
        entryPoints: {
          'editor.worker': require.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
          'json.worker': require.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
          'graphql.worker': require.resolve('monaco-graphql/esm/graphql.worker.js'),
        },
        format: 'iife',
      }),
    ]);
    fs.writeFileSync(path.join(staging, STAMP_FILE), stamp);
    swapIn(staging, dir, stamp);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function swapIn(staging: string, dir: string, stamp: string): void {
  const old = `${dir}.old.${process.pid}.${randomBytes(4).toString('hex')}`;
  if (fs.existsSync(dir)) fs.renameSync(dir, old);
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    // Another process swapped in the same build first: its bundle is as good as ours.
    if (readStamp(dir) !== stamp) throw error;
  } finally {
    fs.rmSync(old, { recursive: true, force: true });
  }
}

/**
 * What the bundle is made of: the entry's sources, the installed packages (through the lock
 * file), esbuild's version and the build format.
 */
function inputsStamp(): string {
  const hash = createHash('sha256').update(`format ${BUILD_FORMAT}\nesbuild ${esbuild.version}\n`);
  for (const name of fs.readdirSync(SOURCE_DIR).sort()) hash.update(name).update(fs.readFileSync(path.join(SOURCE_DIR, name)));
  const lockFile = path.join(REPO_ROOT, 'package-lock.json');
  if (fs.existsSync(lockFile)) hash.update(fs.readFileSync(lockFile));
  return hash.digest('base64url').slice(0, 32);
}

function readStamp(dir: string): string | null {
  try {
    return fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8');
  } catch {
    return null;
  }
}

function readFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name !== STAMP_FILE) files.set(entry.name, fs.readFileSync(path.join(dir, entry.name)));
  }
  return files;
}
