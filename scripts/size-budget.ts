// `npm test` step, right after the builds: what each bundle costs a browser, in gzip bytes, against its budget.
// A bundle is what one thing loads: a page's script, the chunks it preloads and its stylesheets; the background;
// a content script; a page script of the server's web bundle with the chunks it imports. Every page and content
// script built must have a budget, so a new one cannot slip in unmeasured.
//
// Raising a budget is a decision: do it here, in the same commit as the growth, and say why in its comment.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { WEB_BUNDLE_DIR } from '../server/web/web-bundle.ts';
import { webEntryFiles, webEntryNames, webManifestSchema } from '../server/web/web-manifest.ts';

/** Where a bundle's files are found: in the extension build, or in the server's web bundle (npm run build:web). */
export type BundleSource =
  | { readonly kind: 'extension-page'; readonly html: string }
  | { readonly kind: 'extension-file'; readonly file: string }
  | { readonly kind: 'web-entry'; readonly entry: string };

export type Budget = { readonly bundle: string; readonly source: BundleSource; readonly gzipBytes: number };

const KB = 1024;

// Today's sizes (December, before the dashboard and widget) plus about 10 % for ordinary growth.
export const BUDGETS: readonly Budget[] = [
  // The recorder, injected into every page being walked while recording: what we add to someone else's page
  // (bench: page overhead). 6.1 kB today.
  {
    bundle: 'content script (recorder)',
    source: { kind: 'extension-file', file: 'content-scripts/recorder.js' },
    gzipBytes: 7 * KB,
  },
  // The MV3 service worker (Dexie, zod schemas, recorder, sync), parsed again on every wake-up. 75.5 kB today.
  { bundle: 'background', source: { kind: 'extension-file', file: 'background.js' }, gzipBytes: 83 * KB },
  // The side panel, open all through a walkthrough: Preact, Dexie, the recorder's screens. 105 kB today.
  { bundle: 'side panel', source: { kind: 'extension-page', html: 'sidepanel.html' }, gzipBytes: 116 * KB },
  // History (list, detail, local scorecard): the shared base chunk plus its own views. 92.3 kB today.
  { bundle: 'History page', source: { kind: 'extension-page', html: 'walkthroughs.html' }, gzipBytes: 102 * KB },
  // The toolbar popup, opened on every click; most of it is the base chunk it shares with the other pages.
  // 80.6 kB today.
  { bundle: 'popup', source: { kind: 'extension-page', html: 'popup.html' }, gzipBytes: 89 * KB },
  // Options (server address, pairing). 80.7 kB today.
  { bundle: 'options', source: { kind: 'extension-page', html: 'options.html' }, gzipBytes: 89 * KB },
  // The server's sign-in page script: almost all of it is zod, which parses the server's answers with the
  // shared/protocol schemas. 25.5 kB today.
  { bundle: 'sign-in page script', source: { kind: 'web-entry', entry: 'sign-in' }, gzipBytes: 28 * KB },
  // The pairing page script: a few lines, no schema. 0.7 kB today.
  { bundle: 'pairing page script', source: { kind: 'web-entry', entry: 'pair' }, gzipBytes: 1.5 * KB },
];

/** The extension's own files a page loads, from its HTML: the entry script, preloaded chunks, stylesheets. */
export function pageFiles(html: string): string[] {
  const files: string[] = [];
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  for (const tag of tags) {
    const isScript = tag.startsWith('<script');
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (!isScript && rel !== 'modulepreload' && rel !== 'stylesheet') continue;
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    // Only files of the extension itself (absolute paths from its root); a remote URL would be refused by its CSP.
    if (url?.startsWith('/')) files.push(url.slice(1));
  }
  return files;
}

export type Measured = { readonly bundle: string; readonly gzipBytes: number; readonly budget: number };
/** A bundle that could not be measured: its files are missing. Says what to build. */
export type Unmeasured = { readonly bundle: string; readonly problem: string };

export type BudgetReport = { readonly rows: readonly (Measured | Unmeasured)[]; readonly ok: boolean };

