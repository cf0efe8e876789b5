import type { Pairing } from '../db/pairing.ts';

/** What the UI may show of a pairing: everything but the token. */
export type PairingSummary = Omit<Pairing, 'token'>;

export const summarisePairing = ({ token: _token, ...rest }: Pairing): PairingSummary => rest;

export const describePairing = (p: PairingSummary): string => `Connected as ${p.userName} (${p.role}) in ${p.teamName}`;

/** What an unpaired device does with its walkthroughs, said the same way on the options page and in the panel. */
export const NOT_PAIRED_TEXT = 'Not paired: walkthroughs are kept on this device.';
