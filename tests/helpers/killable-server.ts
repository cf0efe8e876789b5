import { type RunningServer, spawnServer } from './server-process.ts';

export type KillableServer = {
  /** The port it listens on, the same after every restart. */
  readonly port: number;
  readonly url: string;
  /** SIGKILLs so far. */
  readonly kills: () => number;
  /** Resolves at once while the server is up, otherwise once the restart under way is listening. */
  up(): Promise<void>;
  /**
   * SIGKILL (no shutdown handler runs: open transactions and unanswered requests die with the process), wait for
   * the exit, start again on the same port and data. Resolves once it listens. Ignored while one is under way.
   */
  killAndRestart(): Promise<void>;
  /** Waits for a restart under way, then stops the server gracefully. */
  stop(): Promise<void>;
  output(): string;
};

/**
 * The real server process (spawnServer) over storage that outlives it: `env` must set DATA_DIR or DATABASE_URL,
 * so a restarted process finds what the killed one committed, and nothing else.
 */
export async function startKillableServer(env: Readonly<Record<string, string>>): Promise<KillableServer> {
  if (env.DATA_DIR === undefined && env.DATABASE_URL === undefined)
    throw new Error('startKillableServer needs DATA_DIR or DATABASE_URL: a restart must find the same data');
  let current: RunningServer = await spawnServer(env);
  const port = Number(new URL(current.url).port);
  let earlierOutput = '';
  let kills = 0;
  let restarting: Promise<void> | null = null;

  const killAndRestart = (): Promise<void> => {
    restarting ??= (async () => {
      const dead = current;
      const exited =
        dead.process.exitCode !== null || dead.process.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((resolve) => dead.process.once('exit', () => resolve()));
      dead.process.kill('SIGKILL');
      await exited;
      kills += 1;
      earlierOutput += `${dead.output()}\n--- SIGKILL ${kills} ---\n`;
      current = await spawnServer({ ...env, PORT: String(port) });
    })().finally(() => {
      restarting = null;
    });
    return restarting;
  };

  return {
    port,
    url: current.url,
    kills: () => kills,
    up: () => restarting ?? Promise.resolve(),
    killAndRestart,
    async stop() {
      await restarting;
      await current.stop();
    },
    output: () => earlierOutput + current.output(),
  };
}
