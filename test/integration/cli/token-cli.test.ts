import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Role } from '../../../src/auth/roles';
import { DEVELOPMENT_TOKEN_ADDRESS, developmentSecret, TokenVerifier } from '../../../src/auth/tokens';
import { HUB_BIN, type CliResult } from '../../support/cli';
import { tempDir } from '../../support/files';

/** The real `hub` in a folder of the test's choosing, with only the environment it is given. */
function hub(args: string[], { cwd, env }: { cwd: string; env: Record<string, string> }): Promise<CliResult> {
  const child = spawn(process.execPath, [HUB_BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const TOKEN_ARGS = ['token', '--role', 'CIVIL_AFFAIRS', '--area', '500109', '--sub', 'clerk-zhang'];

// `hub token` signs with the key a server uses, or refuses: it never makes up a secret of its
// own, whose tokens every server would refuse with nothing to say why.
describe('hub token (command line)', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('refuses with exit 2, saying where it looked and what to do, when no server has made a secret there', async () => {
    const folder = fs.mkdtempSync(path.join(tmp.dir, 'elsewhere-'));
    const result = await hub(TOKEN_ARGS, { cwd: folder, env: {} });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hub token: no development secret: HUB_JWT_SECRET is not set and /);
    expect(lines[0]).toContain(path.join(folder, '.hub', 'jwt.secret'));
    expect(lines[0]).toMatch(/run this in the folder the hub runs in .* HUB_DATA_DIR .* HUB_JWT_SECRET/);
    expect(fs.existsSync(path.join(folder, '.hub'))).toBe(false); // nothing created
  });

  it('refuses the same way for a HUB_DATA_DIR no server has used', async () => {
    const dataDir = path.join(tmp.dir, 'never-served');
    const result = await hub(TOKEN_ARGS, { cwd: tmp.dir, env: { HUB_DATA_DIR: dataDir } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path.join(dataDir, 'jwt.secret'));
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('prints, alone on stdout, a token the server of that data folder accepts', async () => {
    const dataDir = path.join(tmp.dir, 'served');
    const serverSecret = developmentSecret(dataDir, null); // what the server does at its first start
    const result = await hub(TOKEN_ARGS, { cwd: tmp.dir, env: { HUB_DATA_DIR: dataDir } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verifier = new TokenVerifier({ secret: serverSecret, jwksUrl: null, ...DEVELOPMENT_TOKEN_ADDRESS });
    expect(await verifier.viewerOf(`Bearer ${result.stdout.trim()}`)).toEqual({ sub: 'clerk-zhang', role: Role.CIVIL_AFFAIRS, area: '500109' });
  });

  it('signs with HUB_JWT_SECRET and the configured issuer and audience, creating no file', async () => {
    const folder = fs.mkdtempSync(path.join(tmp.dir, 'configured-'));
    const secret = 'a-configured-secret-of-at-least-32-characters';
    const address = { issuer: 'county-staging', audience: 'hub-staging' };
    const result = await hub(TOKEN_ARGS, { cwd: folder, env: { HUB_JWT_SECRET: secret, HUB_JWT_ISSUER: address.issuer, HUB_JWT_AUDIENCE: address.audience } });
    expect(result.code).toBe(0);
    const verifier = new TokenVerifier({ secret, jwksUrl: null, ...address });
    expect((await verifier.viewerOf(`Bearer ${result.stdout.trim()}`)).sub).toBe('clerk-zhang');
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});
