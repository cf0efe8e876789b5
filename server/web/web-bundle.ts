import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type WebManifest, webEntryFiles, webEntryNames, webManifestSchema } from './web-manifest.ts';

/** Where `npm run build:web` (vite.web.config.ts) writes the browser bundles and their manifest. */
export const WEB_BUNDLE_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** What a page needs of its entry: the script to load, and the chunks it imports, to preload. */
export type WebEntry = { readonly script: string; readonly preloads: readonly string[] };

/**
 * The built browser code, read once at start-up: each entry by name, and every file of the build by its URL
 * path (`/assets/…`), held in memory (a few kilobytes) so serving one never touches the file system. Missing
 * (not built, or unreadable) is a value: the pages then answer 503 with `message`, which says what to run.
 */
export type WebBundle =
  | {
      readonly ok: true;
      readonly entries: ReadonlyMap<string, WebEntry>;
      readonly files: ReadonlyMap<string, Uint8Array<ArrayBuffer>>;
    }
  | { readonly ok: false; readonly message: string };

/** The command that makes the bundle, for every message that says it is missing. */
export const BUILD_WEB_COMMAND = 'npm run build:web';

const urlOf = (file: string): string => `/${file}`;

/**
 * Reads the bundle `npm run build:web` made in `dir`.
 *
 * @example
 * ```ts
 * const bundle = loadWebBundle();
 * if (!bundle.ok) console.error(bundle.message);
 * ```
 */
export function loadWebBundle(dir: string = WEB_BUNDLE_DIR): WebBundle {
  const manifestPath = path.join(dir, '.vite', 'manifest.json');
  let manifest: WebManifest;
  try {
    manifest = webManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch (error) {
    const why = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'not built' : 'unreadable';
    return {
      ok: false,
      message: `the server's web pages are ${why} (${manifestPath}): run \`${BUILD_WEB_COMMAND}\``,
    };
  }
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  try {
    for (const chunk of Object.values(manifest)) {
      files.set(urlOf(chunk.file), new Uint8Array(readFileSync(path.join(dir, chunk.file))));
    }
  } catch {
    return {
      ok: false,
      message: `the server's web pages are built only in part (${dir}): run \`${BUILD_WEB_COMMAND}\` again`,
    };
  }
  const entries = new Map<string, WebEntry>();
  for (const name of webEntryNames(manifest)) {
    // Every chunk the entry imports, however deep, is preloaded: otherwise each level is found only when the one
    // above has loaded. Stylesheets are left out: the pages' CSP allows no external style (the bundle has none).
    const [script = '', ...imported] = (webEntryFiles(manifest, name) ?? []).filter((file) => file.endsWith('.js'));
    entries.set(name, { script: urlOf(script), preloads: imported.map(urlOf) });
  }
  return { ok: true, entries, files };
}
