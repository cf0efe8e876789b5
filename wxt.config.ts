import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The extension lives in extension/ (WXT srcDir); shared/ is imported by relative path.
export default defineConfig({
  srcDir: 'extension',
  // EXTENSION_OUT_DIR: a private build folder, so two developers (or a benchmark) can build at once.
  outDir: process.env.EXTENSION_OUT_DIR ?? '.output',
  // Auto-imports off: every file says where its names come from, like server/ and shared/ do.
  imports: false,
  // MV3 for Firefox too: WXT's MV2 build drops optional_host_permissions, which the recorder relies on.
  manifestVersion: 3,
  vite: () => ({ plugins: [preact()] }),
  // `wxt` dev mode would try to open a browser; this machine and CI have no display for it.
  webExt: { disabled: true },
  manifest: ({ browser }) => ({
    name: 'Journey Sampler',
    description: 'Time and rate customer journeys against their service targets.',
    // Least privilege: no host permissions at install; origins being walked are asked for at run time.
    // IndexedDB needs no permission; each permission is added with the feature that uses it:
    // - storage: storage.session (the browser-session id of platform/clock.ts; the background's per-tab memory
    //   of the last URL it reported, which must outlive a service-worker restart but not the browser).
    // - scripting: the evidence content script is registered (registerContentScripts) only while recording,
    //   only for the origins granted, and injected into tabs already open on them.
    // - activeTab: tabs.captureVisibleTab needs activeTab or <all_urls> even on an origin the extension has
    //   been granted (checked in Chromium 156). A keyboard command or a toolbar click grants it for the
    //   active tab; <all_urls> would mean every site, always. No install warning.
    // - alarms: the background syncs with the server every few minutes (a stopped MV3 worker is woken by an
    //   alarm, never by a timer). No install warning.
    permissions: [...(browser === 'firefox' ? [] : ['sidePanel']), 'storage', 'scripting', 'activeTab', 'alarms'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Work while a web page has the focus (the side panel need not). Suggested keys only: the sampler can
    // change them at chrome://extensions/shortcuts.
    commands: {
      'mark-step': {
        suggested_key: { default: 'Alt+Shift+M' },
        description: 'Mark the next step of the walkthrough',
      },
      'capture-screenshot': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Add a screenshot of this tab to the walkthrough as a note',
      },
    },
    action: { default_title: 'Journey Sampler' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'journey-sampler@journey-sampler.dev' } } }
      : {}),
  }),
});
