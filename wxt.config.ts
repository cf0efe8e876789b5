import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The extension lives in extension/ (WXT srcDir); shared/ is imported by relative path.
export default defineConfig({
  srcDir: 'extension',
  // Copied as is into every build (the icons); WXT's default is public/ at the root, beside no other source.
  publicDir: 'extension/public',
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
    // Drawn by scripts/make-icons.ts (a stopwatch with a check, on the accent colour of shared/ui/tokens.css).
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    // The toolbar shows 16 px (24 and 32 on denser screens); platform/toolbar-badge.ts writes the badge over it.
    action: {
      default_title: 'Journey Sampler',
      default_icon: { 16: 'icon/16.png', 24: 'icon/24.png', 32: 'icon/32.png' },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'journey-sampler@journey-sampler.dev',
              // Firefox's data consent (shown at install). Nothing leaves the device until the sampler pairs
              // the extension with their team's server (options page); from then on each finished walkthrough
              // is sent to that server, and only there. A walkthrough holds:
              // - browsingActivity: the URLs of the pages visited during it (its page visits);
              // - websiteActivity: what the sampler did on those pages: step times, load timings, counts of
              //   clicks, key presses, page loads and tab switches (never which keys or what was typed);
              // - websiteContent: the screenshots of the tab the sampler chose to attach.
              // Required, not optional: sending them is what pairing is for, and the sync does not ask Firefox
              // for an optional data permission before sending, so "optional" would promise a choice that does
              // not exist. Not declared: the browser and OS names of each walkthrough (the conditions of the
              // measurement, not telemetry; Firefox's `technicalAndInteraction` may only be optional, which
              // would need that same ask), the sampler's own notes and ratings (what they typed to send), and
              // the pairing token (our server's credential, not a website's login).
              data_collection_permissions: {
                required: ['browsingActivity', 'websiteActivity', 'websiteContent'],
              },
            },
          },
        }
      : {}),
  }),
});
