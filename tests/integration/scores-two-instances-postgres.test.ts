// Two real server processes on their own loopback ports over one PostgreSQL database (the scale-out story of
// api-two-instances.test.ts, for the scores): samplers push to both while a lead reads the overview from both,
// so both processes catch the same team up at once (store/scores/catch-up.ts takes the team's cursor row FOR
// UPDATE per batch). Once caught up, both give the same counts and asOfChangeSeq, nothing is counted twice, and
// the counts are the walkthroughs as pushed (new revs that moved a walkthrough to another day and out of the
// target included). PostgreSQL only: SQLite is one file opened by one process, so two server processes over one
// SQLite database is not a supported deployment; skipped without TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import { type ScoresOverview, scoresOverviewSchema } from '../../shared/protocol/scores.ts';
import type { Journey } from '../../shared/schemas/journey.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS } from '../fixtures/seeded-ids.ts';
import { seedCaller } from '../helpers/accounts.ts';
import { type Client, client, type Member, type SeededTeam, seedTeamMembers } from '../helpers/api-harness.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';
import { createIsolatedPostgres, type IsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';
import { DAY_MS, journeyWithTargets, walkthroughOf } from './scores-loopback.ts';

const SAMPLERS = 4;
const BATCHES_PER_SAMPLER = 8;
const NEW_PER_BATCH = 15;
/** Walkthroughs of the previous batch pushed again as rev 2: a day earlier and slower (out of the 60 s target). */
const EDITS_PER_BATCH = 3;
const LOAD_TIMEOUT_MS = 120_000;
/** The servers' clock is the real one: walkthroughs start in the last few hours, inside the last 7 days. */
const now = () => new Date(Math.max(Date.now(), FIXTURE_EPOCH_MS));

describe.skipIf(TEST_DATABASE_URL === undefined)(
  'scores from two server processes over one PostgreSQL (needs TEST_DATABASE_URL: a SQLite store belongs to one server process)',
  () => {
    let isolated: IsolatedPostgres;
    let store: Store;
    let servers: RunningServer[] = [];
    let team: SeededTeam;
    let journey: Journey;
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
      expect(new URL(servers[0]?.url ?? '').port).not.toBe(new URL(servers[1]?.url ?? '').port);
      journey = await journeyWithTargets(client(servers[0]?.url ?? '', team.lead.token));
    }, 60_000);
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await store?.close();
      await isolated?.drop();
    });

    const serverUrl = (i: number): string => {
      const server = servers[i % servers.length];
      if (server === undefined) throw new Error('no server');
      return server.url;
    };
    const leadOn = (i: number): Client => client(serverUrl(i), team.lead.token);

    const overviewFrom = async (as: Client): Promise<ScoresOverview> => {
      const answer = await as.get(`/scores/overview?period=7d&journeyId=${journey.id}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return scoresOverviewSchema.parse(answer.body);
    };
    const cardOf = (overview: ScoresOverview) => overview.services[0]?.journeys[0]?.scorecard ?? null;

    /** The latest rev of every walkthrough pushed and accepted, by id. */
    const latest = new Map<string, Walkthrough>();

    /** One sampler's pushes, alternating between the servers: new walkthroughs, and rev 2 of a few earlier ones. */
    async function pushAs(sampler: Member, index: number): Promise<void> {
      const ids = createIdGenerator(0x3100 + index);
      const device = createIdGenerator(0x3200 + index)();
      let previous: Walkthrough[] = [];
      for (let batch = 0; batch < BATCHES_PER_SAMPLER; batch += 1) {
        const fresh = Array.from({ length: NEW_PER_BATCH }, (_, i) =>
          walkthroughOf(journey, sampler.userId, now(), 10 + batch * NEW_PER_BATCH + i, ids, {
            elapsedMs: i % 3 === 0 ? 75_000 : 30_000,
          }),
        );
        const edits = previous.slice(0, EDITS_PER_BATCH).map((w) => ({
          ...w,
          rev: w.rev + 1,
          startedAt: new Date(Date.parse(w.startedAt) - DAY_MS).toISOString(),
          elapsedMs: 90_000,
        }));
        const records = [...fresh, ...edits];
        const answer = await client(serverUrl(index + batch), sampler.token).push(
          records.map((data) => ({ type: 'walkthrough', data })),
          device,
        );
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const results = pushResponseSchema.parse(answer.body).results;
        expect(results.map((r) => r.status)).toEqual(records.map(() => 'accepted'));
        for (const record of records) latest.set(record.id, record);
        previous = fresh;
      }
    }

    it(
      'pushes to both and reads from both at once: the same counts and asOfChangeSeq, nothing counted twice',
      async () => {
        let writersRunning = true;
        const writers = Promise.all(samplers.map((sampler, i) => pushAs(sampler, i))).finally(() => {
          writersRunning = false;
        });
        // Two readers, each alternating between the servers: every read catches the team up first, so the two
        // processes keep catching up the same backlog at the same time.
        const reader = async (start: number) => {
          const seen: number[] = [];
          for (let i = start; writersRunning; i += 1) {
            const overview = await overviewFrom(leadOn(i));
            seen.push(overview.freshness.asOfChangeSeq);
            // Never more than was pushed, whichever process counted what.
            expect(cardOf(overview)?.n ?? 0).toBeLessThanOrEqual(SAMPLERS * BATCHES_PER_SAMPLER * NEW_PER_BATCH);
          }
          return seen;
        };
        const [, ...readers] = await Promise.all([writers, reader(0), reader(1)]);
        // One reader's reads follow each other: the rollups it sees only move forward.
        for (const seen of readers) {
          expect(seen.length).toBeGreaterThan(0);
          expect(seen).toEqual([...seen].sort((a, b) => a - b));
        }

        // Caught up: both processes, asked at once three times each, give the same answer.
        const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => overviewFrom(leadOn(i))));
        const head = await testDatabase(store)
          .selectFrom('change_counters')
          .select('value')
          .where('team_id', '=', team.teamId)
          .executeTakeFirstOrThrow();
        const pushed = [...latest.values()];
        const within = pushed.filter((w) => w.outcome === 'completed' && w.elapsedMs <= 60_000).length;
        for (const answer of answers) {
          expect(answer.freshness.asOfChangeSeq).toBe(Number(head.value));
          const card = cardOf(answer);
          expect(card?.n).toBe(pushed.length);
          expect(card?.attainment).toMatchObject({ n: pushed.length, count: within });
        }
        expect(pushed.length).toBe(SAMPLERS * BATCHES_PER_SAMPLER * NEW_PER_BATCH);
        // Everything but the moment each was computed is the same from either process.
        const withoutClock = (o: ScoresOverview) => ({ ...o, freshness: { ...o.freshness, computedAt: null } });
        for (const answer of answers.slice(1))
          expect(withoutClock(answer)).toEqual(withoutClock(answers[0] as ScoresOverview));
      },
      LOAD_TIMEOUT_MS,
    );

    it(
      'a backlog both processes are asked about at the same moment is folded in once',
      async () => {
        const before = cardOf(await overviewFrom(leadOn(0)))?.n ?? 0;
        // Changes no score read has folded in yet, found by eight reads on both processes at the same moment.
        const ids = createIdGenerator(0x3300);
        const burst = Array.from({ length: 120 }, (_, i) =>
          walkthroughOf(journey, team.staff.userId, now(), 5 + (i % 60), ids),
        );
        const answer = await client(serverUrl(1), team.staff.token).push(
          burst.map((data) => ({ type: 'walkthrough', data })),
          createIdGenerator(0x3400)(),
        );
        expect(answer.status).toBe(200);
        const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => overviewFrom(leadOn(i))));
        const counts = answers.map((o) => cardOf(o)?.n);
        expect(counts).toEqual(answers.map(() => before + burst.length));
        expect(new Set(answers.map((o) => o.freshness.asOfChangeSeq)).size).toBe(1);
      },
      LOAD_TIMEOUT_MS,
    );
  },
);
