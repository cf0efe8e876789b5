import { accessTokenSchema, meResponseSchema } from '../../shared/protocol/accounts.ts';
import type { Pairing } from '../db/pairing.ts';
import type { ServerUrl } from '../db/server-url.ts';
import { type ApiCallOptions, createApiCall } from './server-api.ts';

export type VerifyResult =
  | { ok: true; pairing: Pairing }
  | { ok: false; problem: 'bad-token' | 'refused' | 'unreachable' | 'failed'; message: string };

/**
 * "Connect": asks the server who the pasted token belongs to (GET /api/v1/me). The token's shape is checked
 * first so a half-pasted one is explained without a round trip. Every failure is a sentence a sampler can act
 * on, and none of them repeats the token.
 */
export const verifyToken = async (
  serverUrl: ServerUrl,
  tokenText: string,
  options: ApiCallOptions = {},
): Promise<VerifyResult> => {
  const token = accessTokenSchema.safeParse(tokenText.trim());
  if (!token.success) {
    return {
      ok: false,
      problem: 'bad-token',
      message: 'That is not a Journey Sampler access token: paste the whole token, which starts with jsp_.',
    };
  }
  const me = await createApiCall(serverUrl, token.data, options)('GET', '/me', undefined, meResponseSchema);
  if (!me.ok) {
    switch (me.kind) {
      case 'unauthorized':
        return {
          ok: false,
          problem: 'refused',
          message: 'The server does not accept this token (mistyped, revoked or of another server). Ask for a new one.',
        };
      case 'unreachable':
        return {
          ok: false,
          problem: 'unreachable',
          message:
            me.status === null
              ? `Could not reach ${serverUrl}. Check the address, that the server is running, and that this device is online.`
              : me.message,
        };
      default:
        return {
          ok: false,
          problem: 'failed',
          message:
            me.status === 404
              ? `${serverUrl} does not answer like a Journey Sampler server (no /api/v1/me). Check the address.`
              : me.message,
        };
    }
  }
  const { user, team, role } = me.value;
  return {
    ok: true,
    pairing: {
      serverUrl,
      token: token.data,
      userId: user.id,
      userName: user.name,
      role,
      teamId: team.id,
      teamName: team.name,
    },
  };
};
