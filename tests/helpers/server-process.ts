import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_VARIABLES, SQLITE_FILE_NAME } from '../../server/config.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import type { Store } from '../../server/store/store.ts';

/** The repository root: the server runs from there so `--import tsx` and relative paths resolve as in `npm run serve`. */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Printed once by server/index.ts when it accepts connections; the URL is read from it. */
const LISTENING = /^Journey Sampler server listening on (http:\/\/\S+) \(store: [^)]*\)$/m;

/** tsx compiles the server on first start; on a loaded two-core CI machine that can take several seconds. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** Server settings inherited from the test runner's environment would make runs depend on the shell. */
const NOT_INHERITED: ReadonlySet<string> = new Set(SERVER_VARIABLES);

export type RunningServer = {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  readonly url: string;
  readonly process: ChildProcess;
  /** SIGTERM, then waits for exit (SIGKILL after 10 s); removes the temp DATA_DIR it created. Safe to call twice. */
  stop(): Promise<void>;
  /** Everything the process wrote to stdout and stderr so far, interleaved in arrival order. */
  output(): string;
};

export type ExitedServer = { readonly code: number | null; readonly stdout: string; readonly stderr: string };

function serverEnv(env: Readonly<Record<string, string>>, dataDir: string | undefined): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_INHERITED.has(name)));
  return { ...inherited, PORT: '0', ...(dataDir === undefined ? {} : { DATA_DIR: dataDir }), ...env };
}

function startProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/**
 * Starts the real server (`node --import tsx server/index.ts`) on a free port with SQLite in a fresh temp
 * DATA_DIR, unless `env` sets DATA_DIR or DATABASE_URL. Resolves once the process prints its listening line;
 * rejects with the process output if it exits first or does not start within 30 s.
 *
 * @example
 * ```ts
 * const server = await spawnServer();
 * const res = await fetch(`${server.url}/healthz`);
 * await server.stop();
 * ```
 */
export async function spawnServer(env: Readonly<Record<string, string>> = {}): Promise<RunningServer> {
  const ownDataDir =
    env.DATA_DIR === undefined && env.DATABASE_URL === undefined
      ? await mkdtemp(path.join(tmpdir(), 'js-server-'))
      : undefined;
  const child = startProcess(serverEnv(env, ownDataDir));
  let output = '';
  let stdout = '';
  // Permanent listeners, attached before anything can be emitted, so no chunk is ever dropped.
  let onStdout = () => {};
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    stdout += chunk;
    onStdout();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = exited(child);
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await gone;
        clearTimeout(killer);
      }
      if (ownDataDir !== undefined) await rm(ownDataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const url = await new Promise<string>((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      onStdout = () => {};
      child.off('close', onClose);
      child.off('error', onError);
    };
    const fail = (why: string) => {
      settle();
      // Stop first so the rejection carries everything the process wrote, then report.
      void stop().then(() => reject(new Error(`${why}\n--- server output ---\n${output}`)));
    };
    onStdout = () => {
      const match = LISTENING.exec(stdout);
      if (match?.[1] === undefined) return;
      settle();
      resolve(match[1]);
    };
    // 'close', not 'exit': it fires once stdout and stderr are drained, so the rejection shows all output.
    const onClose = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`server exited before listening (code ${code}, signal ${signal})`);
    const onError = (error: Error) => fail(`server could not be started: ${error.message}`);
    const timer = setTimeout(
      () => fail(`server did not print its listening line within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    child.once('close', onClose);
    child.once('error', onError);
  });

  return { url, process: child, stop, output: () => output };
}

/**
 * Runs the server with `env` until it exits on its own, for startup failures (bad config). DATA_DIR defaults
 * to a fresh temp directory, removed afterwards. Gives up with SIGKILL after 30 s (a null exit code).
 */
export async function runServerUntilExit(env: Readonly<Record<string, string>> = {}): Promise<ExitedServer> {
  const ownDataDir = env.DATA_DIR === undefined ? await mkdtemp(path.join(tmpdir(), 'js-server-')) : undefined;
  const child = startProcess(serverEnv(env, ownDataDir));
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    // 'close' rather than 'exit': it fires after stdout and stderr have been read to the end.
    child.once('close', (exitCode) => resolve(exitCode));
  });
  clearTimeout(killer);
  if (ownDataDir !== undefined) await rm(ownDataDir, { recursive: true, force: true });
  return { code, stdout, stderr };
}

/**
 * Runs `use` on a migrated store over the SQLite file a server with DATA_DIR=`dataDir` keeps, then closes it:
 * to seed teams and tokens before spawnServer, or as a second connection while the server runs.
 */
export async function withServerStore<T>(dataDir: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = createStore(
    { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) },
    { logger: createMemoryLogger() },
  );
  try {
    await store.migrate();
    return await use(store);
  } finally {
    await store.close();
  }
}
