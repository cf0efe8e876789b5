import { Blob as NodeBlob } from 'node:buffer';
import { afterEach } from 'vitest';
import { createDb, type JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { blobLikeSchema } from '../read-screenshots.ts';

/**
 * A fresh fake-IndexedDB database per call, deleted after each test of the file that calls this once at
 * module level: no test sees another's rows.
 */
export const useFreshDbs = (): (() => JourneySamplerDb) => {
  const opened: JourneySamplerDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });
  return () => {
    const db = createDb(`test-${crypto.randomUUID()}`);
    opened.push(db);
    return db;
  };
};

/**
 * A Blob that survives the unit tests' fake IndexedDB: happy-dom's own Blob does not structured-clone (it
 * comes back as a plain object), Node's does. Real browsers store their own Blobs, as the browser tests show.
 */
export const storableBlob = (text: string, type: string): Blob => blobLikeSchema.parse(new NodeBlob([text], { type }));
