import type { Kysely } from 'kysely';
import type { Logger } from '../../logger.ts';
import type { Database } from './database.ts';

export type StoreKind = 'sqlite' | 'postgres';

/**
 * What every query is given first: the database and its kind. A query that opens a transaction hands its
 * queries `{ ...context, db: trx }`, so they run inside it. Folders whose queries need more (push/: the SQLite
 * group commit) extend this type; createStore builds one context holding everything and binds every query to it
 * (../bind-queries.ts), so routes call `store.getService(teamId, id)` and never see the context.
 */
export type StoreContext = {
  readonly db: Kysely<Database>;
  readonly kind: StoreKind;
  /** Where a query reports what it skipped (the score catch-up's unreadable records); createStore sets it. */
  readonly logger?: Logger;
};
