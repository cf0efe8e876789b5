import type { z } from 'zod';
import { StoredRecordError } from './stored-record-error.ts';

/**
 * The one place integer columns are read. pg hands int8 (and COUNT, SUM) back as decimal strings, better-sqlite3
 * as numbers, and a driver in BigInt mode as bigint. Anything that is not a whole number within ±2^53 is
 * corruption, not something to round: it throws.
 */
export function toSafeInteger(value: string | number | bigint, column: string): number {
  const n = typeof value === 'string' ? (/^-?\d{1,16}$/.test(value) ? Number(value) : Number.NaN) : Number(value);
  if (!Number.isSafeInteger(n) || (typeof value === 'bigint' && BigInt(n) !== value)) {
    throw new StoredRecordError(`${column} holds ${String(value)}, which is not a safe integer`);
  }
  return n;
}

export function toNullableSafeInteger(value: string | number | bigint | null, column: string): number | null {
  return value === null ? null : toSafeInteger(value, column);
}

export const toFlag = (value: boolean): 0 | 1 => (value ? 1 : 0);

export function fromFlag(value: number, column: string): boolean {
  if (value !== 0 && value !== 1) throw new StoredRecordError(`${column} holds ${value}, expected 0 or 1`);
  return value === 1;
}

/**
 * Every row read back is parsed with its shared schema: a row written by an older server version, or edited by
 * hand, must fail here rather than reach a client. The failure is a StoredRecordError (a 500), never a ZodError,
 * which the HTTP layer would report as the caller's fault.
 */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new StoredRecordError(`${what} does not match its schema`, { cause: result.error });
  return result.data;
}

export function parseStoredJson<S extends z.ZodType>(schema: S, json: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new StoredRecordError(`${what} is not valid JSON`, { cause: error });
  }
  return parseStored(schema, value, what);
}

/** `{ key: value }` when the column is not null, else `{}`: optional fields must be absent, never `undefined`. */
export function optionalField<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  const result: { [P in K]?: V } = {};
  if (value !== null) result[key] = value;
  return result;
}
