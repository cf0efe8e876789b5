import type { JourneySamplerDb } from './journey-sampler-db.ts';
import { parseRow } from './parse-rows.ts';
import type { ServerUrl } from './server-url.ts';
import { settingSchema } from './setting.ts';

export type ServerUrlSetting =
  | { status: 'unset' }
  | { status: 'set'; url: ServerUrl }
  /** A value is stored but no longer valid (written by another version): shown, never silently dropped. */
  | { status: 'unreadable'; message: string };

export const readServerUrl = async (db: JourneySamplerDb): Promise<ServerUrlSetting> => {
  const row: unknown = await db.settings.get('serverUrl');
  if (row === undefined) return { status: 'unset' };
  const parsed = parseRow(settingSchema, row);
  if (!parsed.ok) return { status: 'unreadable', message: parsed.message };
  // The row was fetched by this key, so another key here would be a corrupt row, reported like any other.
  if (parsed.value.key !== 'serverUrl') return { status: 'unreadable', message: 'not a server address' };
  return { status: 'set', url: parsed.value.value };
};

/** Takes an already-parsed address: validation happens once, where the text is typed. */
export const saveServerUrl = async (db: JourneySamplerDb, url: ServerUrl): Promise<void> => {
  await db.settings.put({ key: 'serverUrl', value: url });
};

export const forgetServerUrl = async (db: JourneySamplerDb): Promise<void> => {
  await db.settings.delete('serverUrl');
};
