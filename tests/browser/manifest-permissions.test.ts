import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHROME_EXTENSION_DIR, useExtensionBrowser } from '../helpers/browser.ts';

// Only the manifest keys this suite judges; the rest of the manifest is WXT's business.
const permissionsSchema = z.object({
  permissions: z.array(z.string()).default([]),
  host_permissions: z.array(z.string()).default([]),
  optional_host_permissions: z.array(z.string()).default([]),
  content_scripts: z.array(z.object({ matches: z.array(z.string()).default([]) })).default([]),
  chrome_url_overrides: z.record(z.string(), z.string()).optional(),
});

// Every permission is here because a feature needs it: the side panel; storage.session for the clock's
// browser-session id; scripting to inject the evidence script while recording; activeTab for screenshots
// (captureVisibleTab refuses a granted host permission without it); alarms to wake the background for periodic
// sync with the server. Adding one must be a decision.
const PERMISSIONS = ['sidePanel', 'storage', 'scripting', 'activeTab', 'alarms'];

const grantedSchema = z.object({ origins: z.array(z.string()).default([]) });

const ALL_URLS = new Set(['<all_urls>', '*://*/*', 'http://*/*', 'https://*/*']);
const OPTIONAL_ORIGINS = ['https://*/*', 'http://*/*'];

const browser = useExtensionBrowser();

describe('least privilege at install', () => {
  it('the built manifest asks for no host permissions and injects nothing everywhere', async () => {
    const manifest = permissionsSchema.parse(
      JSON.parse(await readFile(join(CHROME_EXTENSION_DIR, 'manifest.json'), 'utf8')),
    );

    expect(manifest.host_permissions).toEqual([]);
    expect([...manifest.permissions].sort()).toEqual([...PERMISSIONS].sort());
    // A page must never take over one of the browser's own pages (WXT does so for entrypoints named history,
    // newtab or bookmarks).
    expect(manifest.chrome_url_overrides).toBeUndefined();
    expect(manifest.content_scripts.filter((cs) => cs.matches.some((m) => ALL_URLS.has(m)))).toEqual([]);
    expect(manifest.optional_host_permissions).toEqual(OPTIONAL_ORIGINS);
  });

  it('the installed extension holds no origins, only the optional ones it may ask for later', async () => {
    // Evaluated in the extension's service worker; a string, because `chrome` does not exist in this process.
    const manifest = permissionsSchema.parse(await browser().background.evaluate('chrome.runtime.getManifest()'));
    const granted = grantedSchema.parse(await browser().background.evaluate('chrome.permissions.getAll()'));

    expect(granted.origins).toEqual([]);
    expect(manifest.host_permissions).toEqual([]);
    expect(manifest.optional_host_permissions).toEqual(OPTIONAL_ORIGINS);
  });
});
