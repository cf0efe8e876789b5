import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// The extension lives in extension/ (WXT srcDir); shared/ is imported by relative path.
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
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
    // IndexedDB needs no permission; each permission is added with the feature that uses it.
    permissions: browser === 'firefox' ? [] : ['sidePanel'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Journey Sampler' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'journey-sampler@journey-sampler.dev' } } }
      : {}),
  }),
});
