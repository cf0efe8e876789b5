import { parsePairingLink } from '../../shared/protocol/pairing.ts';
import { type ServerUrl, serverUrlSchema } from '../db/server-url.ts';

export type PairingLinkReading = { ok: true; serverUrl: ServerUrl; code: string } | { ok: false; message: string };

/**
 * A pasted pairing link (`https://journeys.example.com/pair#code=…`, shared/protocol/pairing.ts) as this
 * extension uses it: the server address, normalised like a typed one, and the one-time code. The code is a
 * secret until it is redeemed: it is never put in a message.
 */
export const readPairingLink = (text: string): PairingLinkReading => {
  const parsed = parsePairingLink(text);
  if (!parsed.ok) return parsed;
  const serverUrl = serverUrlSchema.safeParse(parsed.serverBase);
  if (!serverUrl.success) {
    return { ok: false, message: serverUrl.error.issues[0]?.message ?? 'The link does not name a server address.' };
  }
  return { ok: true, serverUrl: serverUrl.data, code: parsed.code };
};
