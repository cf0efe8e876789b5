import { Dexie, type IndexableType, RangeSet } from 'dexie';
import type { JourneySamplerDb } from './journey-sampler-db.ts';

/*
 * A read-write transaction of IndexedDB itself on the Dexie database's connection, for the one path that must
 * be as fast as a plain put: the recorder's actions (a step mark above all). Measured in Chromium on the bench
 * (docs/decisions.md, "Mark step"), a Dexie transaction that reads and puts one small row cost ~1 ms more than
 * the same requests made directly (its promise zone, its middleware stack, a round trip per awaited request).
 *
 * Everything else Dexie gives is kept: the same connection (opened, upgraded and closed by Dexie), the same
 * default durability (Dexie passes none either), and liveQuery: the keys written are announced as Dexie
 * announces its own writes (Dexie.on.storagemutated, which Dexie also relays to the other extension pages),
 * so a side panel following the recording sees the mark (a task after the caller is answered).
 */

export type NativeScope = {
  readonly tx: IDBTransaction;
  /** Announces, once committed, that `keys` of `table` (and `indexKeys` of its indexes) were written or deleted. */
  touched(table: string, keys: readonly IndexableType[], indexKeys?: Record<string, readonly IndexableType[]>): void;
};

/** A request's result. A failed request also aborts its transaction (not prevented), so nothing is half-written. */
export const requestResult = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * Runs `body` in one read-write transaction over `tables` and resolves with its value once the transaction has
 * COMMITTED (`complete`), exactly like a Dexie transaction. `body` may await only requests of `tx` (awaiting
 * anything else would let the transaction commit early). A throw aborts the transaction and rejects.
 */
export const nativeReadWrite = async <T>(
  db: JourneySamplerDb,
  tables: readonly string[],
  body: (scope: NativeScope) => Promise<T>,
): Promise<T> => {
  if (!db.isOpen()) await db.open();
  const tx = db.backendDB().transaction([...tables], 'readwrite');
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('the transaction was aborted', 'AbortError'));
  });
  // Awaited below unless body throws first; never an unhandled rejection meanwhile.
  committed.catch(() => undefined);
  const parts: Record<string, RangeSet> = {};
  const part = (name: string): RangeSet => {
    const key = `idb://${db.name}/${name}`;
    parts[key] ??= new RangeSet();
    return parts[key];
  };
  const scope: NativeScope = {
    tx,
    touched(table, keys, indexKeys = {}) {
      // Dexie's own names for what a put or delete changes: the primary keys ('' index), and ':dels'.
      part(`${table}/`).addKeys([...keys]);
      part(`${table}/:dels`).addKeys([...keys]);
      for (const [index, values] of Object.entries(indexKeys)) part(`${table}/${index}`).addKeys([...values]);
    },
  };
  let value: T;
  try {
    value = await body(scope);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request.
    }
    throw error;
  }
  // Every request is made: commit now rather than after the browser notices the transaction idle.
  try {
    tx.commit?.();
  } catch {
    // Already committing on its own (no request was pending any more): nothing to hurry.
  }
  await committed;
  // Announced in a task of its own, after the caller has its answer: Dexie's announcement (its listeners, the
  // message to the other pages) cost ~0.3 ms, a fifth of a plain put, and a follower can wait that long.
  if (Object.keys(parts).length > 0) setTimeout(() => Dexie.on.storagemutated.fire(parts), 0);
  return value;
};
