// What the Chromium benchmarks share: a private copy of the built extension (another build may be rewriting
// .output meanwhile), the recorder driver of the browser tests (tests/browser/sites/extension-driver.ts, bundled
// with the project's vite and evaluated in an extension page, so the recorder, clock and database code that
// ships is what is timed), host access granted the way a user grants it, and the JS heap of an extension
// context over the DevTools protocol.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import type { Driver } from '../tests/browser/sites/extension-driver.ts';
import { CHROME_EXTENSION_DIR, type ExtensionBrowser } from '../tests/helpers/browser.ts';
import { grantInExtensionsPage } from '../tests/helpers/extension-controls.ts';

export type { Driver };

const DRIVER_ENTRY = fileURLToPath(new URL('../tests/browser/sites/extension-driver.ts', import.meta.url));
const DRIVER_GLOBAL = 'journeySamplerDriver';

/**
 * Run under tsx, esbuild's keepNames wraps functions named inside evaluated functions in __name(): give the page
 * a no-op one. (The string is compiled by the DevTools protocol, which the page's CSP does not govern.)
 */
export const KEEP_NAMES_SHIM = 'globalThis.__name = (fn) => fn';

export type ExtensionCopy = { dir: string; remove(): Promise<void> };

/**
 * Copies the build (.output/chrome-mv3, or $EXTENSION_OUT_DIR/chrome-mv3 as tests/helpers/browser.ts reads it) to
 * a temporary folder; fails in one line when nothing is built there.
 */
export const copyBuiltExtension = async (): Promise<ExtensionCopy> => {
  if (!existsSync(join(CHROME_EXTENSION_DIR, 'manifest.json'))) {
    const outDir = process.env.EXTENSION_OUT_DIR ?? '.output';
    throw new Error(
      `No built extension in ${CHROME_EXTENSION_DIR}: run ${outDir === '.output' ? '' : `EXTENSION_OUT_DIR=${outDir} `}npx wxt build first.`,
    );
  }
  const parent = await mkdtemp(join(tmpdir(), 'bench-ext-'));
  const dir = join(parent, 'chrome-mv3');
  await cp(CHROME_EXTENSION_DIR, dir, { recursive: true });
  return { dir, remove: () => rm(parent, { recursive: true, force: true }) };
};

/** A driver (the recorder driver unless `entry` names another) as one iife script. */
export const bundleDriver = async (entry: string = DRIVER_ENTRY): Promise<string> => {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: { write: false, minify: false, lib: { entry, formats: ['iife'], name: 'benchDriver' } },
  });
  for (const output of Array.isArray(result) ? result : [result]) {
    if (!('output' in output)) continue;
    const chunk = output.output.find((file) => file.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('vite produced no driver bundle');
};

/** An extension page with the driver loaded. */
export const openDriverPage = async (browser: ExtensionBrowser, driverSource: string): Promise<Page> => {
  const page = await browser.openPage('options.html');
  await page.evaluate(driverSource);
  await page.evaluate(KEEP_NAMES_SHIM);
  return page;
};

/**
 * Runs `fn(driver, arg)` in the extension page, sent as source text (the DevTools protocol compiles it; the
 * page's CSP does not govern that). `fn` may use only its parameters and the page's globals.
 */
export const drive = <R, A>(page: Page, fn: (driver: Driver, arg: A) => R | Promise<R>, arg: A): Promise<R> =>
  page.evaluate(`(${fn.toString()})(globalThis.${DRIVER_GLOBAL}, ${JSON.stringify(arg)})`);

/**
 * Host access for `origins` (match patterns), as a sampler grants it. Headless Chromium cannot accept a
 * permissions.request() dialog, so (as the browser tests do, with grantInExtensionsPage) the origins are first allowed the way a
 * user can in chrome://extensions ("Site access"), then the extension's requestSiteAccess() is called in a real
 * click in the driver page, which then resolves without a dialog and makes them granted to the extension.
 */
export const grantSiteAccess = async (
  browser: ExtensionBrowser,
  driver: Page,
  origins: readonly string[],
): Promise<void> => {
  await grantInExtensionsPage(browser, origins);
  await drive(
    driver,
    (d, origins) => {
      const button = document.createElement('button');
      button.id = 'bench-grant';
      button.textContent = 'Grant';
      button.addEventListener('click', () => Reflect.set(globalThis, 'benchGranted', d.requestSiteAccess(origins)));
      document.body.prepend(button);
    },
    origins,
  );
  await driver.bringToFront();
  await driver.click('#bench-grant');
  if ((await driver.evaluate('globalThis.benchGranted')) !== true) throw new Error('site access not granted');
  await driver.evaluate("document.getElementById('bench-grant').remove()");
};

/**
 * Used JS heap of one target, in bytes: the least of three readings, each after a full garbage collection (one
 * reading can still hold a message being handled or code being compiled; the least is what is retained).
 */
export type HeapReader = { usedAfterGc(): Promise<number>; detach(): Promise<void> };

/**
 * The JS heap of an extension page or the service worker, over the DevTools protocol. Playwright has no CDP
 * session for a worker, so the page's session attaches to the worker's target (non-flattened) and relays.
 */
export const heapReader = async (page: Page, target: 'page' | 'service-worker'): Promise<HeapReader> => {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const leastOfThree = async (read: () => Promise<number>): Promise<number> =>
    Math.min(await read(), await read(), await read());
  if (target === 'page') {
    return {
      usedAfterGc: () =>
        leastOfThree(async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          return (await cdp.send('Runtime.getHeapUsage')).usedSize;
        }),
      detach: () => cdp.detach(),
    };
  }
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.endsWith('/background.js'));
  if (!worker) throw new Error('no background service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  const pending = new Map<number, (reply: { result?: unknown; error?: { message: string } }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (reply.id !== undefined) pending.get(reply.id)?.(reply);
  });
  let nextId = 0;
  const send = async (method: string): Promise<unknown> => {
    nextId += 1;
    const id = nextId;
    const reply = await new Promise<{ result?: unknown; error?: { message: string } }>((resolve) => {
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
    pending.delete(id);
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result;
  };
  return {
    usedAfterGc: () =>
      leastOfThree(async () => {
        await send('HeapProfiler.collectGarbage');
        return ((await send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      }),
    async detach() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach();
    },
  };
};
