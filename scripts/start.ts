// `npm start`: build the extension for Chrome and Firefox, then run the server (SQLite under ./data unless
// DATABASE_URL is set). Prints where the built extension is so a newcomer can load it straight away.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

for (const args of [
  ['wxt', 'build'],
  ['wxt', 'build', '-b', 'firefox'],
]) {
  // The build's own output (bundler warnings included) is shown only when it fails.
  const result = spawnSync('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(`${result.stdout}${result.stderr}\nBuilding the extension failed: npx ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

const outputs: ReadonlyArray<readonly [string, string]> = [
  ['Chrome', '.output/chrome-mv3'],
  ['Firefox', '.output/firefox-mv3'],
];
for (const [browser, dir] of outputs) {
  if (existsSync(dir)) console.log(`Extension for ${browser} built in ${resolve(dir)} (load it unpacked: see README)`);
}

// The server entry parses its config, opens the store, and prints where it listens.
await import('../server/index.ts');
