import { execFileSync, type ChildProcess } from 'node:child_process';
import { processGone } from '../../src/db/run-lock';
import { eventually } from './eventually';

/**
 * Killing real `hub` processes at random moments, replayably: the seed comes from HUB_KILL_SEED
 * when set (to replay a failure), else from the clock, and every failure message names it.
 */
export function killSeed(): number {
  const given = process.env.HUB_KILL_SEED;
  return given !== undefined && given !== '' ? Number(given) : Date.now() % 2 ** 31;
}

/** kill -9, then wait until the process is reaped. */
export async function killHard(child: ChildProcess): Promise<void> {
  const closed = exited(child);
  child.kill('SIGKILL');
  await closed;
}

/** Resolves when the process has exited and been reaped (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The pids of a process's children (Linux `ps`). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

/** eventually (test/support/eventually.ts), timed in milliseconds and polled often: a process's start or end. */
export function until<T>(probe: () => Promise<T | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  return eventually(probe, timeoutMs / 1000, what, 20);
}

export function waitUntilGone(pid: number, timeoutMs = 60_000): Promise<true> {
  return until(async () => processGone(pid), `process ${pid} to end`, timeoutMs);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
