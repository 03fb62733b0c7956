import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildConsole } from '../../../src/console/build';
import { toCsv } from '../../../src/console/app/csv';

const root = path.resolve(__dirname, '../../..');

describe('the console app', () => {
  // The browser code has its own compiler settings (DOM, JSX): the root tsconfig leaves it out.
  test('type-checks, with the operation types codegen made', () => {
    expect(() => execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'src/console/app/tsconfig.json'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });

  test('bundles with esbuild in about a second, loading nothing from another host', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-console-'));
    try {
      const started = performance.now();
      buildConsole(path.join(out, 'console'));
      expect(performance.now() - started).toBeLessThan(5000);
      const script = fs.readFileSync(path.join(out, 'console/app.js'), 'utf8');
      const html = fs.readFileSync(path.join(out, 'console/index.html'), 'utf8');
      // No eval or Function constructor (the CSP allows neither), no URL of another host to load.
      expect(script).not.toMatch(/\beval\(|new Function\(/);
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/<script>|style=/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('CSV: Chinese kept for Excel (BOM), quotes doubled, formulas defused', () => {
    const csv = toCsv(['姓名', '备注'], [['王小明', '=HYPERLINK("x")'], ['李, 华', '-1'], ['张三', null]]);
    expect(csv).toBe('\uFEFF姓名,备注\r\n王小明,"\'=HYPERLINK(""x"")"\r\n"李, 华",\'-1\r\n张三,\r\n');
  });
});
