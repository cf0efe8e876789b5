// `npm test`: every check CI runs, in the order that fails fastest.
// typecheck -> lint -> build the web pages -> unit + integration -> build the extension -> browser suite with the
// built extension.
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
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['biome', 'check', '.']],
  // Before the tests: the server reads the pages' bundle at start-up, and integration tests fetch the pages.
  ['build web pages', 'npm', ['run', 'build:web']],
  ['unit and integration tests', 'npx', ['vitest', 'run', '--project', 'unit-*', '--project', 'integration']],
  ['build extension (Chrome MV3)', 'npx', ['wxt', 'build']],
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
