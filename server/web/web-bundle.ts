import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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

/**
 * Vite's build manifest (`.vite/manifest.json`): source path or chunk key -> its output file. Only the fields
 * read here; Vite writes others (css, assets, dynamicImports) that are ignored.
 */
const manifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string().regex(/^assets\/[\w.-]+$/, 'an output file under assets/'),
    name: z.string().optional(),
    isEntry: z.boolean().optional(),
    imports: z.array(z.string()).optional(),
  }),
);

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
  let manifest: z.infer<typeof manifestSchema>;
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
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
  for (const chunk of Object.values(manifest)) {
    if (chunk.isEntry !== true || chunk.name === undefined) continue;
    const preloads = (chunk.imports ?? []).flatMap((key) => {
      const imported = manifest[key];
      return imported === undefined ? [] : [urlOf(imported.file)];
    });
    entries.set(chunk.name, { script: urlOf(chunk.file), preloads });
  }
  return { ok: true, entries, files };
}
