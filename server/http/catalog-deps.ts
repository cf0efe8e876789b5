import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';

/** What the catalog and sync routes need. `now` and `newId` are seams for tests; production uses the defaults. */
export type CatalogRoutesDeps = {
  readonly store: Store;
  readonly logger: Logger;
  /** The clock that stamps `updatedAt` on server-side edits. */
  readonly now?: () => Date;
  /** Makes a UUIDv7 for records (and steps) created without a client-made id. */
  readonly newId?: () => string;
};
