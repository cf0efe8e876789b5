import { afterEach, beforeEach, vi } from 'vitest';

/**
 * fake-indexeddb stores values with the global structuredClone, and Node's structuredClone does not know
 * happy-dom's Blob: a stored screenshot comes back as a plain object. Real IndexedDB keeps Blobs. This clone
 * keeps Blob instances as they are (a Blob is immutable, so sharing it is as good as copying it) and copies
 * everything else with the real structuredClone.
 */
const cloneKeepingBlobs = (value: unknown, native: typeof structuredClone): unknown => {
  if (value instanceof Blob) return value;
  if (Array.isArray(value)) return value.map((item) => cloneKeepingBlobs(item, native));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneKeepingBlobs(item, native)]));
  }
  return native(value);
};

/** Call at the top of a test file whose tests store Blobs in fake-indexeddb. */
export const keepBlobsInFakeIndexedDb = (): void => {
  beforeEach(() => {
    const native = globalThis.structuredClone;
    vi.stubGlobal('structuredClone', (value: unknown) => cloneKeepingBlobs(value, native));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
};
