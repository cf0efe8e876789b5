import { z } from 'zod';

/**
 * Anything that behaves as a Blob. `instanceof Blob` fails for a Blob made in another realm (another
 * window's or Node's, as in the unit tests' fake IndexedDB), though it is just as readable.
 */
export const blobLikeSchema = z.custom<Blob>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    'size' in value &&
    typeof value.size === 'number' &&
    'type' in value &&
    typeof value.type === 'string' &&
    'arrayBuffer' in value &&
    typeof value.arrayBuffer === 'function',
  { message: 'expected a Blob' },
);
