// Node entry: `node --import tsx server/index.ts`. Parses the config, opens and migrates the store, serves the
// app, and shuts down cleanly on SIGINT/SIGTERM. Startup problems an operator can fix end the process with one
// line on stderr naming the variable, exit code 1 and no stack.
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app.ts';
import { type BootstrapResult, bootstrapAdmin, bootstrapLine, signInLink } from './bootstrap-admin.ts';
import { configErrorLine, parseConfig, type ServerConfig } from './config.ts';
import { prepareDataDir } from './data-dir.ts';
import { errorCode } from './error-code.ts';
import { listeningLine } from './listening-line.ts';
import { createJsonLogger, type Logger } from './logger.ts';
import { type PurgeSchedule, startPurgeSchedule } from './purge-schedule.ts';
import { redactUrl, scrubPassword } from './redact-url.ts';
import { type ScoreCatchUp, startScoreCatchUp } from './score-catch-up.ts';
import { createStore } from './store/create-store.ts';
import type { Store } from './store/store.ts';
import { loadWebBundle } from './web/web-bundle.ts';

/** Requests still running after this long when a shutdown signal arrives are cut off. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Creates the store and proves the database answers, or explains which variable to fix. */
async function openStore(config: ServerConfig, logger: Logger): Promise<Store> {
  if (config.store.kind === 'sqlite') {
    const dataDir = await prepareDataDir(config.dataDir);
    if (!dataDir.ok) throw new StartupError(dataDir.error);
  }
  let store: Store;
  try {
    store = createStore(config.store, { logger });
  } catch (error) {
    // Only SQLite opens eagerly: the file exists but is not a database, or cannot be opened.
    throw new StartupError(
      configErrorLine(
        'DATA_DIR',
        'a directory holding a usable SQLite database',
        `${JSON.stringify(config.dataDir)}: ${errorCode(error)}`,
      ),
    );
  }
  const health = await store.health();
  if (!health.ok) {
    await store.close();
    throw new StartupError(
      config.store.kind === 'postgres'
        ? configErrorLine(
            'DATABASE_URL',
            'a reachable PostgreSQL database',
            `${JSON.stringify(redactUrl(config.store.url) ?? 'postgres://…')}: ${scrubPassword(errorCode(health.error), config.store.url)}`,
          )
        : configErrorLine(
            'DATA_DIR',
            'a directory holding a usable SQLite database',
            `${JSON.stringify(config.dataDir)}: ${errorCode(health.error)}`,
          ),
    );
  }
  return store;
}

function listen(server: Server, config: ServerConfig): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: unknown) => {
      const code = errorCode(error);
      reject(
        new StartupError(
          code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? configErrorLine('HOST', 'an address of this machine', `${JSON.stringify(config.host)}: ${code}`)
            : configErrorLine(
                'PORT',
                `a free port on ${config.host}`,
                `${JSON.stringify(String(config.port))}: ${code}`,
              ),
        ),
      );
    };
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : config.port);
    });
  });
}

function shutDownOnSignals(
  server: Server,
  store: Store,
  background: { readonly purges: PurgeSchedule; readonly scores: ScoreCatchUp },
  logger: Logger,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting with requests still open', { timeoutMs: SHUTDOWN_TIMEOUT_MS });
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // Stop accepting, let in-flight requests finish (idle keep-alive sockets are closed at once) and a purge or a
    // team's score catch-up under way end, then close the store so its last writes are flushed and its
    // connections ended before the process exits on its own.
    const backgroundStopped = Promise.all([background.purges.stop(), background.scores.stop()]);
    server.close(() => {
      backgroundStopped
        .then(() => store.close())
        .then(
          () => clearTimeout(force),
          (error: unknown) => {
            logger.error('closing the store failed', { error: errorCode(error) });
            process.exitCode = 1;
          },
        );
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) throw new StartupError(parsed.error);
  const { config } = parsed;
  const logger = createJsonLogger();
  // Read once, before anything is opened: a server without its pages' scripts would serve broken pages.
  const web = loadWebBundle();
  if (!web.ok) throw new StartupError(`Startup error: ${web.message}`);

  const store = await openStore(config, logger);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw new StartupError(
      `Startup error: database migration failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  let bootstrap: BootstrapResult;
  try {
    bootstrap = await bootstrapAdmin(store);
  } catch (error) {
    await store.close();
    throw new StartupError(
      `Startup error: creating the first admin failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const app = createApp({
    store,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    attachmentMaxBytes: config.attachmentMaxBytes,
    trustProxy: config.trustProxy,
    web,
  });
  const server = createServer(getRequestListener(app.fetch));
  let port: number;
  try {
    port = await listen(server, config);
  } catch (error) {
    await store.close();
    throw error;
  }
  // Expired codes and abandoned uploads go now and every hour, in the background: serving does not wait for it.
  const purges = startPurgeSchedule({ store, logger });
  // The backlog of score changes (after a deploy, say) is folded in now, in the background, not inside the first
  // score read of each team.
  const scores = startScoreCatchUp({ store, logger });
  shutDownOnSignals(server, store, { purges, scores }, logger);
  process.stdout.write(`${listeningLine(config.host, port, store)}\n`);
  // Printed once ever: later starts find the admin. The link is the only copy of the code (stored hashed).
  if (bootstrap.created) {
    process.stdout.write(`${bootstrapLine(signInLink(config.host, port, bootstrap.code), bootstrap.expiresAt)}\n`);
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  // Stderr is synchronous for files and pipes on Linux, so the line is out before exit.
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
