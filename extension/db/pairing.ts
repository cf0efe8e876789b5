import { z } from 'zod';
import { accessTokenSchema, roleSchema } from '../../shared/protocol/accounts.ts';
import { idSchema, nameSchema } from '../../shared/schemas/index.ts';
import { serverUrlSchema } from './server-url.ts';

/**
 * This device's pairing with a sync server: the sampler's personal access token and who the server said it
 * belongs to (shown as "Connected as …"). The token is bound to the address it was verified against: sync
 * only ever sends it there, so changing the address field can never hand the token to another server.
 * Secret: never logged, never put in a message or an error text.
 */
export const pairingSchema = z.strictObject({
  serverUrl: serverUrlSchema,
  token: accessTokenSchema,
  userId: idSchema,
  userName: nameSchema,
  role: roleSchema,
  teamId: idSchema,
  teamName: nameSchema,
});
export type Pairing = z.infer<typeof pairingSchema>;
