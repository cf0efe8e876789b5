import { sql } from 'kysely';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import type { Role } from '../../shared/protocol/accounts.ts';
import { type ErrorEnvelope, errorEnvelopeSchema } from '../../shared/protocol/error.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { journeySchema } from '../../shared/schemas/journey.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import { seedCaller, seedTeam } from './accounts.ts';
import type { OpenedStore } from './store-factories.ts';

export const API = '/api/v1';

/**
 * The device a client's pull names unless a test names one: no test pushes as it, so such a pull gets every
 * walkthrough of the caller's, as a second device of the same sampler would.
 */
export const PULLING_DEVICE = '01900000-0000-7000-8000-00000000d0e5';

/** A user of a test team with a token of their role. */
export type Member = { readonly userId: string; readonly teamId: string; readonly role: Role; readonly token: string };

export type SeededTeam = {
  readonly teamId: string;
  readonly staff: Member;
  readonly lead: Member;
  readonly admin: Member;
  /** A second staff member: for "another sampler of the same team". */
  readonly otherStaff: Member;
};

async function member(store: Store, teamId: string, name: string, role: Role): Promise<Member> {
  const { user, token } = await seedCaller(store, { teamId, role, name });
  return { userId: user.id, teamId, role, token };
}

/** A team with a staff member, a second staff member, a lead and an admin, each holding a token. */
export async function seedTeamMembers(store: Store, name: string): Promise<SeededTeam> {
  const { id: teamId } = await seedTeam(store, name);
  return {
    teamId,
    staff: await member(store, teamId, `${name} staff`, 'staff'),
    otherStaff: await member(store, teamId, `${name} staff 2`, 'staff'),
    lead: await member(store, teamId, `${name} lead`, 'lead'),
    admin: await member(store, teamId, `${name} admin`, 'admin'),
  };
}

/** Anything with Hono's `request` (an app) or a base URL of a running server. */
export type Target = { request(path: string, init?: RequestInit): Response | Promise<Response> } | string;

export type Answer = { readonly status: number; readonly body: unknown; readonly response: Response };

/** A minimal JSON client for one caller (`token` undefined: no Authorization header). */
export function client(target: Target, token?: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const response =
      typeof target === 'string'
        ? await fetch(`${target}${API}${path}`, init)
        : await target.request(`${API}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text), response };
  };
  /** Any body and headers (chunks of raw bytes, say); the answer's body is left for the caller to read. */
  const raw = (
    method: string,
    path: string,
    { body, headers = {} }: { readonly body?: BodyInit; readonly headers?: Readonly<Record<string, string>> } = {},
  ): Promise<Response> => {
    const init: RequestInit = {
      method,
      headers: { ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }), ...headers },
      ...(body === undefined ? {} : { body }),
    };
    return Promise.resolve(
      typeof target === 'string' ? fetch(`${target}${API}${path}`, init) : target.request(`${API}${path}`, init),
    );
  };
  return {
    request: call,
    raw,
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    push: (records: readonly unknown[], clientId: string) =>
      call('POST', '/sync/push', { protocolVersion: PROTOCOL_VERSION, clientId, records }),
    /** A pull of the current protocol as device `clientId`: what it pushed itself is left out. */
    pull: (cursor: string | null, limit?: number, clientId = PULLING_DEVICE) =>
      call('POST', '/sync/pull', {
        protocolVersion: PROTOCOL_VERSION,
        clientId,
        cursor,
        ...(limit === undefined ? {} : { limit }),
      }),
  };
}

export type Client = ReturnType<typeof client>;

/** The body of an error answer, checked against the envelope schema. */
export const envelope = (answer: Answer): ErrorEnvelope => errorEnvelopeSchema.parse(answer.body);

/** The real app (createApp) over `store`, with a memory logger the test can inspect. */
export function testApp(store: Store) {
  const logger = createMemoryLogger();
  const app = createApp({ store, logger });
  return { app, logger };
}

/**
 * A brand-new store from `open`, migrated, with what `seed` puts in, and the real app over it. The store is
 * disposed here if the setup fails part way.
 */
async function openSeeded<T extends object>(open: () => Promise<OpenedStore>, seed: (store: Store) => Promise<T>) {
  const opened = await open();
  try {
    const { store } = opened;
    await store.migrate();
    const seeded = await seed(store);
    const { app } = testApp(store);
    return { opened, store, app, ...seeded };
  } catch (error) {
    await opened.dispose();
    throw error;
  }
}

/** What the API suites start from: "Team A" and "Team B" seeded (seedTeamMembers) in a new store, the app over it. */
export const openTwoTeams = (open: () => Promise<OpenedStore>) =>
  openSeeded(open, async (store) => {
    const teamA = await seedTeamMembers(store, 'Team A');
    const teamB = await seedTeamMembers(store, 'Team B');
    return { teamA, teamB };
  });

/** One team, `name`, seeded (seedTeamMembers) in a new store, and the app over it: an in-process sync server. */
export const openTeam = (open: () => Promise<OpenedStore>, name: string) =>
  openSeeded(open, async (store) => ({ team: await seedTeamMembers(store, name) }));

/** The record tables, every row, in key order: what "a replay changes nothing" is checked against. */
export async function dumpRecords(store: Store): Promise<string> {
  const tables = [
    ['teams', 'id'],
    ['change_counters', 'team_id'],
    ['services', 'id'],
    ['journeys', 'id'],
    ['journey_targets', 'journey_id'],
    ['walkthroughs', 'id'],
    ['feedback', 'id'],
  ] as const;
  const dump: Record<string, unknown[]> = {};
  for (const [table, key] of tables) {
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} order by ${sql.ref(key)}`.execute(testDatabase(store));
    // pg gives bigint as text, SQLite as numbers: one spelling so both dumps compare the same way.
    dump[table] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])));
  }
  return JSON.stringify(dump);
}

/** A service and a journey of the lead's team, made through the API. */
export async function seedJourney(lead: Client): Promise<string> {
  const service = serviceSchema.parse((await lead.post('/services', { name: 'Portal' })).body);
  const journey = await lead.post('/journeys', {
    serviceId: service.id,
    name: 'Reset my password',
    steps: [{ name: 'Open the portal' }],
  });
  return journeySchema.parse(journey.body).id;
}
