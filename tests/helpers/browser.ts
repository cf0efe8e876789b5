// Launches Debian's Chromium with the BUILT extension (.output/chrome-mv3) loaded, the way a sampler would
// load it unpacked. Browser tests exercise what ships, so build first: `npx wxt build`.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromiumPath } from './chromium-path.ts';

/** The build under test: `.output/chrome-mv3`, or `$EXTENSION_OUT_DIR/chrome-mv3` when built elsewhere. */
export const CHROME_EXTENSION_DIR = fileURLToPath(
  new URL(`../../${process.env.EXTENSION_OUT_DIR ?? '.output'}/chrome-mv3`, import.meta.url),
);

export type ExtensionBrowser = {
  context: BrowserContext;
  /** Depends on the extension folder's path, so it is read at launch, never hard-coded. */
  extensionId: string;
  /** The extension's MV3 service worker (the background). */
  background: Worker;
  /** `chrome-extension://<id>/<path>` */
  url(path: string): string;
  /** A new tab on an extension page, with its uncaught errors recorded in `pageErrors`. */
  openPage(path: string): Promise<Page>;
  /**
   * URLs of every page target, including side panels, which Playwright does not list in context.pages()
   * but Chromium reports over CDP.
   */
  pageTargetUrls(): Promise<string[]>;
  /** Uncaught exceptions from pages opened with openPage, as "path: message". */
  pageErrors: string[];
  /** Chromium's profile directory. */
  userDataDir: string;
  /** Closes Chromium and deletes its profile (unless the caller gave it); safe to call twice. */
  close(): Promise<void>;
};

const isExtensionWorker = (worker: Worker): boolean => worker.url().startsWith('chrome-extension://');

/**
 * The background service worker may have started before launchPersistentContext returned, or may start
 * later: listen first, then look at the ones already running, so neither case is missed.
 */
const extensionServiceWorker = async (context: BrowserContext): Promise<Worker> => {
  const started = context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 30_000 });
  const running = context.serviceWorkers().find(isExtensionWorker);
  if (running) {
    started.catch(() => {}); // abandoned; it rejects when the context closes
    return running;
  }
  return started;
};

export type LaunchOptions = {
  /**
   * An existing profile to launch with (to restart the browser on the same profile), which close() then
   * leaves in place: the caller owns it and removes it. By default every launch gets a fresh temporary profile.
   */
  userDataDir?: string;
};

/** A new, empty temporary profile directory, for a caller that launches on it more than once. */
export const makeProfileDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'journey-sampler-chromium-'));

export const launchExtension = async (
  extensionDir: string = CHROME_EXTENSION_DIR,
  options: LaunchOptions = {},
): Promise<ExtensionBrowser> => {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run "npx wxt build" before the browser tests.`);
  }
  // A fresh profile per launch (unless one is given): no IndexedDB, settings or permissions carried over
  // between suites.
  const ownsProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await makeProfileDir());
  const removeProfile = async () => {
    if (ownsProfile) await rm(userDataDir, { recursive: true, force: true });
  };

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      // New headless mode (the default for a full Chromium binary) runs extensions.
      headless: true,
      // Playwright passes --disable-extensions by default, which would make --load-extension a no-op.
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    await removeProfile();
    throw error;
  }

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await context.close();
    } finally {
      await removeProfile();
    }
  };

  try {
    const background = await extensionServiceWorker(context);
    const extensionId = new URL(background.url()).host;
    const url = (path: string): string => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;
    const pageErrors: string[] = [];
    return {
      context,
      extensionId,
      background,
      url,
      pageErrors,
      userDataDir,
      async openPage(path) {
        const page = await context.newPage();
        page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
        await page.goto(url(path));
        return page;
      },
      async pageTargetUrls() {
        const anyPage = context.pages()[0] ?? (await context.newPage());
        const cdp = await context.newCDPSession(anyPage);
        try {
          const { targetInfos } = await cdp.send('Target.getTargets');
          return targetInfos.filter((target) => target.type === 'page').map((target) => target.url);
        } finally {
          await cdp.detach();
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
};

/**
 * One extension browser for the calling suite: registers beforeAll (launch), afterAll (close) and, unless
 * `checkPageErrors` is false, an afterEach that fails a test whose extension pages threw an uncaught exception
 * (a failure even when the page still looks right). Call at the top of a test file; the returned function gives
 * the browser inside tests.
 */
export const useExtensionBrowser = ({ checkPageErrors = true }: { checkPageErrors?: boolean } = {}) => {
  let launched: ExtensionBrowser | undefined;
  beforeAll(async () => {
    launched = await launchExtension();
  });
  afterAll(async () => {
    await launched?.close();
  });
  if (checkPageErrors) {
    afterEach(() => {
      expect(launched?.pageErrors.splice(0) ?? []).toEqual([]);
    });
  }
  return (): ExtensionBrowser => {
    if (!launched) throw new Error('beforeAll did not launch the browser');
    return launched;
  };
};

/**
 * For a suite that launches several extension browsers (fresh profiles) inside its tests: the returned
 * function launches one, and an afterAll closes every one launched, all of them even if one close fails.
 */
export const useExtensionBrowsers = (): (() => Promise<ExtensionBrowser>) => {
  const launched: ExtensionBrowser[] = [];
  afterAll(async () => {
    const results = await Promise.allSettled(launched.map((browser) => browser.close()));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0)
      throw new AggregateError(
        failed.map((r) => r.reason),
        'closing the browsers failed',
      );
  });
  return async () => {
    const browser = await launchExtension();
    launched.push(browser);
    return browser;
  };
};
