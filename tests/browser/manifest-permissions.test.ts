import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const FIREFOX_EXTENSION_DIR = fileURLToPath(
  new URL(`../../${process.env.EXTENSION_OUT_DIR ?? '.output'}/firefox-mv3`, import.meta.url),
);

// Size (px, as the manifest key says) -> path inside the extension.
const iconSetSchema = z.record(z.string().regex(/^\d+$/), z.string());
const iconsSchema = z.object({
  icons: iconSetSchema,
  action: z.object({ default_icon: iconSetSchema }),
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's header (the IHDR chunk comes first, right after the signature). */
const pngSize = (bytes: Buffer): { width: number; height: number } | 'not a PNG' =>
  bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR'
    ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
    : 'not a PNG';

describe('icons (a store listing needs them)', () => {
  it.each([
    ['Chrome', CHROME_EXTENSION_DIR],
    ['Firefox', FIREFOX_EXTENSION_DIR],
  ])('the %s build declares 16, 32, 48 and 128 px icons and toolbar icons, each a PNG of its size', async (_, dir) => {
    const manifest = iconsSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    // The store sizes (WXT also lists the 24 px toolbar icon it finds in public/icon/).
    expect(Object.keys(manifest.icons)).toEqual(expect.arrayContaining(['16', '32', '48', '128']));
    expect(Object.keys(manifest.action.default_icon)).toContain('16');

    for (const set of [manifest.icons, manifest.action.default_icon]) {
      for (const [size, path] of Object.entries(set)) {
        const found = pngSize(await readFile(join(dir, path)));
        expect({ path, found }).toEqual({ path, found: { width: Number(size), height: Number(size) } });
      }
    }
  });
});
