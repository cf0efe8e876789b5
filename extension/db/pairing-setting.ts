import type { JourneySamplerDb } from './journey-sampler-db.ts';
import type { Pairing } from './pairing.ts';
import { parseRow } from './parse-rows.ts';
import { settingSchema } from './setting.ts';

export type PairingSetting =
  | { status: 'unpaired' }
  | { status: 'paired'; pairing: Pairing }
  /** A stored pairing that no longer parses (another version wrote it): shown, so the sampler pairs again. */
  | { status: 'unreadable'; message: string };

export const readPairing = async (db: JourneySamplerDb): Promise<PairingSetting> => {
  const row: unknown = await db.settings.get('pairing');
  if (row === undefined) return { status: 'unpaired' };
  const parsed = parseRow(settingSchema, row);
  if (!parsed.ok) return { status: 'unreadable', message: parsed.message };
  if (parsed.value.key !== 'pairing') return { status: 'unreadable', message: 'not a pairing' };
  return { status: 'paired', pairing: parsed.value.value };
};

/** Saves the pairing and starts sync afresh: a cursor or a backoff of another pairing means nothing here. */
export const savePairing = (db: JourneySamplerDb, pairing: Pairing): Promise<void> =>
  db.transaction('rw', [db.settings, db.syncState], async () => {
    await db.settings.put({ key: 'pairing', value: pairing });
    await db.syncState.bulkDelete(['cursor', 'status']);
  });

/**
 * "Disconnect": forgets the token and the sync engine's memory. Outbox entries stay: what was recorded here and
 * not yet pushed is pushed after the next pairing.
 */
export const forgetPairing = (db: JourneySamplerDb): Promise<void> =>
  db.transaction('rw', [db.settings, db.syncState], async () => {
    await db.settings.delete('pairing');
    await db.syncState.bulkDelete(['cursor', 'status']);
  });

/** This install's id for push requests, made once (in the same transaction, so two contexts agree). */
export const readOrCreateClientId = (db: JourneySamplerDb, newId: () => string): Promise<string> =>
  db.transaction('rw', [db.settings], async () => {
    const parsed = parseRow(settingSchema, await db.settings.get('clientId'));
    if (parsed.ok && parsed.value.key === 'clientId') return parsed.value.value;
    const clientId = newId();
    await db.settings.put({ key: 'clientId', value: clientId });
    return clientId;
  });
