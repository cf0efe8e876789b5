// Group commit (server/store/push/group-commit.ts) where it matters: the real server process on SQLite, several
// samplers pushing at once over loopback HTTP, so their pushes share transactions. Every push must get the answer
// it would get alone (new records accepted, a replay of the previous batch all duplicates), a push that fails
// (a trigger stands in for a database fault) must not touch the others, and a SIGKILL in the middle of the stream
// must not lose a record the server acknowledged: nobody is answered before their transaction is on disk.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../server/config.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeJourney } from '../fixtures/make-journey.ts';
import { makeService } from '../fixtures/make-service.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { seedCaller } from '../helpers/accounts.ts';
import { client, type Member, seedTeamMembers } from '../helpers/api-harness.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';

const SAMPLERS = 6;
/** The server is killed once this many records have been acknowledged. */
const ACKED_BEFORE_KILL = 240;
/** Every fifth push of a sampler replays its previous batch; every seventh of the first sampler fails. */
const REPLAY_EVERY = 5;
const FAIL_EVERY = 7;
/** elapsedMs that the injected trigger refuses. */
const FAILING_ELAPSED_MS = 4242;
/** Two server starts and a few hundred requests on a loaded two-core machine. */
const TIMEOUT_MS = 120_000;

type Sent = { readonly sampler: Member; readonly batch: readonly Walkthrough[]; readonly expect: 'ok' | 'fail' };

let dataDir: string;
let samplers: Member[];
let journeyId: string;
let server: RunningServer | undefined;

const openStore = (): Store =>
  createStore({ kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) }, { logger: createMemoryLogger() });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'js-group-commit-'));
  // Seeded in the very file the server will open, before it starts.
  const store = openStore();
  try {
    await store.migrate();
    const team = await seedTeamMembers(store, 'Field support');
    samplers = [team.staff, team.otherStaff];
    for (let i = samplers.length; i < SAMPLERS; i += 1) {
      const { user, token } = await seedCaller(store, { teamId: team.teamId, role: 'staff', name: `sampler ${i}` });
      samplers.push({ userId: user.id, teamId: team.teamId, role: 'staff', token });
    }
    const ids = createIdGenerator(0x9c0);
    const service = makeService({ id: ids(), teamId: team.teamId });
    await store.putService(team.teamId, service);
    const journey = makeJourney({ id: ids(), teamId: team.teamId, serviceId: service.id });
    await store.putJourney(team.teamId, journey);
    journeyId = journey.id;
    await sql`create trigger fail_push before insert on walkthroughs when new.elapsed_ms = ${sql.lit(FAILING_ELAPSED_MS)}
      begin select raise(abort, 'injected failure'); end`.execute(testDatabase(store));
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const statusesOf = (body: unknown): string[] => pushResponseSchema.parse(body).results.map((r) => r.status);

describe('group commit in the real server process (SQLite)', () => {
  it(
    'answers concurrent pushes as if alone, isolates a failing one, and loses no acknowledged record to SIGKILL',
    async () => {
      server = await spawnServer({ DATA_DIR: dataDir });
      const running = server;
      const sent: Sent[] = [];
      const acked = new Map<string, Walkthrough>();
      const wrongAnswers: string[] = [];
      let killed = false;
      let cutOff = 0;

      // One sampler's stream: push until the server is gone. Each answer is checked against what the push
      // would get alone; acknowledged records are remembered to look for after the crash.
      const stream = async (sampler: Member, index: number): Promise<void> => {
        const ids = createIdGenerator(0x9d0 + index);
        const as = client(running.url, sampler.token);
        let previous: Walkthrough[] = [];
        // No stop flag: a stream ends only on a push the dead server never answers. Stopping at a flag let every
        // stream finish between answers when one group commit answered them all at once, so no push was cut off.
        for (let n = 1; ; n += 1) {
          const fails = index === 0 && n % FAIL_EVERY === 0;
          const replay = !fails && n % REPLAY_EVERY === 0 && previous.length > 0;
          const batch = replay
            ? previous
            : Array.from({ length: 1 + (n % 3) }, (_, i) =>
                makeWalkthrough(
                  {
                    journeyId,
                    samplerId: sampler.userId,
                    ...(fails && i === 0 ? { elapsedMs: FAILING_ELAPSED_MS } : {}),
                  },
                  ids,
                ),
              );
          sent.push({ sampler, batch, expect: fails ? 'fail' : 'ok' });
          let answer: Awaited<ReturnType<typeof as.push>>;
          try {
            answer = await as.push(
              batch.map((data) => ({ type: 'walkthrough', data })),
              ids(),
            );
          } catch {
            // The connection died with the server: this push was never acknowledged.
            cutOff += 1;
            return;
          }
          if (fails) {
            if (answer.status !== 500) wrongAnswers.push(`failing push answered ${answer.status}`);
            continue;
          }
          const expected = batch.map(() => (replay ? 'duplicate' : 'accepted'));
          const got = answer.status === 200 ? statusesOf(answer.body) : [`HTTP ${answer.status}`];
          if (JSON.stringify(got) !== JSON.stringify(expected)) wrongAnswers.push(`${got} for ${expected}`);
          for (const w of batch) acked.set(w.id, w);
          if (!replay) previous = batch;
          if (!killed && acked.size >= ACKED_BEFORE_KILL) {
            killed = true;
            running.process.kill('SIGKILL');
          }
        }
      };
      await Promise.all(samplers.map(stream));
      await running.stop();

      expect(wrongAnswers).toEqual([]);
      expect(running.process.signalCode).toBe('SIGKILL');
      // The kill landed in the middle of the streams: each of them ended on a push cut off unanswered.
      expect(cutOff).toBe(samplers.length);

      // Every acknowledged record is on disk, byte-equal, and the file is sound.
      const store = openStore();
      try {
        const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(testDatabase(store));
        expect(rows).toEqual([{ integrity_check: 'ok' }]);
        const stored = await testDatabase(store).selectFrom('walkthroughs').select(['id', 'record_json']).execute();
        const byId = new Map(stored.map((row) => [row.id, row.record_json]));
        const missing = [...acked.values()].filter((w) => byId.get(w.id) !== JSON.stringify(w)).map((w) => w.id);
        expect(missing).toEqual([]);
        // The failing pushes left nothing, not even their other records.
        const failed = sent.filter((s) => s.expect === 'fail').flatMap((s) => s.batch.map((w) => w.id));
        expect(failed.length).toBeGreaterThan(0);
        expect(failed.filter((id) => byId.has(id))).toEqual([]);
      } finally {
        await store.close();
      }

      // After a restart, every push ever sent can be replayed: what was acknowledged is a duplicate, what was cut
      // off lands now (or is a duplicate: stored, but its answer was lost with the process).
      server = await spawnServer({ DATA_DIR: dataDir });
      const restarted = server;
      for (const { sampler, batch } of sent.filter((s) => s.expect === 'ok')) {
        const answer = await client(restarted.url, sampler.token).push(
          batch.map((data) => ({ type: 'walkthrough', data })),
          sampler.userId,
        );
        expect(answer.status).toBe(200);
        const statuses = statusesOf(answer.body);
        batch.forEach((w, i) => {
          expect(statuses[i]).toEqual(acked.has(w.id) ? 'duplicate' : expect.stringMatching(/^(accepted|duplicate)$/));
        });
      }
    },
    TIMEOUT_MS,
  );
});
