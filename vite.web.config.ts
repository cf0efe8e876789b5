// The browser code the server serves (server/web/browser/): one Vite build, one entry per page script; the
// dashboard and the widget join as entries here. `npm run build:web` writes hashed bundles and a manifest into
// dist/web/ (git-ignored), which the server reads at start-up (server/web/web-bundle.ts).
import { defineConfig } from 'vite';

export default defineConfig({
  // The repository root, so manifest keys read like the source paths below.
  root: import.meta.dirname,
  // Nothing is copied as is: every file served comes out of the build.
  publicDir: false,
  // The server's own .env (DATABASE_URL and such) is none of the browser's business.
  envDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // Entry name -> hashed file (and the chunks it imports): how the pages find their scripts.
    manifest: true,
    // Module scripts only: no polyfill, which would be injected into the entries for no browser we serve.
    modulePreload: { polyfill: false },
    target: 'es2022',
    rollupOptions: {
      input: {
        'sign-in': 'server/web/browser/sign-in.ts',
        pair: 'server/web/browser/pair.ts',
      },
      onwarn(warning, warn) {
        // zod's sources carry comments Rollup cannot place as annotations; it drops them, and nothing is wrong.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
});
