import type { z } from 'zod';

export type ParsedRow<T> = { ok: true; value: T } | { ok: false; message: string };

/** A stored row is input like any other: an older extension version, or a bug, may have written it. */
export const parseRow = <S extends z.ZodType>(schema: S, row: unknown): ParsedRow<z.output<S>> => {
  const result = schema.safeParse(row);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, message: result.error.issues.map((issue) => issue.message).join('; ') };
};

/**
 * Rows that parse, plus how many did not. The unreadable ones stay in the database untouched and are
 * counted so the UI can say so: nothing disappears silently.
 */
export const parseRows = <S extends z.ZodType>(
  schema: S,
  rows: readonly unknown[],
): { values: z.output<S>[]; unreadable: number } => {
  const values: z.output<S>[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const parsed = parseRow(schema, row);
    if (parsed.ok) values.push(parsed.value);
    else unreadable += 1;
  }
  return { values, unreadable };
};
