import { z } from 'zod';

/**
 * Vite's build manifest of the web bundle (`dist/web/.vite/manifest.json`, vite.web.config.ts): source path or
 * chunk key -> its output file. Only the fields read here; Vite writes others (assets, dynamicImports).
 * The server reads it to serve the pages, scripts/size-budget.ts to measure them.
 */
export const webManifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string().regex(/^assets\/[\w.-]+$/, 'an output file under assets/'),
    name: z.string().optional(),
    isEntry: z.boolean().optional(),
    imports: z.array(z.string()).optional(),
    css: z.array(z.string()).optional(),
  }),
);
export type WebManifest = z.infer<typeof webManifestSchema>;

/** The names of the bundle's entries (one per page script). */
export const webEntryNames = (manifest: WebManifest): string[] =>
  Object.values(manifest).flatMap((chunk) => (chunk.isEntry === true && chunk.name !== undefined ? [chunk.name] : []));

/**
 * The output files an entry loads, its own script first: the chunks it imports, transitively, and their
 * stylesheets. Undefined when the manifest has no such entry.
 */
export function webEntryFiles(manifest: WebManifest, entry: string): string[] | undefined {
  const root = Object.keys(manifest).find((key) => manifest[key]?.isEntry && manifest[key]?.name === entry);
  if (root === undefined) return undefined;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(root);
  return [...files];
}
