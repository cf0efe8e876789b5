// `npm run admin -- <command> [options]`: manage teams, users and access tokens from the server's machine.
// Uses the server's own configuration (DATA_DIR or DATABASE_URL) and store, and migrates it first, so it works
// before the first server start too. Every failure is one line on stderr and exit code 1; secrets a command
// creates go to stdout alone, everything said about them to stderr, so `TOKEN=$(npm run -s admin -- …)` works.
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { signInLink } from '../server/bootstrap-admin.ts';
import { parseConfig, type ServerConfig } from '../server/config.ts';
import { prepareDataDir } from '../server/data-dir.ts';
import { errorCode } from '../server/error-code.ts';
import { createMemoryLogger } from '../server/logger.ts';
import { createStore } from '../server/store/create-store.ts';
import { ABANDONED_UPLOAD_MS, EXPIRED_CODE_GRACE_MS } from '../server/store/queries/housekeeping.ts';
import type { Store } from '../server/store/store.ts';
import {
  accountNameSchema,
  ROLE_RANK,
  ROLES,
  type Role,
  roleSchema,
  tokenLabelSchema,
  type User,
} from '../shared/protocol/accounts.ts';
import { pairingLink } from '../shared/protocol/pairing.ts';
import { idSchema } from '../shared/schemas/common.ts';
import type { Team } from '../shared/schemas/team.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const GRACE_DAYS = EXPIRED_CODE_GRACE_MS / DAY_MS;
const ABANDONED_DAYS = ABANDONED_UPLOAD_MS / DAY_MS;

const USAGE = `usage: npm run admin -- <command>
  create-team NAME
  create-user --team NAME --name NAME --role staff|lead|admin
  create-token --role staff|lead|admin --team NAME [--user NAME] [--label TEXT]
      (without --user: a new user named after the role, e.g. "lead", "lead-2")
  list-tokens --team NAME
  revoke-token ID
  sign-in-link --team NAME --user NAME      a one-time dashboard sign-in link (24 h)
  pairing-link --team NAME --user NAME [--role staff|lead|admin] [--server URL]
      a one-time link that pairs the extension as that user (10 min); --server is the address people
      reach the server at (default http://HOST:PORT)
  purge                                     delete codes expired over ${GRACE_DAYS} days ago and uploads left
      incomplete for ${ABANDONED_DAYS} days, now (the server does this at start-up and every hour)`;

/** A failure the operator can fix: printed as one line, exit code 1. */
class AdminError extends Error {
  override readonly name = 'AdminError';
}

type Output = { out(line: string): void; err(line: string): void };

const OPTIONS = {
  team: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  user: { type: 'string' },
  label: { type: 'string' },
  server: { type: 'string' },
} as const;

function parse<T>(schema: z.ZodType<T>, value: string | undefined, what: string): T {
  if (value === undefined) throw new AdminError(`${what} is required`);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AdminError(`${what} is not valid: ${parsed.error.issues[0]?.message ?? JSON.stringify(value)}`);
  return parsed.data;
}

function parseRole(value: string | undefined): Role {
  if (value === undefined) throw new AdminError('--role is required');
  const role = roleSchema.safeParse(value);
  if (!role.success) throw new AdminError(`--role must be ${ROLES.join(', ')} (got ${JSON.stringify(value)})`);
  return role.data;
}

async function teamNamed(store: Store, name: string | undefined): Promise<Team> {
  const teamName = parse(accountNameSchema, name, '--team');
  const team = await store.accounts.findTeamByName(teamName);
  if (team === undefined) throw new AdminError(`no team named ${JSON.stringify(teamName)}`);
  return team;
}

/** The team's user named by --user (required). */
async function userNamed(store: Store, team: Team, name: string | undefined): Promise<User> {
  const userName = parse(accountNameSchema, name, '--user');
  const user = await store.accounts.findUserByName(team.id, userName);
  if (user === undefined)
    throw new AdminError(`team ${JSON.stringify(team.name)} has no user named ${JSON.stringify(userName)}`);
  return user;
}

