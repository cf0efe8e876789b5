// The layers of the house (docs/house.md), enforced: `npm run lint` runs this through scripts/depcruise.ts,
// which also makes sure dependency-cruiser can parse TypeScript at all (it cannot with TypeScript 7 alone, and
// would then pass on an empty graph).
//
// Tests may import anything: *.test.* files are not cruised, and test support (testing/ folders, tests/) is
// exempt from the rules below except that production code must not import it. bench/ and scripts/ are node code.

/** Browser code: bundled for the extension or served to a browser. */
const BROWSER = ['^extension/', '^server/dashboard/', '^server/widget/', '^server/web/browser/'];
const BROWSER_SERVER_FOLDERS = '^server/(dashboard|widget|web/browser)/';
/** Test support: imported by tests only, may use vitest, tests/fixtures and node builtins. */
const TEST_SUPPORT = ['(^|/)testing/', '^tests/'];
/** npm packages that only run on Node (native addons, sockets, the TS loader). */
const NODE_ONLY_PACKAGES = '^node_modules/(better-sqlite3|pg|pg-[^/]+|@hono/node-server|kysely|tsx)/';
/**
 * Every way a module can reach browser.*: wxt/browser (a re-export of @wxt-dev/browser), WXT's other runtime
 * modules (storage, define-*: they call browser.* themselves), the polyfill and webext-core's wrappers.
 */
const BROWSER_API = '^node_modules/(wxt/|@wxt-dev/|@webext-core/|webextension-polyfill/)';

