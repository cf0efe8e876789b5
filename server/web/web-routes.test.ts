import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import type { AppEnv } from '../env.ts';
import { requestId } from '../middleware/request-id.ts';
import { secureHeadersByPath } from '../middleware/secure-headers.ts';
import { loadWebBundle, type WebBundle } from './web-bundle.ts';
import { WEB_PAGE_SECURITY, webRoutes } from './web-routes.ts';

/** The web routes as createApp mounts them, with the app-wide middleware they rely on. */
const appOver = (bundle: WebBundle) =>
  new Hono<AppEnv>().use(requestId()).use(secureHeadersByPath(WEB_PAGE_SECURITY)).route('/', webRoutes(bundle));

describe('web pages and their bundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'web-bundle-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A build as Vite writes it: a manifest and the files it names. */
  function writeBuild(manifest: unknown, files: Readonly<Record<string, string>>): void {
    mkdirSync(path.join(dir, '.vite'), { recursive: true });
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  }

  const BUILD = {
    manifest: {
      '_shared-A1.js': { file: 'assets/shared-A1.js', name: 'shared' },
      'server/web/browser/sign-in.ts': {
        file: 'assets/sign-in-B2.js',
        name: 'sign-in',
        src: 'server/web/browser/sign-in.ts',
        isEntry: true,
        imports: ['_shared-A1.js'],
      },
      'server/web/browser/pair.ts': { file: 'assets/pair-C3.js', name: 'pair', isEntry: true },
    },
    files: {
      'assets/shared-A1.js': 'export const shared = 1;',
      'assets/sign-in-B2.js': 'import "./shared-A1.js";',
      'assets/pair-C3.js': 'console.log("pair");',
    },
  };

  it('says what to run when the bundle was never built, and every page answers 503 saying it too', async () => {
    const bundle = loadWebBundle(path.join(dir, 'missing'));
    expect(bundle).toEqual({ ok: false, message: expect.stringContaining('not built') });
    expect(bundle.ok ? '' : bundle.message).toContain('run `npm run build:web`');
    const app = appOver(bundle);
    for (const page of ['/sign-in', '/pair']) {
      const response = await app.request(page);
      expect(response.status, page).toBe(503);
      const envelope = errorEnvelopeSchema.parse(await response.json());
      expect(envelope.code).toBe('unavailable');
      expect(envelope.message).toContain('npm run build:web');
    }
  });

  it('says so when a file the manifest names is missing, or the manifest is not one', () => {
    writeBuild(BUILD.manifest, { 'assets/pair-C3.js': 'x' });
    expect(loadWebBundle(dir)).toEqual({ ok: false, message: expect.stringContaining('built only in part') });
    writeBuild({ 'x.ts': { file: '../../etc/passwd' } }, {});
    expect(loadWebBundle(dir)).toEqual({ ok: false, message: expect.stringContaining('unreadable') });
  });

  it("links each page to its entry's hashed script and preloads what the entry imports", async () => {
    writeBuild(BUILD.manifest, BUILD.files);
    const app = appOver(loadWebBundle(dir));
    const page = await app.request('/sign-in');
    expect(page.status).toBe(200);
    expect(page.headers.get('Cache-Control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/assets/sign-in-B2.js"></script>');
    expect(html).toContain('<link rel="modulepreload" href="/assets/shared-A1.js">');
    expect(await (await app.request('/pair')).text()).toContain('src="/assets/pair-C3.js"');
  });

  it('serves the files of the bundle for good, and nothing else', async () => {
    writeBuild(BUILD.manifest, BUILD.files);
    // Not in the manifest: never served, even though it sits in the folder.
    writeFileSync(path.join(dir, 'assets', 'stray.js'), 'stray');
    const app = appOver(loadWebBundle(dir));
    const script = await app.request('/assets/sign-in-B2.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe(BUILD.files['assets/sign-in-B2.js']);
    for (const missing of ['/assets/stray.js', '/assets/sign-in-XX.js', '/assets/..%2F.vite%2Fmanifest.json']) {
      expect((await app.request(missing)).status, missing).toBe(404);
    }
  });

  it("gives each page its own CSP (same-origin scripts only; connections for sign-in alone) and the assets the API's", async () => {
    writeBuild(BUILD.manifest, BUILD.files);
    const app = appOver(loadWebBundle(dir));
    const csp = async (url: string) => (await app.request(url)).headers.get('Content-Security-Policy') ?? '';
    for (const page of ['/sign-in', '/pair']) {
      expect(await csp(page)).toContain("script-src 'self'");
      expect(await csp(page)).not.toContain('unsafe-inline');
    }
    expect(await csp('/sign-in')).toContain("connect-src 'self'");
    expect(await csp('/pair')).not.toContain('connect-src');
    expect(await csp('/assets/pair-C3.js')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('answers 503 for a page whose entry the bundle lacks (built before the page was added)', async () => {
    writeBuild({ 'server/web/browser/pair.ts': BUILD.manifest['server/web/browser/pair.ts'] }, BUILD.files);
    const response = await appOver(loadWebBundle(dir)).request('/sign-in');
    expect(response.status).toBe(503);
    expect(errorEnvelopeSchema.parse(await response.json()).message).toContain('no entry "sign-in"');
  });
});
