import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { seedCaller } from '../helpers/accounts.ts';
import {
  type Client,
  client,
  type Member,
  type SeededTeam,
  seedJourney,
  seedTeamMembers,
} from '../helpers/api-harness.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';
import { createIsolatedPostgres, type IsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';
import { pullWhile, pushMany, repeated } from '../helpers/sync-load.ts';

const SAMPLERS = 4;
const BATCHES_PER_SAMPLER = 12;
/** Two processes and a loaded two-core machine: give the load tests room beyond the suite's default. */
const LOAD_TIMEOUT_MS = 90_000;

/**
 * The scale-out story: two server processes over one PostgreSQL database, behind an imaginary load balancer
 * that sends each request to either. Samplers push concurrently, every request to the next instance in turn;
 * they pull in a loop the whole time, also alternating. Nothing pushed may be lost or stored twice, and every
 * sampler's pulls must hold every one of their records exactly once, whichever instance served which page.
 */
describe.skipIf(TEST_DATABASE_URL === undefined)('two server instances over one PostgreSQL database', () => {
  let isolated: IsolatedPostgres;
  let store: Store;
  let servers: RunningServer[] = [];
  let team: SeededTeam;
  let journeyId: string;
  const samplers: Member[] = [];

  beforeAll(async () => {
    isolated = await createIsolatedPostgres(TEST_DATABASE_URL ?? '');
    store = createStore({ kind: 'postgres', url: isolated.url }, { logger: createMemoryLogger() });
    await store.migrate();
    // Seeded before the servers start, so neither makes a first admin of its own.
    team = await seedTeamMembers(store, 'Scaled team');
    samplers.push(team.staff, team.otherStaff);
    for (let i = samplers.length; i < SAMPLERS; i += 1) {
      const { user, token } = await seedCaller(store, { teamId: team.teamId, role: 'staff', name: `sampler ${i}` });
      samplers.push({ userId: user.id, teamId: team.teamId, role: 'staff', token });
    }
    servers = await Promise.all([
      spawnServer({ DATABASE_URL: isolated.url }),
      spawnServer({ DATABASE_URL: isolated.url }),
    ]);
    journeyId = await seedJourney(client(servers[0]?.url ?? '', team.lead.token));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await store?.close();
    await isolated?.drop();
  });

  /** A client that sends each request to the next instance in turn. */
  const roundRobin = (token: string, start: number): (() => Client) => {
    let next = start;
    return () => {
      const server = servers[next % servers.length];
      next += 1;
      if (server === undefined) throw new Error('no server');
      return client(server.url, token);
    };
  };

  it(
    'concurrent pushes and pulls across both: nothing lost, nothing doubled, no cursor skips',
    async () => {
      let writersRunning = true;
      const writers = Promise.all(
        samplers.map((sampler, i) =>
          pushMany(roundRobin(sampler.token, i), {
            samplerId: sampler.userId,
            journeyId,
            batches: BATCHES_PER_SAMPLER,
            ids: createIdGenerator(0x2100 + i),
            clientId: createIdGenerator(0x2200 + i)(),
          }),
        ),
      ).finally(() => {
        writersRunning = false;
      });
      const pullers = Promise.all(
        samplers.map((sampler, i) => pullWhile(roundRobin(sampler.token, i + 1), () => writersRunning)),
      );
      const [pushed, logs] = await Promise.all([writers, pullers]);

      const stored = await testDatabase(store).selectFrom('walkthroughs').select(['id', 'sampler_id', 'rev']).execute();
      const allPushed = pushed.flat();
      expect(new Set(allPushed).size).toBe(allPushed.length);
      expect(stored.map((w) => w.id).sort()).toEqual([...allPushed].sort());
      for (const [i, sampler] of samplers.entries()) {
        const log = logs[i];
        if (log === undefined) throw new Error('missing pull log');
        expect(repeated(log.seen)).toEqual([]);
        const mine = stored
          .filter((w) => w.sampler_id === sampler.userId)
          .map((w) => `walkthrough:${w.id}:${Number(w.rev)}`);
        expect(log.seen.filter((key) => key.startsWith('walkthrough:')).sort()).toEqual(mine.sort());
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it('the same batch pushed to both at once is stored once: one instance accepts each record, the other calls it a duplicate', async () => {
    const ids = createIdGenerator(0x2300);
    const records = Array.from({ length: 50 }, () => ({
      type: 'walkthrough',
      data: makeWalkthrough({ journeyId, samplerId: team.staff.userId }, ids),
    }));
    const answers = await Promise.all(
      servers.flatMap((server) => [0, 1].map(() => client(server.url, team.staff.token).push(records, ids()))),
    );
    const results = answers.map((answer) => pushResponseSchema.parse(answer.body).results);
    for (let index = 0; index < records.length; index += 1) {
      const statuses = results.map((r) => r[index]?.status);
      expect(
        statuses.filter((s) => s === 'accepted'),
        `record ${index}`,
      ).toHaveLength(1);
      expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(answers.length - 1);
    }
    const ids50 = records.map((r) => r.data.id);
    const count = await testDatabase(store)
      .selectFrom('walkthroughs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('id', 'in', ids50)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(records.length);
  });
});
