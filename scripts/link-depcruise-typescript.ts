// dependency-cruiser parses TypeScript through the `typescript` package's JavaScript API, which TypeScript 7 (the
// native compiler this project type-checks with) no longer has. Without it dependency-cruiser does not fail: it
// skips every .ts file and reports no violation on an empty graph. TypeScript 6 is installed for it alone, nested in
// tools/depcruise-typescript so that the project's own `tsc` stays 7 (an npm alias at the top level would contend
// for the `tsc` bin), and linked here into dependency-cruiser's own node_modules, which it searches first.
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

/** Where dependency-cruiser looks for `typescript` before the project's node_modules (TypeScript 7). */
export function depcruiseTypeScriptLink(root: string): string {
  return join(root, 'node_modules', 'dependency-cruiser', 'node_modules', 'typescript');
}

/**
 * Links TypeScript 6 where dependency-cruiser finds it; idempotent (npm ci wipes node_modules, so every run checks).
 * Returns the folder linked to.
 */
export function linkDepcruiseTypeScript(root = resolve(import.meta.dirname, '..')): string {
  const holder = require.resolve('depcruise-typescript/package.json');
  const target = dirname(createRequire(holder).resolve('typescript/package.json'));
  const link = depcruiseTypeScriptLink(root);
  if (currentTarget(link) !== target) {
    rmSync(link, { recursive: true, force: true });
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
  return target;
}

function currentTarget(link: string): string | undefined {
  try {
    return lstatSync(link).isSymbolicLink() ? readlinkSync(link) : undefined;
  } catch {
    return undefined;
  }
}
