export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;
export type LogEntry = { readonly level: LogLevel; readonly message: string; readonly fields: LogFields };

/** The server's only logging seam: request handling and the store log through this, never through console. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * One JSON object per line on stderr. Stdout is reserved for the single "listening" line that scripts and tests
 * wait for, so log lines can never be mistaken for it.
 */
export function createJsonLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const log = (level: LogLevel, message: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  return {
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** Keeps entries in memory: for tests that assert what was (and was not) logged. */
export function createMemoryLogger(): Logger & { readonly entries: readonly LogEntry[] } {
  const entries: LogEntry[] = [];
  const log = (level: LogLevel, message: string, fields: LogFields = {}) => entries.push({ level, message, fields });
  return {
    entries,
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}
