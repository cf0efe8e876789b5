import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { seedCaller } from '../helpers/accounts.ts';
import { client, type Member, seedJourney, seedTeamMembers, testApp } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';
import { pullWhile, pushMany, repeated } from '../helpers/sync-load.ts';

const SAMPLERS = 5;
const BATCHES_PER_SAMPLER = 30;
const CATALOG_EDITS = 20;
/** Many concurrent transactions on a loaded two-core machine: room beyond the suite's default. */
const LOAD_TIMEOUT_MS = 90_000;

/**
 * The pull cursor's promise, tested where it can break: PostgreSQL, many transactions in flight at once (the
 * pool holds 10 connections). Several samplers of one team push small batches concurrently while a lead edits
 * the catalog, and every sampler pulls in a loop the whole time, each with a small page size so the cursor
 * moves often. Afterwards each sampler's pulls must hold every stored record of theirs and every catalog
 * change exactly once: a cursor that skipped a row committed late would miss one, a cursor that went back
 * would repeat one. On SQLite the same test runs too (writers are serialised there anyway).
 */
describe.each(storeFactories())('sync under concurrent writers on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it(
    'pulls in a loop during concurrent pushes and catalog edits: the union of pulls is exactly what is stored',
    async () => {
      const team = await seedTeamMembers(store, 'Busy team');
      const { app } = testApp(store);
      const lead = client(app, team.lead.token);
      const journeyId = await seedJourney(lead);
      const samplers: Member[] = [team.staff, team.otherStaff];
      for (let i = samplers.length; i < SAMPLERS; i += 1) {
        const { user, token } = await seedCaller(store, { teamId: team.teamId, role: 'staff', name: `sampler ${i}` });
        samplers.push({ userId: user.id, teamId: team.teamId, role: 'staff', token });
      }

      let writersRunning = true;
      const writers = Promise.all([
        ...samplers.map((sampler, i) =>
          pushMany(() => client(app, sampler.token), {
            samplerId: sampler.userId,
            journeyId,
            batches: BATCHES_PER_SAMPLER,
            ids: createIdGenerator(0xc0 + i),
            clientId: createIdGenerator(0xd0 + i)(),
          }),
        ),
        (async () => {
          // Catalog changes interleave with the pushes in the team's change sequence: create, then edit.
          for (let i = 0; i < CATALOG_EDITS; i += 1) {
            const service = serviceSchema.parse((await lead.post('/services', { name: `Service ${i}` })).body);
            expect(
              (await lead.put(`/services/${service.id}`, { rev: 1, name: `Service ${i}'`, description: '' })).status,
            ).toBe(200);
          }
          return [];
        })(),
      ]).finally(() => {
        writersRunning = false;
      });
      const pullers = Promise.all(
        samplers.map((sampler) =>
          pullWhile(
            () => client(app, sampler.token),
            () => writersRunning,
          ),
        ),
      );
      const [pushed, logs] = await Promise.all([writers, pullers]);

      const services = await store.listServices(team.teamId);
      const journeys = await store.listJourneys(team.teamId);
      const targets = await store.listJourneyTargets(team.teamId);
      for (const [i, sampler] of samplers.entries()) {
        const log = logs[i];
        if (log === undefined) throw new Error('missing pull log');
        // The pulls ran concurrently with the writers, not just after them.
        expect(log.pages).toBeGreaterThan(1);
        expect(repeated(log.seen)).toEqual([]);

        const stored = await testDatabase(store)
          .selectFrom('walkthroughs')
          .select(['id', 'rev'])
          .where('sampler_id', '=', sampler.userId)
          .execute();
        expect(stored).toHaveLength(pushed[i]?.length ?? -1);
        const pulledWalkthroughs = log.seen.filter((key) => key.startsWith('walkthrough:')).sort();
        expect(pulledWalkthroughs).toEqual(stored.map((w) => `walkthrough:${w.id}:${Number(w.rev)}`).sort());

        // Every service was created (rev 1) and edited (rev 2): a sampler pulling all along may see either rev 1
        // then rev 2, or only rev 2; never miss the final one, never see one twice.
        const pulledServices = log.seen.filter((key) => key.startsWith('service:'));
        for (const service of services) {
          expect(pulledServices, service.id).toContain(`service:${service.id}:${service.rev}`);
        }
        expect(new Set(pulledServices.map((key) => key.split(':')[1]))).toEqual(new Set(services.map((s) => s.id)));
        expect(log.seen.filter((key) => key.startsWith('journey:'))).toEqual(
          journeys.map((j) => `journey:${j.id}:${j.rev}`),
        );
        expect(log.seen.filter((key) => key.startsWith('targets:'))).toEqual(
          targets.map((t) => `targets:${t.journeyId}:${t.rev}`),
        );
      }
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    "a device pulling while it and the sampler's other device push: exactly the other device's walkthroughs, once",
    async () => {
      const team = await seedTeamMembers(store, 'Two devices');
      const { app } = testApp(store);
      const journeyId = await seedJourney(client(app, team.lead.token));
      const desktop = createIdGenerator(0xe0)();
      const laptop = createIdGenerator(0xe1)();
      const staff = () => client(app, team.staff.token);
      const pushing = (seed: number, clientId: string) =>
        pushMany(staff, {
          samplerId: team.staff.userId,
          journeyId,
          batches: BATCHES_PER_SAMPLER,
          ids: createIdGenerator(seed),
          clientId,
        });

      let writersRunning = true;
      const writers = Promise.all([pushing(0xe2, desktop), pushing(0xe3, laptop)]).finally(() => {
        writersRunning = false;
      });
      // Pages of 3 over mostly left-out rows: the cursor moves past the desktop's own pushes as they commit.
      const puller = pullWhile(staff, () => writersRunning, { clientId: desktop, limit: 3 });
      const [[, fromLaptop], log] = await Promise.all([writers, puller]);

      expect(log.pages).toBeGreaterThan(1);
      expect(repeated(log.seen)).toEqual([]);
      expect(log.seen.filter((key) => key.startsWith('walkthrough:')).sort()).toEqual(
        fromLaptop.map((id) => `walkthrough:${id}:1`).sort(),
      );
      expect(log.seen.filter((key) => key.startsWith('journey:'))).toEqual([`journey:${journeyId}:1`]);
    },
    LOAD_TIMEOUT_MS,
  );

  it('replays of the same batch racing each other store each record once', async () => {
    const team = await seedTeamMembers(store, 'Racing team');
    const { app } = testApp(store);
    const journeyId = await seedJourney(client(app, team.lead.token));
    const ids = createIdGenerator(0xace);
    const batch = Array.from({ length: 20 }, () => ({
      type: 'walkthrough',
      data: makeWalkthrough({ journeyId, samplerId: team.staff.userId }, ids),
    }));
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => client(app, team.staff.token).push(batch, ids())),
    );
    const statuses = answers.map((a) => (a.body as { results: { status: string }[] }).results.map((r) => r.status));
    for (let record = 0; record < batch.length; record += 1) {
      expect(statuses.map((s) => s[record]).filter((s) => s === 'accepted')).toHaveLength(1);
    }
    const count = await testDatabase(store)
      .selectFrom('walkthroughs')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(batch.length);
  });
});
