import type { JourneySamplerDb } from './journey-sampler-db.ts';
import type { LocalCatalog } from './local-catalog.ts';
import { parseRow } from './parse-rows.ts';
import { settingSchema } from './setting.ts';

/** This device's local catalog setting, inside the caller's transaction (if any) over `settings`. */
export const readLocalCatalog = async (db: JourneySamplerDb): Promise<LocalCatalog | null> => {
  const row: unknown = await db.settings.get('localCatalog');
  if (row === undefined) return null;
  const parsed = parseRow(settingSchema, row);
  // An unreadable row is treated as absent: the next save makes a new local service beside the old one, and
  // the journeys under the old one stay in the database (listed, though no longer editable here).
  return parsed.ok && parsed.value.key === 'localCatalog' ? parsed.value.value : null;
};
