// The server's admin command (scripts/admin.ts) run against a test server's data directory, as an operator
// would run `npm run admin -- …` beside it: teams, tokens and users made the supported way, not written raw.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run admin -- …args` with DATA_DIR set to `dataDir` (the test server's SQLite file, never a DATABASE_URL
 * the shell happens to have); resolves with its stdout, trimmed, or rejects with its stderr.
 */
export const runAdmin = (dataDir: string, ...args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      cwd: REPO_ROOT,
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL')),
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`admin ${args[0]}: ${err}`))));
  });