/** A token (or a pairing, which makes one) never ranks above its user: a staff user cannot hold a lead token. */
function assertMayHold(user: User, role: Role): void {
  if (ROLE_RANK[role] > ROLE_RANK[user.role]) {
    throw new AdminError(`${JSON.stringify(user.name)} is ${user.role}: cannot hold a ${role} token`);
  }
}

/** A fresh user name for a token created without --user: the role itself, then role-2, role-3, … */
async function freeUserName(store: Store, teamId: string, role: Role): Promise<string> {
  for (let n = 1; n <= 1000; n += 1) {
    const name = n === 1 ? role : `${role}-${n}`;
    if ((await store.accounts.findUserByName(teamId, name)) === undefined) return name;
  }
  throw new AdminError(`no free user name for a new ${role}; pass --user`);
}

/** The address in links: --server as given (an http(s) URL), else the server's own http://HOST:PORT. */
function serverBase(config: ServerConfig, server: string | undefined): string {
  if (server === undefined)
    return `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const url = URL.canParse(server) ? new URL(server) : null;
  if (url === null || !['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '') {
    throw new AdminError(
      `--server must be an http(s) address like https://journeys.example.com (got ${JSON.stringify(server)})`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

async function run(store: Store, config: ServerConfig, argv: readonly string[], io: Output): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AdminError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const now = new Date();
  const noMorePositionals = (allowed: number) => {
    if (rest.length > allowed) throw new AdminError(`unexpected argument ${JSON.stringify(rest[allowed])}`);
  };

  switch (command) {
    case 'create-team': {
      noMorePositionals(1);
      const name = parse(accountNameSchema, rest[0], 'the team NAME');
      const created = await store.accounts.createTeam(name, now);
      if (!created.ok) throw new AdminError(`a team named ${JSON.stringify(name)} exists`);
      io.out(`Created team ${JSON.stringify(created.team.name)} (${created.team.id})`);
      return;
    }
    case 'create-user': {
      noMorePositionals(0);
      const team = await teamNamed(store, values.team);
      const name = parse(accountNameSchema, values.name, '--name');
      const role = parseRole(values.role);
      const created = await store.accounts.createUser({ teamId: team.id, name, role, now });
      if (!created.ok)
        throw new AdminError(`team ${JSON.stringify(team.name)} has a user named ${JSON.stringify(name)}`);
      io.out(`Created ${role} ${JSON.stringify(name)} in team ${JSON.stringify(team.name)} (${created.user.id})`);
      return;
    }
    case 'create-token': {
      noMorePositionals(0);
      const role = parseRole(values.role);
      const team = await teamNamed(store, values.team);
      const label = parse(tokenLabelSchema, values.label ?? 'created with npm run admin', '--label');
      let user = values.user === undefined ? undefined : await store.accounts.findUserByName(team.id, values.user);
      if (values.user !== undefined && user === undefined) {
        throw new AdminError(`team ${JSON.stringify(team.name)} has no user named ${JSON.stringify(values.user)}`);
      }
      if (user === undefined) {
        const created = await store.accounts.createUser({
          teamId: team.id,
          name: await freeUserName(store, team.id, role),
          role,
          now,
        });
        if (!created.ok) throw new AdminError(`could not create a ${role} in team ${JSON.stringify(team.name)}`);
        user = created.user;
        io.err(`Created ${role} ${JSON.stringify(user.name)} in team ${JSON.stringify(team.name)}`);
      } else {
        assertMayHold(user, role);
      }
      const { token, tokenId } = await store.accounts.createToken({ userId: user.id, label, role, now });
      io.err(
        `Token ${tokenId} (${role}) for ${JSON.stringify(user.name)} in team ${JSON.stringify(team.name)}; shown once, keep it secret:`,
      );
      io.out(token);
      return;
    }
    case 'list-tokens': {
      noMorePositionals(0);
      const team = await teamNamed(store, values.team);
      const users = new Map((await store.accounts.listUsers({ teamId: team.id })).map((u) => [u.id, u.name]));
      const tokens = await store.accounts.listTokens({ teamId: team.id });
      if (tokens.length === 0) io.err(`team ${JSON.stringify(team.name)} has no tokens`);
      for (const { tokenInfo: t } of tokens) {
        const state = t.revokedAt === null ? 'active' : `revoked ${t.revokedAt}`;
        io.out(
          [
            t.id,
            t.hint,
            t.role,
            JSON.stringify(users.get(t.userId) ?? t.userId),
            JSON.stringify(t.label),
            `created ${t.createdAt}`,
            `last used ${t.lastUsedAt ?? 'never'}`,
            state,
          ].join('  '),
        );
      }
      return;
    }
    case 'revoke-token': {
      noMorePositionals(1);
      const id = parse(idSchema, rest[0], 'the token ID');
      const existing = await store.accounts.getToken(id);
      if (existing === undefined) throw new AdminError(`no token ${id}`);
      const revoked = await store.accounts.revokeToken(id, now);
      io.out(`Revoked token ${id} (${existing.tokenInfo.hint}…) at ${revoked?.revokedAt ?? now.toISOString()}`);
      return;
    }
    case 'sign-in-link': {
      noMorePositionals(0);
      const user = await userNamed(store, await teamNamed(store, values.team), values.user);
      const { code, expiresAt } = await store.accounts.createSignInCode({ userId: user.id, now });
      io.err(`One-time sign-in link for ${JSON.stringify(user.name)}, expires ${expiresAt}:`);
      io.out(signInLink(config.host, config.port, code));
      return;
    }
    case 'pairing-link': {
      noMorePositionals(0);
      const user = await userNamed(store, await teamNamed(store, values.team), values.user);
      const role = values.role === undefined ? user.role : parseRole(values.role);
      assertMayHold(user, role);
      const base = serverBase(config, values.server);
      const { code, expiresAt } = await store.accounts.createPairingCode({ userId: user.id, role, now });
      io.err(
        `One-time pairing link for ${JSON.stringify(user.name)} (${role}), expires ${expiresAt}; paste it into the extension's options page:`,
      );
      io.out(pairingLink(base, code));
      return;
    }
    case 'purge': {
      noMorePositionals(0);
      const counts = await store.purgeExpired(now);
      io.out(
        `Deleted ${counts.pairingCodes} pairing codes and ${counts.signInCodes} sign-in codes expired over ${GRACE_DAYS} days ago, ` +
          `${counts.abandonedUploads} uploads left incomplete for ${ABANDONED_DAYS} days (${counts.uploadChunks} chunks)`,
      );
      return;
    }
    default:
      throw new AdminError(`unknown command ${JSON.stringify(command ?? '')}; run "npm run admin -- help"`);
  }
}

