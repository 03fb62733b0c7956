/**
 * `npm run bench:console:review`: the review screen's figure of docs/BENCHMARKS.md, the time from
 * a reviewer's decision to the next pair on the screen. Generates a county with hard noise (twins,
 * namesakes, typos: 20k children by default), imports and reconciles it into a fresh embedded
 * PostgreSQL, so the queue holds the pairs the engine really held back; serves it with
 * `hub serve` in a process of its own, and drives the console in the packaged headless Chromium
 * as civil affairs: for each decision a reason is typed, then the key (m or n, alternately) is
 * pressed and the time is taken from the key press to the first frame painted after the next
 * pair replaced the decided one (a MutationObserver, then requestAnimationFrame), and to the
 * hub's answer shown on the page ("已记录"). The decisions are real: they go to the hub and its
 * database like any other.
 * Options: --children N (default 20000), --decisions N (default 30),
 * --data-dir DIR (serve a database already there instead of building one; it is kept, and its
 * queue is used up by the decisions).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database';
import { launchBrowser, OFFICE_SCREEN } from '../test/support/browser';
import { signIn } from '../test/support/console';
import { serveHub } from './support/hub-process';
import { option } from './support/options';

const root = path.resolve(__dirname, '..');
const children = Number(option('--children', '20000'));
const decisions = Number(option('--decisions', '30'));
const reuse = option('--data-dir', '');

const work = reuse ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-review-'));
if (work) fs.chmodSync(work, 0o755);
const dataDir = reuse ? path.resolve(reuse) : path.join(work, 'data');
const step = (stepArgs: string[]) =>
  execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(root, 'bench/reconcile-run.ts'), ...stepArgs], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

/**
 * In the page: press the key, and resolve with the milliseconds until the first frame painted
 * after the pair on the screen is another one, and until the hub's answer is shown ("已记录").
 */
const DECIDE_AND_TIME = `(key) => new Promise((resolve) => {
  const shown = () => document.querySelector('[data-testid=review-pair]')?.getAttribute('data-item-id') ?? null;
  const saved = () => document.querySelector('[data-testid=review-last]')?.getAttribute('data-saved') === 'true';
  const before = shown();
  const started = performance.now();
  let next = null;
  let painted = null;
  const done = () => {
    if (painted === null || !saved()) return;
    observer.disconnect();
    const savedMs = performance.now() - started;
    // The decision's round trip to the hub: the first request to /graphql after the key press.
    const call = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/graphql') && e.startTime >= started);
    resolve({ ms: painted, savedMs, next, apiMs: call ? call.responseEnd - call.startTime : null });
  };
  const observer = new MutationObserver(() => {
    if (next === null && shown() !== before) {
      next = shown();
      requestAnimationFrame(() => setTimeout(() => { painted = performance.now() - started; done(); }));
    }
    done();
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
})`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  if (!reuse) {
    const generated = path.join(work, 'county');
    execFileSync(process.execPath, [path.join(root, 'bin/hub.js'), 'generate', '--children', String(children), '--seed', 'bench-review', '--noise', 'hard', '--out', generated], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    step(['import', dataDir, generated]);
    step(['reconcile', dataDir, '--full']);
  }
  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  const { rows } = await db.pool.query(
    `SELECT county_code AS county, count(*)::int AS open, (SELECT count(*)::int FROM child) AS children FROM review_item WHERE status = 'OPEN' GROUP BY county_code ORDER BY 2 DESC LIMIT 1`,
  );
  await db.close();
  if (rows.length === 0 || rows[0].open < 2) throw new Error('the queue holds fewer than two pairs: nothing to time (a larger --children?)');
  const { county, open, children: inDatabase } = rows[0] as { county: string; open: number; children: number };
  const timed = Math.min(decisions, open - 1);

  const server = await serveHub(dataDir);
  const browser = await launchBrowser();
  const times: number[] = [];
  const savedTimes: number[] = [];
  const apiTimes: number[] = [];
  try {
    const { origin } = server;
    const context = await browser.newContext({ viewport: OFFICE_SCREEN, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/`);
    await signIn(page, 'CIVIL_AFFAIRS', county, 'bench-reviewer');
    await page.goto(`${origin}/#/review`);
    await page.getByTestId('review-pair').waitFor();
    await page.getByTestId('waterfall').locator('canvas').waitFor();
    for (let i = 0; i < timed; i++) {
      await page.locator('input[name=reason]').fill(`benchmark decision ${i + 1}`);
      await page.keyboard.press('Escape');
      const { ms, savedMs, next, apiMs } = (await page.evaluate(`(${DECIDE_AND_TIME})(${JSON.stringify(i % 2 === 0 ? 'n' : 'm')})`)) as { ms: number; savedMs: number; next: string | null; apiMs: number | null };
      if (next === null) throw new Error(`no next pair after decision ${i + 1}`);
      times.push(ms);
      savedTimes.push(savedMs);
      if (apiMs !== null) apiTimes.push(apiMs);
    }
    if (errors.length > 0) throw new Error(`the page raised errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await server.stop();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(`county ${county}: ${inDatabase.toLocaleString('en-US')} children, ${open.toLocaleString('en-US')} open review pairs`);
  console.log(`decision → next pair painted, ${times.length} decisions (headless Chromium, 1366×768, key press to first frame after the new pair):`);
  console.log(`  median ${round(percentile(sorted, 50))} ms, p95 ${round(percentile(sorted, 95))} ms, max ${round(sorted[sorted.length - 1])} ms, min ${round(sorted[0])} ms`);
  const saved = [...savedTimes].sort((a, b) => a - b);
  console.log(`  the hub's answer shown ("已记录"): median ${round(percentile(saved, 50))} ms, p95 ${round(percentile(saved, 95))} ms`);
  const api = [...apiTimes].sort((a, b) => a - b);
  if (api.length > 0) console.log(`  of which the decideReview request (resource timing): median ${round(percentile(api, 50))} ms, p95 ${round(percentile(api, 95))} ms`);
  console.log(JSON.stringify({ children: inDatabase, open, decisions: times.length, medianMs: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), maxMs: round(sorted[sorted.length - 1]), savedMedianMs: round(percentile(saved, 50)), savedP95Ms: round(percentile(saved, 95)) }));
}

// The county built for the run goes, whether the run ends well or not (a queue too short, say).
main().finally(() => work && fs.rmSync(work, { recursive: true, force: true })).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
