import { Blob as NodeBlob } from 'node:buffer';
import { afterEach } from 'vitest';
import { blobLikeSchema } from '../../lib/blob-like.ts';
import { createDb, type JourneySamplerDb } from '../journey-sampler-db.ts';

/**
 * A fresh fake-IndexedDB database per call, deleted after each test of the file that calls this once at
 * module level: no test sees another's rows. `name` is for a test that has already made the database under
 * that name (an older version, say); by default each call gets a new one.
 */
export const useFreshDbs = (): ((name?: string) => JourneySamplerDb) => {
  const opened: JourneySamplerDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });
  return (name = `test-${crypto.randomUUID()}`) => {
    const db = createDb(name);
    opened.push(db);
    return db;
  };
};

/**
 * A Blob that survives the unit tests' fake IndexedDB: happy-dom's own Blob does not structured-clone (it
 * comes back as a plain object), Node's does. Real browsers store their own Blobs, as the browser tests show.
 */
export const storableBlob = (content: string | Uint8Array<ArrayBuffer>, type: string): Blob =>
  blobLikeSchema.parse(new NodeBlob([content], { type }));