async function openStore(config: ServerConfig): Promise<Store> {
  if (config.store.kind === 'sqlite') {
    const dataDir = await prepareDataDir(config.dataDir);
    if (!dataDir.ok) throw new AdminError(dataDir.error);
  }
  let store: Store;
  try {
    store = createStore(config.store, { logger: createMemoryLogger() });
  } catch (error) {
    throw new AdminError(`cannot open the SQLite database in ${JSON.stringify(config.dataDir)}: ${errorCode(error)}`);
  }
  const health = await store.health();
  if (!health.ok) {
    await store.close();
    throw new AdminError(
      `the database is not reachable (${config.store.kind === 'postgres' ? 'DATABASE_URL' : 'DATA_DIR'}): ${errorCode(health.error)}`,
    );
  }
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw new AdminError(`database migration failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return store;
}

async function main(): Promise<number> {
  const io: Output = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  try {
    const parsedConfig = parseConfig(process.env);
    if (!parsedConfig.ok) throw new AdminError(parsedConfig.error);
    const argv = process.argv.slice(2);
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
      io.err(USAGE);
      return argv.length === 0 ? 1 : 0;
    }
    const store = await openStore(parsedConfig.config);
    try {
      await run(store, parsedConfig.config, argv, io);
    } finally {
      await store.close();
    }
    return 0;
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    io.err(`admin: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main();
