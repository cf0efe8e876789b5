// `npm start`: build the extension for Chrome and Firefox, and the server's web pages when missing or older than
// their sources, then run the server (SQLite under ./data unless DATABASE_URL is set). Prints where the built
// extension is so a newcomer can load it straight away.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WEB_BUNDLE_DIR } from '../server/web/web-bundle.ts';

/** The newest modification time of `path` or any file under it (0 when it does not exist). */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

// What the web bundle is built from: its sources, the shared code they import, the config and the dependencies.
const WEB_SOURCES = ['server/web/browser', 'shared', 'vite.web.config.ts', 'package-lock.json'];
const webBuilt = newestChange(join(WEB_BUNDLE_DIR, '.vite', 'manifest.json'));
const webBuild: ReadonlyArray<readonly string[]> =
  webBuilt === 0 || WEB_SOURCES.some((source) => newestChange(source) > webBuilt)
    ? [['vite', 'build', '--config', 'vite.web.config.ts']]
    : [];

for (const args of [...webBuild, ['wxt', 'build'], ['wxt', 'build', '-b', 'firefox']]) {
  // The build's own output (bundler warnings included) is shown only when it fails.
  const result = spawnSync('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(`${result.stdout}${result.stderr}\nBuilding failed: npx ${args.join(' ')}`);
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
