import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUDGETS,
  type Budget,
  checkBudgets,
  formatBudgetTable,
  measureBudgets,
  pageFiles,
  unbudgeted,
  webEntryPage,
} from './size-budget.ts';

const SIDEPANEL_HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <script type="module" crossorigin src="/chunks/sidepanel-Bvr4AP9P.js"></script>
    <link rel="modulepreload" crossorigin href="/chunks/base-BfbssVfT.js">
    <link rel="stylesheet" crossorigin href="/assets/base-C3lyj-zm.css">
    <link rel="icon" href="/icon.png">
    <link rel="stylesheet" href="https://fonts.example/x.css">
  </head>
  <body><div id="app"></div></body>
</html>`;

describe('pageFiles', () => {
  it('lists the entry script, preloaded chunks and stylesheets of a built page, nothing else', () => {
    expect(pageFiles(SIDEPANEL_HTML)).toEqual([
      'chunks/sidepanel-Bvr4AP9P.js',
      'chunks/base-BfbssVfT.js',
      'assets/base-C3lyj-zm.css',
    ]);
  });
});

describe('checkBudgets and formatBudgetTable', () => {
  it('passes at exactly the budget and fails one byte over, naming the bundle and by how much', () => {
    const atBudget = checkBudgets([{ bundle: 'popup', gzipBytes: 2048, budget: 2048 }]);
    expect(atBudget.ok).toBe(true);
    const over = checkBudgets([
      { bundle: 'popup', gzipBytes: 2048, budget: 2048 },
      { bundle: 'side panel', gzipBytes: 3 * 1024 + 512, budget: 3 * 1024 },
    ]);
    expect(over.ok).toBe(false);
    const table = formatBudgetTable(over);
    expect(table).toMatch(/^side panel\s+3\.5 kB\s+3\.0 kB\s+OVER by 0\.5 kB$/m);
    expect(table).toMatch(/^popup\s+2\.0 kB\s+2\.0 kB\s+ok$/m);
    expect(table).toContain('raise its budget in scripts/size-budget.ts');
  });

  it('fails when a bundle could not be measured', () => {
    const report = checkBudgets([{ bundle: 'background', problem: 'background.js is missing' }]);
    expect(report.ok).toBe(false);
    expect(formatBudgetTable(report)).toContain('NOT MEASURED: background.js is missing');
  });
});

describe('unbudgeted', () => {
  it('names a built page or content script that has no budget', () => {
    expect(unbudgeted(['popup.html', 'dashboard.html', 'content-scripts/recorder.js'], BUDGETS)).toEqual([
      'dashboard.html',
    ]);
  });

  it("names a page script of the server's web bundle that has no budget", () => {
    expect(unbudgeted([webEntryPage('sign-in'), webEntryPage('pair'), webEntryPage('dashboard')], BUDGETS)).toEqual([
      webEntryPage('dashboard'),
    ]);
  });
});

describe('measureBudgets', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };

  it('sums the gzip sizes of the files a page loads, and reports what is missing', () => {
    dir = mkdtempSync(join(tmpdir(), 'size-budget-'));
    write('ext/sidepanel.html', SIDEPANEL_HTML);
    // Incompressible enough that a 1 kB budget is clearly exceeded.
    write('ext/chunks/sidepanel-Bvr4AP9P.js', Array.from({ length: 400 }, (_, i) => `v${i * 7919}`).join(';'));
    write('ext/chunks/base-BfbssVfT.js', 'export const base = 1;');
    write('ext/assets/base-C3lyj-zm.css', 'body { margin: 0 }');
    const budgets: Budget[] = [
      { bundle: 'side panel', source: { kind: 'extension-page', html: 'sidepanel.html' }, gzipBytes: 1024 },
      { bundle: 'background', source: { kind: 'extension-file', file: 'background.js' }, gzipBytes: 1024 },
      { bundle: 'pairing page script', source: { kind: 'web-entry', entry: 'pair' }, gzipBytes: 1024 },
    ];
    const [sidePanel, background, pair] = measureBudgets(budgets, join(dir, 'ext'), join(dir, 'web'));
    expect(sidePanel).toMatchObject({ bundle: 'side panel', budget: 1024 });
    expect(sidePanel && 'gzipBytes' in sidePanel && sidePanel.gzipBytes).toBeGreaterThan(1024);
    expect(background).toMatchObject({ bundle: 'background', problem: expect.stringContaining('background.js') });
    expect(pair).toMatchObject({ problem: expect.stringContaining('npm run build:web') });
  });
});
