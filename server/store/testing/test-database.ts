// For tests (and benchmarks) only: the Store hides its database, and routes and scripts must go through queries.
// A test that checks what is stored, corrupts a row, adds a trigger or holds a lock reaches the very connection
// (SQLite) or pool (PostgreSQL) the store's queries use, through these.
import type { Kysely } from 'kysely';
import type { Database } from '../core/database.ts';
import { storeContextOf } from '../create-store.ts';
import type { QueryContext, Store } from '../store.ts';

/** The Kysely instance `store`'s queries run on. */
export const testDatabase = (store: Store): Kysely<Database> => storeContextOf(store).db;

/** The context `store`'s queries are bound to: to call a query function directly, with a spy plugin say. */
export const testContext = (store: Store): QueryContext => storeContextOf(store);
