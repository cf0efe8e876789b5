import type { JourneySamplerDb } from './journey-sampler-db.ts';
import { readPairing } from './pairing-setting.ts';
import { readServerUrl } from './server-url-setting.ts';

/**
 * The sync server addresses this device knows: the one it is paired with and the one saved in the settings
 * (usually the same; the saved one stays after Disconnect, and so does the host permission granted for it).
 * Their pages are kept out of evidence capture. Unreadable settings count as none.
 */
export const knownServerUrls = async (db: JourneySamplerDb): Promise<string[]> => {
  const [pairing, saved] = await Promise.all([readPairing(db), readServerUrl(db)]);
  const urls = [
    ...(pairing.status === 'paired' ? [pairing.pairing.serverUrl] : []),
    ...(saved.status === 'set' ? [saved.url] : []),
  ];
  return [...new Set(urls)];
};
