// `npm test`: every check CI runs, in the order that fails fastest.
// lint (biome, dependency-cruiser, knip: seconds) -> typecheck (browser, node and test code) -> build the web pages
// -> unit + integration -> build the extension -> size budget -> browser suite with the built extension.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from '../tests/helpers/chromium-path.ts';

const chromium = chromiumPath();
if (!existsSync(chromium)) {
  console.error(
    `npm test needs Chromium at ${chromium}: install it with "apt-get update && apt-get install -y chromium" (or set CHROMIUM_PATH).`,
  );
  process.exit(1);
}

const steps: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  // Both defined in package.json, so `npm run lint` and `npm run typecheck` check exactly what CI checks.
  ['lint: format, layers, unused code', 'npm', ['run', '--silent', 'lint']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  // Before the tests: the server reads the pages' bundle at start-up, and integration tests fetch the pages.
  ['build web pages', 'npm', ['run', 'build:web']],
  ['unit and integration tests', 'npx', ['vitest', 'run', '--project', 'unit-*', '--project', 'integration']],
  ['build extension (Chrome MV3)', 'npx', ['wxt', 'build']],
  // Over the builds just made: the Chrome extension and the web pages.
  ['size budget', 'node', ['--import', 'tsx', 'scripts/size-budget.ts']],
  // Before the browser suite: tests/browser/firefox-lint.test.ts runs Mozilla's addons-linter over this build.
  ['build extension (Firefox)', 'npx', ['wxt', 'build', '-b', 'firefox']],
  ['browser tests', 'npx', ['vitest', 'run', '--project', 'browser']],
];

for (const [name, command, args] of steps) {
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\nnpm test failed at "${name}" after ${seconds} s.`);
    process.exit(result.status ?? 1);
  }
  console.log(`== ${name}: ok in ${seconds} s`);
}
