import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../schemas/common.ts';
import { teamSchema } from '../schemas/team.ts';

/**
 * Accounts: teams, users, personal access tokens and dashboard sign-in. Every request body here is strict, so a
 * stray field (`role` smuggled into a token label request, say) is refused rather than ignored.
 */

/** staff: records and syncs their own walkthroughs. lead: runs their team. admin: teams and users. */
export const ROLES = ['staff', 'lead', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Higher ranks may do everything lower ones may: a token's role is never above its user's. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { staff: 0, lead: 1, admin: 2 };

/** The lower of two roles: a token of a lead user minted as `staff` acts as staff. */
export const lowerRole = (a: Role, b: Role): Role => (ROLE_RANK[a] <= ROLE_RANK[b] ? a : b);

/**
 * A personal access token as shown once on creation: `jsp_` and 32 random bytes in base64url (43 characters).
 * The prefix makes a leaked token recognisable to secret scanners and to people.
 */
export const ACCESS_TOKEN_PREFIX = 'jsp_';
export const accessTokenSchema = z.string().regex(/^jsp_[A-Za-z0-9_-]{43}$/, 'not a Journey Sampler access token');

/** The one-time code in a sign-in link (`/sign-in#code=…`): 32 random bytes in base64url. */
export const signInCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a sign-in code');

/** No control characters: a newline in a name could forge a line of CLI output or a log entry; NUL breaks PostgreSQL. */
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
/** Only whole UTF-16 pairs: a lone surrogate would be stored as U+FFFD by the database drivers, not as sent. */
const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

const displayText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters')
    .regex(WELL_FORMED, 'must be well-formed text');

/** Team and user names, shown in lists and printed by the admin command: trimmed, 1–200 characters. */
export const accountNameSchema = displayText(200);

/** What a token is for ("extension on my laptop"): trimmed, 1–100 characters. */
export const tokenLabelSchema = displayText(100);

export const userSchema = z.strictObject({
  id: idSchema,
  teamId: idSchema,
  name: accountNameSchema,
  role: roleSchema,
  createdAt: isoDateTimeSchema,
  /** The user who created this one; null when made by the first start or the admin command. */
  createdBy: idSchema.nullable(),
});
export type User = z.infer<typeof userSchema>;

/** What the server tells about a token. Never the token itself: only `hint`, its first characters. */
export const tokenInfoSchema = z.strictObject({
  id: idSchema,
  userId: idSchema,
  teamId: idSchema,
  role: roleSchema,
  label: tokenLabelSchema,
  /** `jsp_` plus the first four random characters, to tell tokens apart; useless for guessing the rest. */
  hint: z.string().max(20),
  createdAt: isoDateTimeSchema,
  createdBy: idSchema.nullable(),
  /** Updated at most once a minute per token. */
  lastUsedAt: isoDateTimeSchema.nullable(),
  revokedAt: isoDateTimeSchema.nullable(),
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

/** `POST /api/v1/sign-in`: a one-time code from a sign-in link, or a lead's or admin's token pasted in. */
export const signInRequestSchema = z.union([
  z.strictObject({ code: signInCodeSchema }),
  z.strictObject({ token: accessTokenSchema }),
]);
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const signInResponseSchema = z.strictObject({
  user: userSchema,
  team: teamSchema,
  role: roleSchema,
  expiresAt: isoDateTimeSchema,
});
export type SignInResponse = z.infer<typeof signInResponseSchema>;

/** `GET /api/v1/me`: who the caller is. `role` is what the caller acts as (a token may be below its user). */
export const meResponseSchema = z.strictObject({
  user: userSchema,
  team: teamSchema,
  role: roleSchema,
  via: z.enum(['token', 'session']),
  tokenId: idSchema.nullable(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** `POST /api/v1/tokens`: for the caller, or (leads, admins) for a user they manage; role defaults to the user's. */
export const createTokenRequestSchema = z.strictObject({
  label: tokenLabelSchema,
  userId: idSchema.optional(),
  role: roleSchema.optional(),
});
export type CreateTokenRequest = z.infer<typeof createTokenRequestSchema>;

export const createTokenResponseSchema = z.strictObject({
  /** Shown once: the server keeps only its hash. */
  token: accessTokenSchema,
  tokenInfo: tokenInfoSchema,
});
export type CreateTokenResponse = z.infer<typeof createTokenResponseSchema>;

export const listTokensQuerySchema = z.strictObject({ userId: idSchema.optional(), teamId: idSchema.optional() });
export const tokensResponseSchema = z.strictObject({ tokens: z.array(tokenInfoSchema) });
export type TokensResponse = z.infer<typeof tokensResponseSchema>;

export const createTeamRequestSchema = z.strictObject({ name: accountNameSchema });
export type CreateTeamRequest = z.infer<typeof createTeamRequestSchema>;
export const teamsResponseSchema = z.strictObject({ teams: z.array(teamSchema) });
export type TeamsResponse = z.infer<typeof teamsResponseSchema>;

/** `POST /api/v1/users`: admins name any team and role; leads create staff in their own team (teamId optional). */
export const createUserRequestSchema = z.strictObject({
  name: accountNameSchema,
  role: roleSchema,
  teamId: idSchema.optional(),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const listUsersQuerySchema = z.strictObject({ teamId: idSchema.optional() });
export const usersResponseSchema = z.strictObject({ users: z.array(userSchema) });
export type UsersResponse = z.infer<typeof usersResponseSchema>;

/** Path parameters naming one record. */
export const idParamSchema = z.strictObject({ id: idSchema });
