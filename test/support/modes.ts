import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** A file's or folder's permission bits (0o600, 0o700 …). */
export function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o7777;
}

/**
 * The data folder of an embedded database: 0700, or, when the hub runs as root and its
 * PostgreSQL as the `postgres` OS user, 0710 with group postgres (traverse only).
 */
export function expectedDataDir(): { mode: number; gid: number | null } {
  if (process.getuid?.() !== 0) return { mode: 0o700, gid: null };
  return { mode: 0o710, gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) };
}

/** Runs `work` with umask 0, so that only the modes the hub sets explicitly are left. */
export async function withOpenUmask<T>(work: () => Promise<T>): Promise<T> {
  const previous = process.umask(0);
  try {
    return await work();
  } finally {
    process.umask(previous);
  }
}
