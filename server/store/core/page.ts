import { type SelectQueryBuilder, sql } from 'kysely';
import { MAX_PULL_LIMIT } from '../../../shared/protocol/pull.ts';
import type { Database } from './database.ts';

export const DEFAULT_PAGE_SIZE = 100;
/** The same bound as a sync pull page: no single query returns more rows than one response may carry. */
export const MAX_PAGE_SIZE = MAX_PULL_LIMIT;

/** Where the next page starts: the sort key of the last item returned (newest first, ties by id). */
export type PageCursor = { readonly at: string; readonly id: string };

export type Page<T> = { readonly items: readonly T[]; readonly next: PageCursor | null };

export type PageOptions = { readonly limit?: number; readonly before?: PageCursor };

/** Any requested size becomes 1..MAX_PAGE_SIZE: a store read is bounded whatever the caller asks for. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/**
 * Turns `size + 1` fetched rows into a page: the extra row only says that more exist. `cursorOf` reads the sort
 * key of the last item kept.
 */
export function toPage<R, T>(
  rows: readonly R[],
  size: number,
  map: (row: R) => T,
  cursorOf: (row: R) => PageCursor,
): Page<T> {
  const kept = rows.slice(0, size);
  const last = kept.at(-1);
  return { items: kept.map(map), next: rows.length > size && last !== undefined ? cursorOf(last) : null };
}

/**
 * Runs `query` for one page, newest first: descending by the timestamp column `at`, ties by id, starting after
 * `options.before`, at most pageSize(options.limit) rows. `at` must be selected too: the next cursor reads it.
 */
export async function selectPage<
  TB extends keyof Database,
  K extends keyof Database[TB] & string,
  R extends { readonly id: string } & { readonly [P in K]: string },
  T,
>(query: SelectQueryBuilder<Database, TB, R>, at: K, options: PageOptions, map: (row: R) => T): Promise<Page<T>> {
  const size = pageSize(options.limit);
  const { before } = options;
  const atColumn = sql.ref(at);
  const idColumn = sql.ref('id');
  const after =
    before === undefined
      ? query
      : query.where((eb) =>
          eb.or([eb(atColumn, '<', before.at), eb.and([eb(atColumn, '=', before.at), eb(idColumn, '<', before.id)])]),
        );
  const rows = await after
    .orderBy(atColumn, 'desc')
    .orderBy(idColumn, 'desc')
    .limit(size + 1)
    .execute();
  return toPage(rows, size, map, (row) => ({ at: row[at], id: row.id }));
}
