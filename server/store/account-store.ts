import type { Kysely } from 'kysely';
import type { Role, TokenInfo, User } from '../../shared/protocol/accounts.ts';
import type { Team } from '../../shared/schemas/team.ts';
import type { Database } from './database.ts';
import {
  type CreatedPairingCode,
  type CreatePairingCodeInput,
  createPairingCode,
  type RedeemPairingCodeInput,
  type RedeemPairingCodeResult,
  redeemPairingCode,
} from './pairing-codes.ts';
import { type CreatedSession, type CreateSessionInput, createSession, deleteSession, findSession } from './sessions.ts';
import { type CreatedSignInCode, createSignInCode, redeemSignInCode } from './sign-in-codes.ts';
import { type CreateNamedTeamResult, createNamedTeam, findTeamByName, listTeams } from './team-directory.ts';
import {
  type CreatedToken,
  type CreateTokenInput,
  createToken,
  type FoundToken,
  findActiveToken,
  getTokenInfo,
  type ListedToken,
  type ListTokensOptions,
  listTokens,
  revokeToken,
  type StoredIdentity,
  touchToken,
} from './tokens.ts';
import {
  type CreateUserInput,
  type CreateUserResult,
  createUser,
  findUserByName,
  getUser,
  hasAdmin,
  type ListUsersOptions,
  listUsers,
} from './users.ts';

/**
 * Teams by name, users, personal access tokens, sessions, sign-in codes and pairing codes. Unlike the record
 * functions of Store, these are not all scoped by a team: admins work across teams. Authorisation is the HTTP
 * layer's job (server/api/account-access.ts), which answers anything the caller may not see as not found.
 */
export interface AccountStore {
  createTeam(name: string, now?: Date): Promise<CreateNamedTeamResult>;
  findTeamByName(name: string): Promise<Team | undefined>;
  listTeams(): Promise<Team[]>;

  createUser(input: CreateUserInput): Promise<CreateUserResult>;
  getUser(userId: string): Promise<User | undefined>;
  findUserByName(teamId: string, name: string): Promise<User | undefined>;
  listUsers(options?: ListUsersOptions): Promise<User[]>;
  hasAdmin(): Promise<boolean>;

  createToken(input: CreateTokenInput): Promise<CreatedToken>;
  findActiveToken(token: string): Promise<FoundToken | undefined>;
  touchToken(tokenId: string, now: Date): Promise<void>;
  getToken(tokenId: string): Promise<{ readonly tokenInfo: TokenInfo; readonly ownerRole: Role } | undefined>;
  listTokens(options?: ListTokensOptions): Promise<ListedToken[]>;
  revokeToken(tokenId: string, now: Date): Promise<TokenInfo | undefined>;

  createSession(input: CreateSessionInput): Promise<CreatedSession>;
  findSession(sessionId: string, now: Date): Promise<StoredIdentity | undefined>;
  deleteSession(sessionId: string): Promise<void>;

  createSignInCode(input: {
    readonly userId: string;
    readonly now: Date;
    readonly ttlMs?: number;
  }): Promise<CreatedSignInCode>;
  redeemSignInCode(code: string, now: Date): Promise<{ readonly userId: string; readonly teamId: string } | undefined>;

  /** Pairing links (server/store/pairing-codes.ts): a one-time code that becomes an access token. */
  createPairingCode(input: CreatePairingCodeInput): Promise<CreatedPairingCode>;
  redeemPairingCode(input: RedeemPairingCodeInput): Promise<RedeemPairingCodeResult>;
}

export function createAccountStore(db: Kysely<Database>): AccountStore {
  return {
    createTeam: (name, now) => createNamedTeam(db, name, now),
    findTeamByName: (name) => findTeamByName(db, name),
    listTeams: () => listTeams(db),

    createUser: (input) => createUser(db, input),
    getUser: (userId) => getUser(db, userId),
    findUserByName: (teamId, name) => findUserByName(db, teamId, name),
    listUsers: (options) => listUsers(db, options),
    hasAdmin: () => hasAdmin(db),

    createToken: (input) => createToken(db, input),
    findActiveToken: (token) => findActiveToken(db, token),
    touchToken: (tokenId, now) => touchToken(db, tokenId, now),
    getToken: (tokenId) => getTokenInfo(db, tokenId),
    listTokens: (options) => listTokens(db, options),
    revokeToken: (tokenId, now) => revokeToken(db, tokenId, now),

    createSession: (input) => createSession(db, input),
    findSession: (sessionId, now) => findSession(db, sessionId, now),
    deleteSession: (sessionId) => deleteSession(db, sessionId),

    createSignInCode: (input) => createSignInCode(db, input),
    redeemSignInCode: (code, now) => redeemSignInCode(db, code, now),

    createPairingCode: (input) => createPairingCode(db, input),
    redeemPairingCode: (input) => redeemPairingCode(db, input),
  };
}
