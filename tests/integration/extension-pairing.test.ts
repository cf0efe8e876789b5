// Pairing on the options page against the real server app (createApp over SQLite in a temp directory).
// IndexedDB for the extension's Dexie database, as in the unit-dom project.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneySamplerDb } from '../../extension/db/journey-sampler-db.ts';
import { readPairing } from '../../extension/db/pairing-setting.ts';
import { useFreshDbs } from '../../extension/db/testing/fresh-db.ts';
import type { FetchLike } from '../../extension/sync/check-connection.ts';
import { describePairing } from '../../extension/sync/pairing.ts';
import { verifyToken } from '../../extension/sync/verify-token.ts';
import { createOptionsModel, type OptionsModel } from '../../extension/ui/models/options-model.ts';
import { type SeededTeam, seedTeamMembers, testApp } from '../helpers/api-harness.ts';
import { type OpenedStore, sqliteStoreFactory } from '../helpers/store-factories.ts';

const SERVER = 'http://sync.test';

let opened: OpenedStore;
let team: SeededTeam;
let db: JourneySamplerDb;
let appFetch: FetchLike;
let accessAsked: string[];

const model = (fetch: FetchLike = appFetch, grant = true): OptionsModel =>
  createOptionsModel(db, {
    checkConnection: () => Promise.resolve({ ok: true, store: 'sqlite' }),
    requestServerAccess: (url) => {
      accessAsked.push(url);
      return Promise.resolve(grant);
    },
    verifyToken: (url, token) => verifyToken(url, token, { fetch }),
  });

const freshDb = useFreshDbs();

beforeEach(async () => {
  opened = await sqliteStoreFactory.open();
  await opened.store.migrate();
  team = await seedTeamMembers(opened.store, 'Support desk');
  const { app } = testApp(opened.store);
  appFetch = async (url, init) => app.request(url, init);
  db = freshDb();
  accessAsked = [];
});

afterEach(async () => {
  await opened.dispose();
});

describe('pairing on the options page', () => {
  it('verifies the token with /me, asks for the server origin, stores the pairing and forgets it on Disconnect', async () => {
    const options = model();
    await options.load();
    options.editAddress(`${SERVER}/`);
    options.editToken(`  ${team.staff.token} `);
    await options.connect();
    expect(accessAsked).toEqual([SERVER]);
    const state = options.pairing.value;
    expect(state.status).toBe('paired');
    if (state.status !== 'paired') return;
    expect(describePairing(state.pairing)).toBe('Connected as Support desk staff (staff) in Support desk');
    // The token is out of the field and not in what the page holds.
    expect(options.token.value).toBe('');
    expect(JSON.stringify(state)).not.toContain(team.staff.token);
    const stored = await readPairing(db);
    expect(stored.status === 'paired' && stored.pairing.token).toBe(team.staff.token);

    await options.disconnect();
    expect(options.pairing.value).toEqual({ status: 'unpaired' });
    expect(await readPairing(db)).toEqual({ status: 'unpaired' });
  });

  it('explains a malformed token without a request, and a refused one after', async () => {
    const options = model();
    options.editAddress(SERVER);
    options.editToken('jsp_short');
    await options.connect();
    expect(options.connecting.value).toMatchObject({ status: 'failed', message: expect.stringContaining('jsp_') });

    options.editToken(`jsp_${'x'.repeat(43)}`);
    await options.connect();
    expect(options.connecting.value).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('does not accept this token'),
    });
    expect(await readPairing(db)).toEqual({ status: 'unpaired' });
  });

  it('says so when the server is unreachable, or is not a Journey Sampler server, or access is declined', async () => {
    const offline = model(() => Promise.reject(new TypeError('Failed to fetch')));
    offline.editAddress(SERVER);
    offline.editToken(team.staff.token);
    await offline.connect();
    expect(offline.connecting.value).toMatchObject({ message: expect.stringContaining('Could not reach') });

    const notOurs = model(async () => new Response('<html>hello</html>', { status: 200 }));
    notOurs.editAddress(SERVER);
    notOurs.editToken(team.staff.token);
    await notOurs.connect();
    expect(notOurs.connecting.value).toMatchObject({ message: expect.stringContaining('not like a Journey Sampler') });

    const declined = model(appFetch, false);
    declined.editAddress(SERVER);
    declined.editToken(team.staff.token);
    await declined.connect();
    expect(declined.connecting.value).toMatchObject({ message: expect.stringContaining('needs access to sync.test') });
    expect(await readPairing(db)).toEqual({ status: 'unpaired' });
  });
});
