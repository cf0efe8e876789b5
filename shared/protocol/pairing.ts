import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../schemas/common.ts';
import { accessTokenSchema, roleSchema, tokenInfoSchema, tokenLabelSchema } from './accounts.ts';

/**
 * Pairing links: how a person connects the extension to a server without copying a token by hand.
 *
 * The server mints a one-time pairing code for a user and shows it as a link, `<server>/pair#code=<code>`. The
 * person pastes that link into the extension's options page, which takes the server address and the code from
 * it and exchanges the code (`POST /api/v1/pairing/redeem`) for a personal access token of that user. The code
 * rides in the fragment, which browsers never send to a server, so it stays out of access logs and proxies.
 */

/** Where the server shows a pairing link, relative to its base address. */
export const PAIRING_PAGE_PATH = '/pair';

/** The one-time code in a pairing link: 32 random bytes in base64url, like a sign-in code. */
export const pairingCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a pairing code');

/** A pairing code works for ten minutes: long enough to switch to the extension, short enough to be worthless later. */
export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

/** `POST /api/v1/pairing`: for the caller, or (leads, admins) for a user they manage; role defaults to the user's. */
export const createPairingRequestSchema = z.strictObject({
  userId: idSchema.optional(),
  role: roleSchema.optional(),
});
export type CreatePairingRequest = z.infer<typeof createPairingRequestSchema>;

export const createPairingResponseSchema = z.strictObject({
  /** `<server>/pair#code=…`, shown once: the server keeps only the code's hash. */
  link: z.string().max(2100),
  expiresAt: isoDateTimeSchema,
  /** Whose token the link makes. */
  userId: idSchema,
  role: roleSchema,
});
export type CreatePairingResponse = z.infer<typeof createPairingResponseSchema>;

/**
 * `POST /api/v1/pairing/redeem`: no caller, the code is the credential. `label` names the token the server
 * creates ("Journey Sampler on Chrome 140 (Linux)"), so the person can tell it apart in their token list.
 */
export const redeemPairingRequestSchema = z.strictObject({
  code: pairingCodeSchema,
  label: tokenLabelSchema.optional(),
});
export type RedeemPairingRequest = z.infer<typeof redeemPairingRequestSchema>;

export const redeemPairingResponseSchema = z.strictObject({
  /** Shown once: the server keeps only its hash. */
  token: accessTokenSchema,
  tokenInfo: tokenInfoSchema,
});
export type RedeemPairingResponse = z.infer<typeof redeemPairingResponseSchema>;

/** The label of a token made by redeeming a code without one. */
export const DEFAULT_PAIRING_TOKEN_LABEL = 'Journey Sampler extension';

/**
 * The link for a code: `base` is the server's base address (origin, and a path prefix when the server is
 * mounted under one), with or without a trailing slash.
 */
export const pairingLink = (base: string, code: string): string =>
  `${base.replace(/\/+$/, '')}${PAIRING_PAGE_PATH}#code=${code}`;

export type ParsedPairingLink =
  | { readonly ok: true; readonly serverBase: string; readonly code: string }
  | { readonly ok: false; readonly message: string };

const NOT_A_LINK =
  'That is not a pairing link. Paste the whole link from the server, like https://journeys.example.com/pair#code=…';

/**
 * Reads a pasted pairing link: the server's base address (everything before `/pair`) and the code. Lenient
 * about surrounding whitespace only; anything else that is not exactly a pairing link is refused with a
 * sentence a person can act on. Never repeats the code in a message.
 */
export const parsePairingLink = (text: string): ParsedPairingLink => {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Paste the pairing link first.' };
  const url = URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return { ok: false, message: NOT_A_LINK };
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || !url.pathname.endsWith(PAIRING_PAGE_PATH)) {
    return { ok: false, message: NOT_A_LINK };
  }
  const code = new URLSearchParams(url.hash.slice(1)).get('code');
  if (code === null || code === '') {
    return { ok: false, message: 'This link has no pairing code: copy it again from the server page.' };
  }
  if (!pairingCodeSchema.safeParse(code).success) {
    return { ok: false, message: 'The pairing code in this link is cut short or changed: copy the link again.' };
  }
  const prefix = url.pathname.slice(0, -PAIRING_PAGE_PATH.length);
  return { ok: true, serverBase: `${url.origin}${prefix}`, code };
};
