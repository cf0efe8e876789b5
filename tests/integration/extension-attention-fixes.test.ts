// Walkthroughs of journeys made on the device, refused as unknown_journey, fixed from the side panel's model and
// pushed again, against the real server (createApp over SQLite, reached through `app.request`). IndexedDB for
// the extension's Dexie database, as in the unit-dom project.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamCatalogApi } from '../../extension/catalog/team-catalog-api.ts';
import { saveLaptopJourney } from '../../extension/catalog/testing/refused-walkthroughs.ts';
import type { JourneySamplerDb } from '../../extension/db/journey-sampler-db.ts';
import { useFreshDbs } from '../../extension/db/testing/fresh-db.ts';
import { queueWalkthrough } from '../../extension/db/testing/queue-walkthrough.ts';
import type { FetchLike } from '../../extension/pairing/server-api.ts';
import { readAttentionFixes } from '../../extension/sync/attention-fixes.ts';
import { runSync } from '../../extension/sync/run-sync.ts';
import { createAttentionFixModel } from '../../extension/ui/models/attention-fix-model.ts';
import type { Store } from '../../server/store/store.ts';
import type { Journey, Walkthrough } from '../../shared/schemas/index.ts';
import { makeWalkthroughOfJourney } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { client, openTeam, type SeededTeam, seedJourney } from '../helpers/api-harness.ts';
import { pairDevice, testSyncDeps } from '../helpers/paired-device.ts';
import { type OpenedStore, sqliteStoreFactory } from '../helpers/store-factories.ts';

const SERVER = 'http://sync.test';
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const ids = createIdGenerator(0xf15);

let opened: OpenedStore;
let store: Store;
let team: SeededTeam;
let teamJourneyId: string;
let db: JourneySamplerDb;
let appFetch: FetchLike;

const sync = (options: { force?: boolean } = {}) =>
  runSync(testSyncDeps({ db, fetch: appFetch, now: NOW, ids }), options);

const model = (fetch: FetchLike = appFetch) =>
  createAttentionFixModel({
    db,
    sync,
    now: () => new Date(NOW),
    catalogApi: (url, token) => createTeamCatalogApi(url, token, { fetch }),
  });

/** A completed walkthrough of `journey` with a mark per step, in the outbox as the recorder leaves it. */
const record = (journey: Journey): Promise<Walkthrough> =>
  queueWalkthrough(db, makeWalkthroughOfJourney(journey, ids), new Date(NOW).toISOString());

const freshDb = useFreshDbs();

beforeEach(async () => {
  const { app, ...seeded } = await openTeam(() => sqliteStoreFactory.open(), 'Team A');
  ({ opened, store, team } = seeded);
  teamJourneyId = await seedJourney(client(app, team.lead.token));
  appFetch = async (url, init) => app.request(url, init);
  db = freshDb();
  // A lead's device: leads record walkthroughs too, and only they may add to the team's catalog.
  await pairDevice(db, SERVER, team.lead, { userName: 'Lee', teamName: 'Team A' });
});

afterEach(async () => {
  await opened.dispose();
});

/** A journey made on this device before pairing, and three walkthroughs of it that the server refuses. */
const refusedWalkthroughs = async () => {
  const local = await saveLaptopJourney(db, ids, NOW, 'https://shop.example.com/order/*');
  const walkthroughs = [await record(local), await record(local), await record(local)];
  expect(await sync()).toMatchObject({ status: 'synced', rejected: 3 });
  expect(Object.keys((await readAttentionFixes(db)).unknownJourney)).toHaveLength(3);
  return { local, walkthroughs };
};

describe('fixing walkthroughs of journeys the server does not know', () => {
  it('assigned, kept ad-hoc, or whose journey a lead adds to the catalog: each is then accepted', async () => {
    const { local, walkthroughs } = await refusedWalkthroughs();
    const [assigned, adHoc, added] = walkthroughs;
    if (!assigned || !adHoc || !added) throw new Error('three walkthroughs');
    const fixes = model();
    const serviceId = (await readAttentionFixes(db)).services[0]?.id ?? '';

    await fixes.assign(assigned.id, teamJourneyId);
    await fixes.keepAdHoc(adHoc.id);
    await fixes.addToCatalog(added.id, local.id, serviceId);
    expect(fixes.problem.value).toBeNull();

    // Every fix was pushed at once and accepted: nothing waits, nothing needs attention.
    expect(await db.outbox.count()).toBe(0);
    expect(await store.getWalkthrough(team.teamId, assigned.id)).toMatchObject({
      rev: 2,
      journeyId: teamJourneyId,
      journeyName: 'Reset my password',
    });
    expect(await store.getWalkthrough(team.teamId, adHoc.id)).toMatchObject({
      rev: 2,
      journeyId: null,
      journeyName: 'Order a laptop',
    });
    // Unchanged, the first rev: its journey, with the same id and step ids, is the team's now.
    expect(await store.getWalkthrough(team.teamId, added.id)).toStrictEqual({ ...added, samplerId: null });
    const onServer = await store.getJourney(team.teamId, local.id);
    expect(onServer).toMatchObject({ serviceId, name: 'Order a laptop', steps: local.steps });
    expect(await db.journeys.get(local.id)).toMatchObject({ teamId: team.teamId, serviceId });
  });

  it("adds the journey once even when the server's first answer was lost", async () => {
    const { local, walkthroughs } = await refusedWalkthroughs();
    const serviceId = (await readAttentionFixes(db)).services[0]?.id ?? '';
    let lose = true;
    const lossy: FetchLike = async (url, init) => {
      const answer = await appFetch(url, init);
      if (!lose) return answer;
      lose = false;
      throw new TypeError('Failed to fetch');
    };
    const fixes = model(lossy);
    await fixes.addToCatalog(walkthroughs[0]?.id ?? '', local.id, serviceId);
    expect(fixes.problem.value?.message).toContain('Could not reach');
    // The server made the journey; trying again reads it back (409, then GET) instead of failing.
    await fixes.addToCatalog(walkthroughs[0]?.id ?? '', local.id, serviceId);
    expect(fixes.problem.value).toBeNull();
    expect(await store.listJourneys(team.teamId)).toHaveLength(2);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a staff device adding to the catalog with the server’s reason, and changes nothing', async () => {
    const { local, walkthroughs } = await refusedWalkthroughs();
    await pairDevice(db, SERVER, team.staff, { userName: 'Sam', teamName: 'Team A' });
    const serviceId = (await readAttentionFixes(db)).services[0]?.id ?? '';
    const fixes = model();
    await fixes.addToCatalog(walkthroughs[0]?.id ?? '', local.id, serviceId);
    expect(fixes.problem.value?.message).toContain('did not allow it');
    expect(await store.getJourney(team.teamId, local.id)).toBeUndefined();
    expect(Object.keys((await readAttentionFixes(db)).unknownJourney)).toHaveLength(3);
  });
});
