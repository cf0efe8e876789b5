// The layer rules of .dependency-cruiser.cjs, run on a small tree made to break each of them once: a rule that
// stopped matching (a renamed folder, a regex typo, type-only imports no longer seen) fails here instead of passing
// silently in `npm run lint`.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkDepcruiseTypeScript } from './link-depcruise-typescript.ts';

const ROOT = resolve(import.meta.dirname, '..');

// One file per line: path -> source. Each offending import names the rule it breaks in a comment.
const TREE: Record<string, string> = {
  'shared/schemas/journey.ts': "export const journeySchema = 'journey';\n",
  'shared/domain/uses-server.ts':
    "import { store } from '../../server/store/store.ts'; // shared-imports-no-part\nexport const x = store;\n",
  'shared/domain/uses-node.ts':
    "import { readFileSync } from 'node:fs'; // shared-imports-zod-only\nexport const y = readFileSync;\n",
  'server/store/store.ts': 'export const store = 1;\n',
  'server/api/uses-extension.ts':
    "import { uuid } from '../../extension/lib/uuid.ts'; // server-imports-no-extension\nexport const z = uuid;\n",
  'server/web/browser/page.ts':
    "import { store } from '../../store/store.ts'; // browser-imports-no-node-code\nexport const p = store;\n",
  'extension/lib/uuid.ts': "export const uuid = 'u';\n",
  // Type-only: seen because tsPreCompilationDeps is on.
  'extension/sync/uses-server-type.ts':
    "import type { Store } from '../../server/store/types.ts'; // extension-imports-no-server\nexport type S = Store;\n",
  'server/store/types.ts': 'export type Store = { id: string };\n',
  'extension/ui/uses-node.ts': "import { join } from 'node:path'; // browser-imports-no-node\nexport const j = join;\n",
  'extension/sync/uses-browser.ts':
    "import { browser } from 'wxt/browser'; // browser-api-in-platform-and-entrypoints-only\nexport const b = browser;\n",
  'extension/platform/tabs.ts': "import { browser } from 'wxt/browser';\nexport const tabs = browser.tabs;\n",
  'extension/recorder/uses-testing.ts':
    "import { fake } from '../db/testing/fake.ts'; // production-imports-no-test-support\nexport const f = fake;\n",
  'extension/db/testing/fake.ts': 'export const fake = 1;\n',
  // db -> recorder -> db: a file cycle, a folder cycle, and db running back up.
  'extension/db/rows.ts':
    "import { recording } from '../recorder/recording.ts'; // extension-db-imports-no-feature\nexport const rows = recording;\n",
  'extension/recorder/recording.ts': "import { rows } from '../db/rows.ts';\nexport const recording = () => rows;\n",
  'extension/lib/uses-db.ts':
    "import { rows } from '../db/rows.ts'; // extension-lib-is-the-bottom\nexport const u = rows;\n",
  'extension/history/uses-ui.ts':
    "import { view } from '../ui/view.ts'; // extension-feature-imports-no-ui\nexport const h = view;\n",
  'extension/ui/view.ts': "import { uuid } from '../lib/uuid.ts';\nexport const view = uuid;\n",
  'extension/ui/uses-entrypoint.ts':
    "import { main } from '../entrypoints/main.ts'; // extension-ui-imports-no-entrypoint\nexport const e = main;\n",
  'extension/entrypoints/main.ts': "import { view } from '../ui/view.ts';\nexport const main = view;\n",
  // Folders that loop through different files (no file-level cycle): pairing -> catalog -> pairing.
  'extension/pairing/link.ts': "import { list } from '../catalog/list.ts';\nexport const link = list;\n",
  'extension/catalog/list.ts': 'export const list = 1;\n',
  'extension/catalog/uses-pairing.ts': "import { link } from '../pairing/link.ts';\nexport const c = link;\n",
  // A folder no floor names.
  'extension/gadgets/gadget.ts':
    "import { uuid } from '../lib/uuid.ts'; // extension-folder-on-a-floor\nexport const g = uuid;\n",
  // Allowed: tests import anything.
  'extension/ui/view.test.ts':
    "import { store } from '../../server/store/store.ts';\nimport { readFileSync } from 'node:fs';\nexport const t = [store, readFileSync];\n",
};

let tree = '';
let violations: string[] = [];

beforeAll(async () => {
  linkDepcruiseTypeScript();
  tree = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
  for (const [path, source] of Object.entries(TREE)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), source);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  const { cruise } = await import('dependency-cruiser');
  const { default: extractDepcruiseOptions } = await import('dependency-cruiser/config-utl/extract-depcruise-options');
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
  // preserveSymlinks: node_modules here is a link to the project's, and packages must resolve under node_modules/.
  const result = await cruise(['extension', 'server', 'shared'], {
    ...options,
    baseDir: tree,
    preserveSymlinks: true,
  });
  if (typeof result.output === 'string') throw new Error('expected a cruise result object');
  violations = result.output.summary.violations.map((violation) => `${violation.rule.name} ${violation.from}`);
}, 60_000);

afterAll(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
});

describe('.dependency-cruiser.cjs', () => {
  it.each([
    ['shared-imports-no-part', 'shared/domain/uses-server.ts'],
    ['shared-imports-zod-only', 'shared/domain/uses-node.ts'],
    ['server-imports-no-extension', 'server/api/uses-extension.ts'],
    ['extension-imports-no-server', 'extension/sync/uses-server-type.ts'],
    ['browser-imports-no-node', 'extension/ui/uses-node.ts'],
    ['browser-imports-no-node-code', 'server/web/browser/page.ts'],
    ['browser-api-in-platform-and-entrypoints-only', 'extension/sync/uses-browser.ts'],
    ['production-imports-no-test-support', 'extension/recorder/uses-testing.ts'],
    ['extension-db-imports-no-feature', 'extension/db/rows.ts'],
    ['extension-lib-is-the-bottom', 'extension/lib/uses-db.ts'],
    ['extension-feature-imports-no-ui', 'extension/history/uses-ui.ts'],
    ['extension-ui-imports-no-entrypoint', 'extension/ui/uses-entrypoint.ts'],
    ['extension-folder-on-a-floor', 'extension/gadgets/gadget.ts'],
    ['no-module-cycle', 'extension/db/rows.ts'],
    ['no-folder-cycle', 'extension/db'],
    ['no-folder-cycle', 'extension/pairing'],
  ])('%s catches %s', (rule, from) => {
    expect(violations).toContain(`${rule} ${from}`);
  });

  it('lets allowed imports pass: platform uses browser.*, tests import anything, imports go down', () => {
    const allowed = ['extension/platform/tabs.ts', 'extension/ui/view.test.ts', 'extension/entrypoints/main.ts'];
    expect(violations.filter((violation) => allowed.some((from) => violation.endsWith(` ${from}`)))).toEqual([]);
  });
});
