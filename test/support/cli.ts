import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const HUB_BIN = path.resolve(__dirname, '../../bin/hub.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `hub` command in a child process. */
export function runHub(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return runHubIn(undefined, args, env);
}

export function startHub(args: string[], env: Record<string, string | undefined>, cwd?: string): ChildProcess {
  const cleanEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(cleanEnv)) if (value === undefined) delete cleanEnv[key];
  return spawn(process.execPath, [HUB_BIN, ...args], { env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'], cwd });
}

/** Runs the real `hub` command in a working directory of the test's choosing. */
export function runHubIn(cwd: string | undefined, args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const child = startHub(args, env, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
