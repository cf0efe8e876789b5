import type * as accountQueries from './account-queries.ts';
import type { BoundQueries } from './bind-queries.ts';
import type { StoreContext, StoreKind } from './core/store-context.ts';
import type { MigrationReport } from './migrate.ts';
import type { PushContext } from './push/push-walkthroughs.ts';
import type * as storeQueries from './store-queries.ts';

export type { StoreKind };

export type StoreHealth = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

/** The one context every query of a store is bound to: what each folder's queries ask for, together. */
export type QueryContext = StoreContext & PushContext;

/** The record queries (store-queries.ts gathers their modules), without their context. */
export type StoreQueries = BoundQueries<QueryContext, typeof storeQueries>;

/** Teams by name, users, access tokens, sessions, sign-in and pairing codes (account-queries.ts). */
export type AccountStore = BoundQueries<QueryContext, typeof accountQueries>;

/**
 * The server's only way to its database. Every record query takes the caller's teamId and returns only that
 * team's records; every write takes it too and refuses records of another team. Records come back parsed with
 * their shared zod schema. Each query is documented where it is written (queries/, accounts/, push/).
 */
export interface Store extends StoreQueries {
  readonly kind: StoreKind;
  /** The SQLite file, for the startup line; null for PostgreSQL, whose URL may carry a password. */
  readonly location: string | null;
  migrate(): Promise<MigrationReport>;
  /** Asks the database a trivial question; a failure is a value, never a throw. */
  health(): Promise<StoreHealth>;
  /** Waits for pending pushes, then closes the database. Idempotent. */
  close(): Promise<void>;
  readonly accounts: AccountStore;
}
