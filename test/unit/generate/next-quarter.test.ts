import fs from 'node:fs';
import path from 'node:path';
import { generateCounty } from '../../../src/generate';
import { CHANGES_FILE, generateNextQuarter } from '../../../src/generate/next-quarter';
import { tempDir } from '../../support/files';

// The next quarter of a generated county: the same people and lines, a few lives moved on.
describe('generateNextQuarter', () => {
  const tmp = tempDir();
  const q1 = path.join(tmp.dir, 'q1');
  beforeAll(async () => {
    await generateCounty({ children: 1500, seed: 'next', noise: 'realistic' }, q1);
  });
  afterAll(() => tmp.cleanup());

  it('is deterministic: the same seed gives the same files', async () => {
    const a = await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, path.join(tmp.dir, 'a'));
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, path.join(tmp.dir, 'b'));
    for (const name of Object.keys(a.files)) expect(fs.readFileSync(path.join(tmp.dir, 'b', name))).toEqual(fs.readFileSync(path.join(tmp.dir, 'a', name)));
  });

  it('keeps every earlier line where it was (the noise truth still holds) and adds the new ones at the end', async () => {
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, path.join(tmp.dir, 'c'));
    for (const name of ['civil-affairs.csv', 'education.csv', 'police.csv']) {
      const before = fs.readFileSync(path.join(q1, name), 'utf8').split('\n');
      const after = fs.readFileSync(path.join(tmp.dir, 'c', name), 'utf8').split('\n');
      expect(after.length).toBeGreaterThanOrEqual(before.length);
      const changed = before.filter((line, i) => after[i] !== line).length;
      expect(changed).toBeLessThan(20);
    }
    expect(fs.readFileSync(path.join(tmp.dir, 'c', 'truth-noise.csv'))).toEqual(fs.readFileSync(path.join(q1, 'truth-noise.csv')));
  });

  it('lists each kind of change the quarter makes', async () => {
    const summary = await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, path.join(tmp.dir, 'd'));
    expect(summary).toMatchObject({ period: '2024Q2', previous: '2024Q1' });
    const truth = fs.readFileSync(path.join(tmp.dir, 'd', CHANGES_FILE), 'utf8');
    for (const change of [',APPEARED,', ',MOVED,', ',FLAG_CLEARED,DROPOUT,', ',FLAG_CLEARED,UNREGISTERED,', ',DISAPPEARED,,,迁出', ',DISAPPEARED,,,aged 18']) expect(truth).toContain(change);
  });
});