/** Compares sizes with budgets: over budget or unmeasured fails; exactly at budget passes. */
export function checkBudgets(rows: readonly (Measured | Unmeasured)[]): BudgetReport {
  return { rows, ok: rows.every((row) => 'gzipBytes' in row && row.gzipBytes <= row.budget) };
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;

/** The table printed by `npm test`: one line per bundle, the ones over budget marked with what to do. */
export function formatBudgetTable(report: BudgetReport): string {
  const width = Math.max(...report.rows.map((row) => row.bundle.length), 'bundle'.length);
  const lines = [`${'bundle'.padEnd(width)}  ${'gzip'.padStart(9)}  ${'budget'.padStart(9)}`];
  for (const row of report.rows) {
    if (!('gzipBytes' in row)) {
      lines.push(`${row.bundle.padEnd(width)}  ${'-'.padStart(9)}  ${'-'.padStart(9)}  NOT MEASURED: ${row.problem}`);
      continue;
    }
    const over = row.gzipBytes - row.budget;
    const verdict = over > 0 ? `OVER by ${kb(over)}` : 'ok';
    lines.push(
      `${row.bundle.padEnd(width)}  ${kb(row.gzipBytes).padStart(9)}  ${kb(row.budget).padStart(9)}  ${verdict}`,
    );
  }
  if (!report.ok) {
    lines.push(
      '',
      'Size budget exceeded: make the bundle smaller, or raise its budget in scripts/size-budget.ts with a comment ' +
        'saying why it is worth it.',
    );
  }
  return lines.join('\n');
}

/** Built pages and content scripts that have no budget row. */
/** How a built page of the server's web bundle is named among the built pages. */
export const webEntryPage = (entry: string): string => `web entry ${entry}`;

export function unbudgeted(builtPages: readonly string[], budgets: readonly Budget[]): string[] {
  const covered = new Set(
    budgets.map(({ source }) =>
      source.kind === 'extension-page'
        ? source.html
        : source.kind === 'extension-file'
          ? source.file
          : webEntryPage(source.entry),
    ),
  );
  return builtPages.filter((page) => !covered.has(page));
}

function gzipSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

/** Measures every budget against the builds in `extensionDir` and `webDir`. */
export function measureBudgets(
  budgets: readonly Budget[],
  extensionDir: string,
  webDir: string,
): (Measured | Unmeasured)[] {
  const manifestPath = join(webDir, '.vite', 'manifest.json');
  const manifest = existsSync(manifestPath)
    ? webManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')))
    : undefined;
  return budgets.map(({ bundle, source, gzipBytes: budget }): Measured | Unmeasured => {
    let files: string[] | undefined;
    let dir = extensionDir;
    if (source.kind === 'extension-page') {
      const html = join(extensionDir, source.html);
      files = existsSync(html) ? [source.html, ...pageFiles(readFileSync(html, 'utf8'))] : undefined;
    } else if (source.kind === 'extension-file') {
      files = [source.file];
    } else {
      dir = webDir;
      files = manifest && webEntryFiles(manifest, source.entry);
      if (!files) return { bundle, problem: `no entry "${source.entry}" in ${manifestPath}: run npm run build:web` };
    }
    const missing = (files ?? [join(dir, '?')]).filter((file) => !existsSync(join(dir, file)));
    if (!files || missing.length > 0) {
      return {
        bundle,
        problem: `${relative(process.cwd(), join(dir, missing[0] ?? ''))} is missing: run ${dir === webDir ? 'npm run build:web' : 'npx wxt build'}`,
      };
    }
    return { bundle, gzipBytes: files.reduce((sum, file) => sum + gzipSize(join(dir, file)), 0), budget };
  });
}

/** Page scripts of the server's web bundle, named like webEntryPage(); none when it is not built. */
function builtWebEntries(webDir: string): string[] {
  const manifestPath = join(webDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) return [];
  return webEntryNames(webManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')))).map(webEntryPage);
}

/** Pages and content scripts in an extension build, as paths from its root. */
function builtPages(extensionDir: string): string[] {
  const pages = readdirSync(extensionDir).filter((name) => name.endsWith('.html'));
  const scriptsDir = join(extensionDir, 'content-scripts');
  const scripts = existsSync(scriptsDir)
    ? readdirSync(scriptsDir)
        .filter((name) => name.endsWith('.js'))
        .map((name) => `content-scripts/${name}`)
    : [];
  return [...pages, ...scripts];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The same build the browser tests load (tests/helpers/browser.ts).
  const extensionDir = join(process.env.EXTENSION_OUT_DIR ?? '.output', 'chrome-mv3');
  if (!existsSync(extensionDir)) {
    console.error(`No extension build in ${extensionDir}: run npx wxt build first.`);
    process.exit(1);
  }
  const report = checkBudgets(measureBudgets(BUDGETS, extensionDir, WEB_BUNDLE_DIR));
  console.log(formatBudgetTable(report));
  const missing = unbudgeted([...builtPages(extensionDir), ...builtWebEntries(WEB_BUNDLE_DIR)], BUDGETS);
  if (missing.length > 0) {
    console.error(`\nNo size budget for ${missing.join(', ')}: add one to BUDGETS in scripts/size-budget.ts.`);
  }
  process.exit(report.ok && missing.length === 0 ? 0 : 1);
}
