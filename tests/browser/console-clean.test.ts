// Every extension page and the background start without a console error or a Content Security Policy
// violation. Chromium reports a refused eval (zod's `new Function` probe, for one) as neither an exception nor
// a console message: only as a `securitypolicyviolation` event and a DevTools issue. So each target is read
// over the DevTools protocol, whose Audits, Log and Runtime domains replay what they collected before we
// attached: what happened while a page (or the service worker) loaded is seen, without racing its start.
import { readFile } from 'node:fs/promises';
import type { CDPSession } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type ExtensionBrowser, useExtensionBrowser } from '../helpers/browser.ts';

/** Every page the extension ships (entrypoints with an index.html). */
const PAGES = ['sidepanel.html', 'popup.html', 'options.html', 'walkthroughs.html'];

type Message = { id?: number; method?: string; params?: Record<string, unknown> };

/** What a DevTools event says went wrong, or undefined when it is not a problem. */
const problemIn = ({ method, params = {} }: Message): string | undefined => {
  switch (method) {
    case 'Audits.issueAdded': {
      const issue = params.issue as { code: string; details: unknown };
      return issue.code === 'ContentSecurityPolicyIssue' ? `CSP: ${JSON.stringify(issue.details)}` : undefined;
    }
    case 'Log.entryAdded': {
      const entry = params.entry as { level: string; text: string; url?: string };
      return entry.level === 'error' ? `log: ${entry.text} ${entry.url ?? ''}` : undefined;
    }
    case 'Runtime.consoleAPICalled': {
      const args = params.args as { value?: unknown; description?: string }[];
      return params.type === 'error' || params.type === 'assert'
        ? `console.${params.type}: ${args.map((a) => a.description ?? String(a.value)).join(' ')}`
        : undefined;
    }
    case 'Runtime.exceptionThrown':
      return `uncaught: ${JSON.stringify(params.exceptionDetails).slice(0, 500)}`;
    default:
      return undefined;
  }
};

/**
 * The problems target `targetId` has had since it started: attaches a second DevTools client to it (through
 * the browser session, so it works for a service worker as well as a page), turns on the domains that replay
 * their history, and waits for the answer to a last command, which comes after the replays.
 */
const problemsOf = async (cdp: CDPSession, targetId: string): Promise<string[]> => {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  const problems: string[] = [];
  const answers = new Map<number, () => void>();
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as Message;
    if (message.id !== undefined) answers.get(message.id)?.();
    const problem = problemIn(message);
    if (problem !== undefined) problems.push(problem);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  let nextId = 0;
  const send = (method: string, params: object = {}) => {
    nextId += 1;
    const id = nextId;
    const answered = new Promise<void>((resolve) => answers.set(id, resolve));
    void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    return answered;
  };
  try {
    await send('Audits.enable');
    await send('Log.enable');
    await send('Runtime.enable');
    await send('Runtime.evaluate', { expression: '0' });
    return problems;
  } finally {
    cdp.off('Target.receivedMessageFromTarget', onMessage);
    await cdp.send('Target.detachFromTarget', { sessionId });
  }
};

const targetsOf = async (browser: ExtensionBrowser, cdp: CDPSession) => {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos.filter((t) => t.url.startsWith(browser.url('')));
};

const browser = useExtensionBrowser();

describe('a clean console in every extension context', () => {
  it('the background service worker started without an error or a CSP violation', async () => {
    const chromium = browser().context.browser();
    if (!chromium) throw new Error('no browser-level DevTools connection');
    const cdp = await chromium.newBrowserCDPSession();
    try {
      // Read at once: a worker idle for 30 s is stopped, and what it logged goes with it.
      const worker = (await targetsOf(browser(), cdp)).find((t) => t.type === 'service_worker');
      if (!worker) throw new Error('the background service worker is not running');
      expect(await problemsOf(cdp, worker.targetId)).toEqual([]);
    } finally {
      await cdp.detach();
    }
  });

  it.each(PAGES)('%s loads and renders without an error or a CSP violation', async (path) => {
    const page = await browser().openPage(path);
    await page.locator('h1').first().waitFor();
    const chromium = browser().context.browser();
    if (!chromium) throw new Error('no browser-level DevTools connection');
    const cdp = await chromium.newBrowserCDPSession();
    try {
      const target = (await targetsOf(browser(), cdp)).find((t) => t.type === 'page' && t.url === page.url());
      if (!target) throw new Error(`no page target at ${page.url()}`);
      expect(await problemsOf(cdp, target.targetId)).toEqual([]);
    } finally {
      await cdp.detach();
      await page.close();
    }
  });
});

describe('zod is configured before any schema exists', () => {
  // What the browser tests above catch as a CSP violation, named where it comes from: an entry whose first
  // import is not the jitless module lets a schema be defined (and zod probe `new Function`) before it.
  const ENTRIES = [
    'extension/entrypoints/background.ts',
    ...['sidepanel', 'popup', 'options', 'walkthroughs'].map((page) => `extension/entrypoints/${page}/main.tsx`),
    'server/web/browser/sign-in.ts',
  ];
  it.each(ENTRIES)('%s imports shared/schemas/zod-jitless.ts first', async (entry) => {
    const source = await readFile(new URL(`../../${entry}`, import.meta.url), 'utf8');
    const firstImport = /^import\s[^;]*;/m.exec(source)?.[0];
    expect(firstImport).toMatch(/^import '(\.\.\/)+shared\/schemas\/zod-jitless\.ts';$/);
  });
});