// Extension floors, top to bottom: entrypoints > ui > features > db > lib. An import may go down or stay on its
// floor, never up. Feature folders may import each other (the cycle rules keep that one-way).
const FEATURES = '(recorder|evidence|sync|pairing|catalog|history|messaging|platform)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-no-part',
      comment:
        'shared/ is the ground floor both parts stand on: if it imported extension/ or server/, the extension would ' +
        'bundle server code (or the other way round) and the contract would depend on one side.',
      severity: 'error',
      from: { path: '^shared/', pathNot: TEST_SUPPORT },
      to: { path: '^(extension|server)/' },
    },
    {
      name: 'shared-imports-zod-only',
      comment:
        'shared/ runs in the browser, in the extension and on the server: it depends on zod alone (and preact in ' +
        'shared/ui), so the contract stays small and nothing node-only or heavy reaches a bundle through it.',
      severity: 'error',
      from: { path: '^shared/', pathNot: ['^shared/ui/', ...TEST_SUPPORT] },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: '^node_modules/zod/',
      },
    },
    {
      name: 'shared-ui-imports-zod-and-preact-only',
      comment: 'shared/ui is the components every front end shares: zod and preact only, like the rest of shared/.',
      severity: 'error',
      from: { path: '^shared/ui/', pathNot: TEST_SUPPORT },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: '^node_modules/(zod|preact)/',
      },
    },
    {
      name: 'extension-imports-no-server',
      comment:
        'The extension talks to the server over HTTP only (shared/protocol is the contract); not even `import type`, ' +
        'which would tie the extension to server internals (tsPreCompilationDeps makes type-only imports count).',
      severity: 'error',
      from: { path: '^extension/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-imports-no-extension',
      comment: 'The server must build and run without the extension; what both need lives in shared/.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^extension/' },
    },
    {
      name: 'browser-imports-no-node',
      comment:
        'Browser code (the extension, the dashboard, the widget, the sign-in and pairing page scripts) is bundled ' +
        'for a browser: a node builtin, a node-only package or server code outside the browser folders would fail ' +
        'there, or drag the server into the bundle.',
      severity: 'error',
      from: { path: BROWSER, pathNot: TEST_SUPPORT },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-imports-no-node-code',
      comment: 'See browser-imports-no-node: server code outside the browser folders, bench/, scripts/ are node code.',
      severity: 'error',
      from: { path: BROWSER, pathNot: TEST_SUPPORT },
      to: { path: ['^server/', '^bench/', '^scripts/', NODE_ONLY_PACKAGES], pathNot: BROWSER_SERVER_FOLDERS },
    },
    {
      name: 'browser-api-in-platform-and-entrypoints-only',
      comment:
        'browser.* is reached only through extension/platform (wrappers) and extension/entrypoints (wiring): the ' +
        'rest of the extension stays testable without a fake browser, and the MV3 lifecycle stays in one place.',
      severity: 'error',
      from: { path: '^extension/', pathNot: ['^extension/(platform|entrypoints)/', ...TEST_SUPPORT] },
      to: { path: BROWSER_API },
    },
    {
      name: 'production-imports-no-test-support',
      comment: 'testing/ folders and tests/ hold fakes and fixtures (vitest, seeded ids): never part of a build.',
      severity: 'error',
      from: { path: ['^(extension|server|shared)/'], pathNot: TEST_SUPPORT },
      to: { path: TEST_SUPPORT },
    },
    // Floors of the extension: no import runs back up.
    {
      name: 'extension-lib-is-the-bottom',
      comment: 'extension/lib holds generic helpers (uuid v7, serial queue): it knows nothing of the extension.',
      severity: 'error',
      from: { path: '^extension/lib/' },
      to: { path: '^extension/', pathNot: '^extension/lib/' },
    },
    {
      name: 'extension-db-imports-no-feature',
      comment:
        'extension/db owns every stored shape; features import it. A db module importing a feature makes a loop ' +
        '(the feature imports db) and hides which shape is stored.',
      severity: 'error',
      from: { path: '^extension/db/', pathNot: TEST_SUPPORT },
      to: { path: '^extension/', pathNot: '^extension/(db|lib)/' },
    },
    {
      name: 'extension-feature-imports-no-ui',
      comment: 'Features hold logic and data; the UI shows them. A feature that imports ui/ cannot be used without it.',
      severity: 'error',
      from: { path: `^extension/${FEATURES}/`, pathNot: TEST_SUPPORT },
      to: { path: '^extension/(ui|entrypoints)/' },
    },
    {
      name: 'extension-ui-imports-no-entrypoint',
      comment: 'Entrypoints wire the UI into pages; the UI must not depend on the page that mounts it.',
      severity: 'error',
      from: { path: '^extension/ui/', pathNot: TEST_SUPPORT },
      to: { path: '^extension/entrypoints/' },
    },
    {
      name: 'extension-folder-on-a-floor',
      comment:
        'Every folder of extension/ sits on a floor (FEATURES and the floors above): a new folder is placed there ' +
        'first, so the rules above cover it instead of letting it import anything.',
      severity: 'error',
      from: { path: '^extension/', pathNot: [`^extension/(entrypoints|ui|db|lib|${FEATURES})/`, ...TEST_SUPPORT] },
      to: {},
    },
    {
      name: 'extension-nothing-imports-entrypoints',
      comment: 'Entrypoints are the top floor: WXT builds each one on its own, nothing imports them.',
      severity: 'error',
      from: { path: '^extension/', pathNot: ['^extension/entrypoints/', ...TEST_SUPPORT] },
      to: { path: '^extension/entrypoints/' },
    },
    // Cycles.
    {
      name: 'no-folder-cycle',
      comment:
        'Two folders that import each other are one concept split wrong, or a third one missing (style.md). Checked ' +
        'at folder level: a loop through several files of two folders counts even when no single file loops.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(extension|server|shared)/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      comment: 'A file-level loop (even inside one folder) makes load order matter and the two files one unit.',
      severity: 'error',
      from: { path: '^(extension|server|shared)/' },
      to: { circular: true },
    },
  ],
  options: {
    // Test files may import anything; cruising them would add their edges to the folder graph.
    exclude: { path: ['\\.test\\.tsx?$', '(^|/)\\.(wxt|output)'] },
    // Test support is a leaf: production code importing it is caught, its own imports (fixtures, vitest) are not
    // followed, so they add no edge to the folder graph.
    doNotFollow: { path: ['^node_modules/', ...TEST_SUPPORT] },
    // `import type` counts: a type-only import still couples two parts (see extension-imports-no-server).
    tsPreCompilationDeps: true,
    // Package exports (wxt/browser, preact/hooks) resolve like Vite resolves them for a browser bundle.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'browser', 'module', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
