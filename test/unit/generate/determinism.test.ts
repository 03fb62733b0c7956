import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { FILE_NAMES, generateCounty, parseNoise, type GenerateOptions } from '../../../src/generate';

const root = mkdtempSync(path.join(tmpdir(), 'hub-determinism-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
/** Generates into a fresh folder and returns each file's SHA-256. */
async function hashes(opts: GenerateOptions): Promise<Record<string, string>> {
  const dir = path.join(root, String(runs++));
  await generateCounty(opts, dir);
  return Object.fromEntries(
    Object.values(FILE_NAMES).map((name) => [name, createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex')]),
  );
}

describe('generateCounty is deterministic', () => {
  const base: GenerateOptions = { children: 600, seed: 7, noise: 'realistic' };

  it('gives byte-identical files for the same options', async () => {
    const a = await hashes(base);
    const b = await hashes({ ...base });
    expect(b).toEqual(a);
  });

  it('gives other files for another seed (a number and its string are the same seed)', async () => {
    const a = await hashes(base);
    const b = await hashes({ ...base, seed: 8 });
    for (const name of Object.values(FILE_NAMES)) expect(b[name]).not.toBe(a[name]);
    expect(await hashes({ ...base, seed: '7' })).toEqual(a);
  });

  it('keeps the same people at another noise level, and damages them differently', async () => {
    const a = await hashes(base);
    const b = await hashes({ ...base, noise: 'hard' });
    expect(b[FILE_NAMES.people]).toBe(a[FILE_NAMES.people]);
    expect(b[FILE_NAMES.families]).toBe(a[FILE_NAMES.families]);
    expect(b[FILE_NAMES.civilAffairs]).not.toBe(a[FILE_NAMES.civilAffairs]);
    expect(b[FILE_NAMES.police]).not.toBe(a[FILE_NAMES.police]);
  });
});

describe('generateCounty options', () => {
  it('reports progress up to the total', async () => {
    const seen: Array<[number, number]> = [];
    await generateCounty({ children: 500, seed: 1, noise: 'low' }, path.join(root, 'progress'), (done, total) => seen.push([done, total]));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every(([, total]) => total === 500)).toBe(true);
    expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((x, y) => x - y));
    expect(seen[seen.length - 1]).toEqual([500, 500]);
  });

  it('writes headers only for an empty county', async () => {
    const summary = await generateCounty({ children: 0, seed: 1, noise: 'realistic' }, path.join(root, 'empty'));
    expect(summary.rows).toEqual({ civilAffairs: 0, education: 0, police: 0 });
    expect(readFileSync(summary.files.police, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('generates another county from its own villages', async () => {
    const summary = await generateCounty({ children: 300, seed: 1, noise: 'low', county: '110105' }, path.join(root, 'chaoyang'));
    const police = readFileSync(summary.files.police, 'utf8');
    expect(police).toContain('北京市朝阳区');
    expect(police).not.toContain('重庆市');
  });

  it.each([
    [{ children: -1 }, /children/],
    [{ children: 1.5 }, /children/],
    [{ county: '50010' }, /6-digit/],
    [{ period: '2024Q5' }, /period/],
    [{ today: '2024-02-30' }, /date/],
    [{ noise: 'extreme' as never }, /noise/],
  ])('refuses %o', async (bad, message) => {
    await expect(generateCounty({ children: 10, seed: 1, noise: 'low', ...bad }, path.join(root, 'bad'))).rejects.toThrow(message);
  });

  it('parses the noise level for the CLI', () => {
    expect(parseNoise('Realistic')).toBe('realistic');
    expect(parseNoise(' hard ')).toBe('hard');
    expect(() => parseNoise('medium')).toThrow(/low, realistic or hard/);
  });
});
