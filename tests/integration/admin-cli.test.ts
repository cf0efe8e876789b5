import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { SQLITE_FILE_NAME } from '../../server/config.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import { EXPIRED_CODE_GRACE_MS } from '../../server/store/queries/housekeeping.ts';
import type { Store } from '../../server/store/store.ts';
import { meResponseSchema } from '../../shared/protocol/accounts.ts';
import { parsePairingLink, redeemPairingResponseSchema } from '../../shared/protocol/pairing.ts';
import { seedCaller, seedTeam } from '../helpers/accounts.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

type Run = { readonly code: number | null; readonly stdout: string; readonly stderr: string };

/** `npm run admin -- …args` without npm: the same command line the script entry in package.json runs. */
function admin(env: Record<string, string>, ...args: string[]): Promise<Run> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'DATA_DIR', 'HOST', 'PORT'].includes(name)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A failure: exit code 1, nothing on stdout, one line on stderr starting "admin: ". */
function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^admin: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('npm run admin', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'js-admin-'));
    env = { DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Asks the server app, over the store the CLI wrote, who a token is. */
  async function whoIs(authorization: Record<string, string>): Promise<Response> {
    const store: Store = createStore(
      { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) },
      { logger: createMemoryLogger() },
    );
    try {
      return await createApp({ store, logger: createMemoryLogger() }).request('/api/v1/me', { headers: authorization });
    } finally {
      await store.close();
    }
  }

  it('prints usage and exits 1 without a command; refuses unknown commands and options in one line', async () => {
    const bare = await admin(env);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('create-token --role');
    expectOneLineError(await admin(env, 'make-coffee'), /unknown command "make-coffee"/);
    expectOneLineError(await admin(env, 'create-team', 'X', '--colour', 'red'), /--colour/);
  });

  let leadToken = '';
  let staffTokenId = '';
  let staffToken = '';

  it('creates a team, refusing a duplicate name', async () => {
    const created = await admin(env, 'create-team', 'Field support');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created team "Field support" \([0-9a-f-]{36}\)\n$/);
    expectOneLineError(await admin(env, 'create-team', 'Field support'), /a team named "Field support" exists/);
  });

  it('creates users, naming what is wrong with bad input', async () => {
    const created = await admin(env, 'create-user', '--team', 'Field support', '--name', 'Sam', '--role', 'staff');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created staff "Sam" in team "Field support"/);
    expectOneLineError(
      await admin(env, 'create-user', '--team', 'Field support', '--name', 'Sam', '--role', 'staff'),
      /has a user named "Sam"/,
    );
    expectOneLineError(
      await admin(env, 'create-user', '--team', 'Field support', '--name', 'Kim', '--role', 'boss'),
      /--role must be staff, lead, admin \(got "boss"\)/,
    );
    expectOneLineError(
      await admin(env, 'create-user', '--team', 'Nowhere', '--name', 'Kim', '--role', 'staff'),
      /no team named "Nowhere"/,
    );
    expectOneLineError(
      await admin(env, 'create-user', '--team', 'Field support', '--role', 'staff'),
      /--name is required/,
    );
  });

  it('creates a token for a new lead, printed alone on stdout, that the server accepts', async () => {
    const run = await admin(env, 'create-token', '--role', 'lead', '--team', 'Field support');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^jsp_[A-Za-z0-9_-]{43}\n$/);
    expect(run.stderr).toContain('Created lead "lead" in team "Field support"');
    leadToken = run.stdout.trim();
    const response = await whoIs({ Authorization: `Bearer ${leadToken}` });
    expect(meResponseSchema.parse(await response.json())).toMatchObject({
      role: 'lead',
      via: 'token',
      user: { name: 'lead' },
      team: { name: 'Field support' },
    });
  });

  it('creates a token for a named user, never above their role', async () => {
    const run = await admin(
      env,
      'create-token',
      '--role',
      'staff',
      '--team',
      'Field support',
      '--user',
      'Sam',
      '--label',
      'laptop',
    );
    expect(run.code).toBe(0);
    staffToken = run.stdout.trim();
    staffTokenId = /Token ([0-9a-f-]{36})/.exec(run.stderr)?.[1] ?? '';
    expect(staffTokenId).not.toBe('');
    expectOneLineError(
      await admin(env, 'create-token', '--role', 'lead', '--team', 'Field support', '--user', 'Sam'),
      /"Sam" is staff: cannot hold a lead token/,
    );
    expectOneLineError(
      await admin(env, 'create-token', '--role', 'staff', '--team', 'Field support', '--user', 'Nobody'),
      /no user named "Nobody"/,
    );
  });

  it("lists a team's tokens by hint, never the tokens themselves", async () => {
    const run = await admin(env, 'list-tokens', '--team', 'Field support');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(run.stdout).toContain(staffTokenId);
    expect(run.stdout).toContain('"laptop"');
    expect(run.stdout).toContain(staffToken.slice(0, 8));
    expect(run.stdout).not.toContain(staffToken.slice(8));
    expect(run.stdout).not.toContain(leadToken.slice(8));
    expect(lines.every((line) => line.endsWith('active'))).toBe(true);
  });

  it('revokes a token by id, effective at once', async () => {
    expect((await whoIs({ Authorization: `Bearer ${staffToken}` })).status).toBe(200);
    const run = await admin(env, 'revoke-token', staffTokenId);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Revoked token ${staffTokenId}`));
    expect((await whoIs({ Authorization: `Bearer ${staffToken}` })).status).toBe(401);
    expectOneLineError(await admin(env, 'revoke-token', '019b8d62-7a81-7fff-8fff-000000000009'), /no token/);
    expectOneLineError(await admin(env, 'revoke-token', 'not-an-id'), /the token ID is not valid/);
  });

  it('issues a one-time sign-in link', async () => {
    const run = await admin(env, 'sign-in-link', '--team', 'Field support', '--user', 'lead');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:8787\/sign-in#code=[A-Za-z0-9_-]{43}\n$/);
  });

  it('issues a one-time pairing link that the server redeems once for a token of that user', async () => {
    const run = await admin(env, 'pairing-link', '--team', 'Field support', '--user', 'Sam');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:8787\/pair#code=[A-Za-z0-9_-]{43}\n$/);
    expect(run.stderr).toContain('pairing link for "Sam" (staff)');
    const parsed = parsePairingLink(run.stdout);
    if (!parsed.ok) throw new Error(parsed.message);
    const store = createStore(
      { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) },
      { logger: createMemoryLogger() },
    );
    try {
      const app = createApp({ store, logger: createMemoryLogger() });
      const redeem = () =>
        app.request('/api/v1/pairing/redeem', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: parsed.code }),
        });
      const first = await redeem();
      const { token } = redeemPairingResponseSchema.parse(await first.json());
      expect((await redeem()).status).toBe(409);
      const me = await app.request('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
      expect(meResponseSchema.parse(await me.json())).toMatchObject({ role: 'staff', user: { name: 'Sam' } });
    } finally {
      await store.close();
    }

    const named = await admin(
      env,
      'pairing-link',
      '--team',
      'Field support',
      '--user',
      'lead',
      '--role',
      'staff',
      '--server',
      'https://journeys.example.com/',
    );
    expect(named.stdout).toMatch(/^https:\/\/journeys\.example\.com\/pair#code=[A-Za-z0-9_-]{43}\n$/);
    expect(named.stderr).toContain('"lead" (staff)');
    expectOneLineError(
      await admin(env, 'pairing-link', '--team', 'Field support', '--user', 'Sam', '--role', 'lead'),
      /"Sam" is staff: cannot hold a lead token/,
    );
    expectOneLineError(
      await admin(env, 'pairing-link', '--team', 'Field support', '--user', 'Sam', '--server', 'journeys.example.com'),
      /--server must be an http\(s\) address/,
    );
  });

  it('purges codes expired over a week ago at once, and says how many went', async () => {
    const store = createStore(
      { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) },
      { logger: createMemoryLogger() },
    );
    let recent: string;
    try {
      const team = await seedTeam(store, 'Housekeeping');
      const staff = await seedCaller(store, { teamId: team.id, role: 'staff' });
      const longAgo = new Date(Date.now() - EXPIRED_CODE_GRACE_MS - 24 * 60 * 60 * 1000);
      await store.accounts.createPairingCode({ userId: staff.user.id, now: longAgo });
      await store.accounts.createSignInCode({ userId: staff.user.id, now: longAgo });
      await store.accounts.createSignInCode({ userId: staff.user.id, now: longAgo });
      recent = (await store.accounts.createPairingCode({ userId: staff.user.id, now: new Date(Date.now() - 60_000) }))
        .code;
    } finally {
      await store.close();
    }
    const run = await admin(env, 'purge');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'Deleted 1 pairing codes and 2 sign-in codes expired over 7 days ago, 0 uploads left incomplete for 30 days (0 chunks)\n',
    );
    expect((await admin(env, 'purge')).stdout).toMatch(/^Deleted 0 pairing codes and 0 sign-in codes/);
    const after = createStore(
      { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) },
      { logger: createMemoryLogger() },
    );
    try {
      expect(await after.accounts.redeemPairingCode({ code: recent, label: 'laptop', now: new Date() })).toMatchObject({
        ok: true,
      });
    } finally {
      await after.close();
    }
  });

  it('reports a database it cannot use in one line', async () => {
    expectOneLineError(
      await admin({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x' }, 'create-team', 'X'),
      /DATABASE_URL.*ECONNREFUSED/,
    );
  });
});
