import type { Pairing } from '../db/pairing.ts';

/** What the UI may show of a pairing: everything but the token. */
export type PairingSummary = Omit<Pairing, 'token'>;

export const summarisePairing = ({ token: _token, ...rest }: Pairing): PairingSummary => rest;

export const describePairing = (p: PairingSummary): string => `Connected as ${p.userName} (${p.role}) in ${p.teamName}`;
