import { z } from 'zod';
import { idSchema } from '../../shared/schemas/index.ts';
import { localCatalogSchema } from './local-catalog.ts';
import { pairingSchema } from './pairing.ts';
import { serverUrlSchema } from './server-url.ts';

/**
 * A row of the key/value `settings` table. One schema per key, so a value read back from IndexedDB (maybe
 * written by an older version of the extension) is checked against what that key must hold.
 */
export const settingSchema = z.discriminatedUnion('key', [
  /** The sync server's base address, as saved from the options page. */
  z.strictObject({ key: z.literal('serverUrl'), value: serverUrlSchema }),
  /** This device's local team and "My services" row, made when the sampler first creates a journey here. */
  z.strictObject({ key: z.literal('localCatalog'), value: localCatalogSchema }),
  /** The sampler's access token and who it belongs to, verified with the server ("Connect" on the options page). */
  z.strictObject({ key: z.literal('pairing'), value: pairingSchema }),
  /** This install's stable id (UUIDv7), sent with every push; made on first sync, kept across re-pairing. */
  z.strictObject({ key: z.literal('clientId'), value: idSchema }),
]);
export type Setting = z.infer<typeof settingSchema>;
export type SettingKey = Setting['key'];
