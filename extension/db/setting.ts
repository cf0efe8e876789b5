import { z } from 'zod';
import { localCatalogSchema } from '../catalog/local-catalog-setting.ts';
import { serverUrlSchema } from '../sync/server-url.ts';

/**
 * A row of the key/value `settings` table. One schema per key, so a value read back from IndexedDB (maybe
 * written by an older version of the extension) is checked against what that key must hold.
 */
export const settingSchema = z.discriminatedUnion('key', [
  /** The sync server's base address, as saved from the options page. */
  z.strictObject({ key: z.literal('serverUrl'), value: serverUrlSchema }),
  /** This device's local team and "My services" row, made when the sampler first creates a journey here. */
  z.strictObject({ key: z.literal('localCatalog'), value: localCatalogSchema }),
]);
export type Setting = z.infer<typeof settingSchema>;
export type SettingKey = Setting['key'];
