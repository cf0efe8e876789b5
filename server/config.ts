import path from 'node:path';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES } from '../shared/protocol/attachments.ts';
import { MAX_PUSH_BYTES } from '../shared/protocol/push.ts';
import { redactUrl } from './redact-url.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = './data';
export const SQLITE_FILE_NAME = 'journey-sampler.db';

/**
 * A push batch holds at most MAX_PUSH_BYTES of records; the envelope around them (protocol version, client id,
 * JSON framing) adds a little, so the default body limit leaves 64 KiB of headroom over the batch cap.
 */
export const DEFAULT_BODY_LIMIT_BYTES = MAX_PUSH_BYTES + 64 * 1024;
const MIN_BODY_LIMIT_BYTES = 1024;
const MAX_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The largest screenshot this server keeps, unless ATTACHMENT_MAX_BYTES says otherwise. A full-HD capture is
 * well under 1 MB as JPEG and a few MB as PNG; 10 MiB leaves room for large and high-density screens while
 * bounding what one sampler can make the database hold per image. The extension never keeps more than
 * MAX_ATTACHMENT_BYTES (20 MiB), which is therefore the highest value that means anything.
 */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
const MIN_ATTACHMENT_MAX_BYTES = 1024;

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export type ServerConfig = {
  readonly port: number;
  readonly host: string;
  /** Absolute. Only touched when the store is SQLite: PostgreSQL deployments need no local state. */
  readonly dataDir: string;
  readonly bodyLimitBytes: number;
  /** Larger attachments are refused (413) when declared; the extension shows them as needing attention. */
  readonly attachmentMaxBytes: number;
  /**
   * Believe X-Forwarded-Proto (Secure cookies) and X-Forwarded-For (sign-in rate limit). Only for a server that
   * is reachable solely through a reverse proxy that sets both: anyone can send those headers.
   */
  readonly trustProxy: boolean;
  readonly store: StoreConfig;
};

export type ConfigResult =
  | { readonly ok: true; readonly config: ServerConfig }
  | { readonly ok: false; readonly error: string };

/** The one line printed before exiting with code 1. Names the variable so an operator knows what to fix. */
export const configErrorLine = (variable: string, requirement: string, got: string): string =>
  `Configuration error: ${variable} must be ${requirement} (got ${got})`;

const REQUIREMENTS = {
  PORT: 'an integer 0–65535',
  HOST: 'a host name or IP address to listen on',
  DATA_DIR: 'a directory path',
  DATABASE_URL: 'a postgres:// or postgresql:// URL',
  BODY_LIMIT_BYTES: `an integer ${MIN_BODY_LIMIT_BYTES}–${MAX_BODY_LIMIT_BYTES}`,
  TRUST_PROXY: 'true or false',
  ATTACHMENT_MAX_BYTES: `an integer ${MIN_ATTACHMENT_MAX_BYTES}–${MAX_ATTACHMENT_BYTES}`,
} as const;
type Variable = keyof typeof REQUIREMENTS;
/** Every variable the server reads: what a test must clear so the shell's settings do not leak into its servers. */
export const SERVER_VARIABLES: readonly Variable[] = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'BODY_LIMIT_BYTES',
  'TRUST_PROXY',
  'ATTACHMENT_MAX_BYTES',
];

const integerIn = (min: number, max: number, variable: Variable) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { error: REQUIREMENTS[variable] })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: REQUIREMENTS[variable] });

const isPostgresUrl = (value: string): boolean => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
};

const envSchema = z.object({
  PORT: integerIn(0, 65535, 'PORT').default(DEFAULT_PORT),
  // Letters, digits, dots, colons (IPv6) and % (IPv6 zone): what `server.listen(port, host)` accepts, unbracketed.
  HOST: z
    .string()
    .max(253)
    .regex(/^[A-Za-z0-9.:%-]+$/, { error: REQUIREMENTS.HOST })
    .default(DEFAULT_HOST),
  DATA_DIR: z.string().max(4096, { error: REQUIREMENTS.DATA_DIR }).default(DEFAULT_DATA_DIR),
  DATABASE_URL: z.string().refine(isPostgresUrl, { error: REQUIREMENTS.DATABASE_URL }).optional(),
  BODY_LIMIT_BYTES: integerIn(MIN_BODY_LIMIT_BYTES, MAX_BODY_LIMIT_BYTES, 'BODY_LIMIT_BYTES').default(
    DEFAULT_BODY_LIMIT_BYTES,
  ),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'], { error: REQUIREMENTS.TRUST_PROXY })
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  ATTACHMENT_MAX_BYTES: integerIn(MIN_ATTACHMENT_MAX_BYTES, MAX_ATTACHMENT_BYTES, 'ATTACHMENT_MAX_BYTES').default(
    DEFAULT_ATTACHMENT_MAX_BYTES,
  ),
});

/** How a bad value is echoed back: quoted, and for DATABASE_URL with any password replaced. */
const shown = (variable: Variable, value: string): string => {
  if (variable !== 'DATABASE_URL') return JSON.stringify(value);
  const redacted = redactUrl(value);
  return redacted === null
    ? 'a value that is not a URL; not shown because it may hold a password'
    : JSON.stringify(redacted);
};

/**
 * Reads the server's settings from `env`. An empty variable counts as unset, because container tooling often
 * passes `VAR=` for "not configured". Relative DATA_DIR is resolved against `cwd`.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): ConfigResult {
  const input: Partial<Record<Variable, string>> = {};
  for (const variable of SERVER_VARIABLES) {
    const value = env[variable];
    if (value !== undefined && value !== '') input[variable] = value;
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = SERVER_VARIABLES.find((v) => v === issue?.path[0]) ?? 'PORT';
    return {
      ok: false,
      error: configErrorLine(variable, REQUIREMENTS[variable], shown(variable, input[variable] ?? '')),
    };
  }
  const { PORT, HOST, DATA_DIR, DATABASE_URL, BODY_LIMIT_BYTES, TRUST_PROXY, ATTACHMENT_MAX_BYTES } = parsed.data;
  const dataDir = path.resolve(cwd, DATA_DIR);
  return {
    ok: true,
    config: {
      port: PORT,
      host: HOST,
      dataDir,
      bodyLimitBytes: BODY_LIMIT_BYTES,
      attachmentMaxBytes: ATTACHMENT_MAX_BYTES,
      trustProxy: TRUST_PROXY,
      store:
        DATABASE_URL === undefined
          ? { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) }
          : { kind: 'postgres', url: DATABASE_URL },
    },
  };
}
