import { Hono } from 'hono';
import {
  DEFAULT_PAIRING_TOKEN_LABEL,
  type RedeemPairingResponse,
  redeemPairingRequestSchema,
} from '../../shared/protocol/pairing.ts';
import type { AppEnv } from '../env.ts';
import { jsonBody } from '../http/json-body.ts';
import { clientAddress } from '../middleware/auth.ts';
import { errorResponse } from '../middleware/error-response.ts';
import { rateLimit, type TokenBucket } from '../middleware/rate-limit.ts';
import type { Store } from '../store/store.ts';

export type PairingRedeemRoutesDeps = {
  readonly store: Pick<Store, 'accounts'>;
  /** Redemption attempts per client address: the app shares one bucket with sign-in (one budget for guessing). */
  readonly attemptsBucket: TokenBucket;
};

/**
 * `POST /pairing/redeem {code, label?}`: no caller, the code is the credential (minted by `POST /pairing`,
 * pairing.ts). Spends the code and answers with a new access token of its user, once. Rate-limited per client
 * address like sign-in. The answer carries a secret (the token): never cached.
 */
export const pairingRedeemRoutes = ({ store, attemptsBucket }: PairingRedeemRoutesDeps) =>
  new Hono<AppEnv>().post(
    '/',
    rateLimit({ bucket: attemptsBucket, key: (c) => clientAddress(c, c.get('auth').trustProxy) }),
    jsonBody(redeemPairingRequestSchema),
    async (c) => {
      const request = c.req.valid('json');
      const redeemed = await store.accounts.redeemPairingCode({
        code: request.code,
        label: request.label ?? DEFAULT_PAIRING_TOKEN_LABEL,
        now: c.get('auth').now(),
      });
      if (!redeemed.ok) {
        switch (redeemed.reason) {
          case 'used':
            return errorResponse(
              c,
              409,
              'conflict',
              'This pairing link has already been used. Each link works once: ask for a new one. If you did not use it, tell your team lead.',
            );
          case 'expired':
            return errorResponse(
              c,
              401,
              'unauthorized',
              'This pairing link has expired (links work for 10 minutes). Ask for a new one.',
            );
          case 'unknown':
            return errorResponse(
              c,
              401,
              'unauthorized',
              'This pairing link is not valid on this server. Copy it again, or ask for a new one.',
            );
        }
      }
      const body: RedeemPairingResponse = { token: redeemed.created.token, tokenInfo: redeemed.created.tokenInfo };
      c.header('Cache-Control', 'no-store');
      return c.json(body, 201);
    },
  );
