// Pairing on the options page against the real server app (createApp over SQLite in a temp directory).
// IndexedDB for the extension's Dexie database, as in the unit-dom project.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneySamplerDb } from '../../extension/db/journey-sampler-db.ts';
import { readPairing } from '../../extension/db/pairing-setting.ts';
import { useFreshDbs } from '../../extension/db/testing/fresh-db.ts';
import { redeemPairingCode } from '../../extension/pairing/pairing-redeem.ts';
import { describePairing } from '../../extension/pairing/pairing-summary.ts';
import type { FetchLike } from '../../extension/pairing/server-api.ts';
import { verifyToken } from '../../extension/pairing/verify-token.ts';
import { createOptionsModel, type OptionsModel } from '../../extension/ui/models/options-model.ts';
import { tokensResponseSchema } from '../../shared/protocol/accounts.ts';
import { createPairingResponseSchema } from '../../shared/protocol/pairing.ts';
import { openTeam, type SeededTeam } from '../helpers/api-harness.ts';
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
    redeemPairingCode: (url, code) => redeemPairingCode(url, code, 'Journey Sampler on Test 1 (Linux)', { fetch }),
  });

/** A pairing link minted by the server for the holder of `token`, naming the address the request reached. */
const mintLink = async (token: string, body: object = {}): Promise<string> => {
  const response = await appFetch(`${SERVER}/api/v1/pairing`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return createPairingResponseSchema.parse(await response.json()).link;
};

const freshDb = useFreshDbs();

beforeEach(async () => {
  const { app, ...seeded } = await openTeam(() => sqliteStoreFactory.open(), 'Support desk');
  ({ opened, team } = seeded);
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

  it('pairs with a pasted link: asks for the server origin in the click, redeems the code once, verifies it', async () => {
    const link = await mintLink(team.lead.token, { userId: team.staff.userId });
    expect(link.startsWith(`${SERVER}/pair#code=`)).toBe(true);
    const options = model();
    await options.load();
    options.editLink(`  ${link}  `);
    await options.pairWithLink();
    expect(accessAsked).toEqual([SERVER]);
    expect(options.linking.value).toEqual({ status: 'idle' });
    const state = options.pairing.value;
    expect(state.status === 'paired' && describePairing(state.pairing)).toBe(
      'Connected as Support desk staff (staff) in Support desk',
    );
    // The address field and the saved address follow the link; the spent link is out of the field.
    expect(options.address.value).toBe(SERVER);
    expect(options.saved.value).toEqual({ status: 'set', url: SERVER });
    expect(options.link.value).toBe('');
    const stored = await readPairing(db);
    if (stored.status !== 'paired') throw new Error('not stored');
    // A new token of that user, named for this browser, listed (and so revocable) like any other.
    const listed = await appFetch(`${SERVER}/api/v1/tokens`, {
      headers: { Authorization: `Bearer ${team.staff.token}` },
    });
    const labels = tokensResponseSchema.parse(await listed.json()).tokens.map((t) => t.label);
    expect(labels).toContain('Journey Sampler on Test 1 (Linux)');
    expect(stored.pairing.token).not.toBe(team.staff.token);

    // The same link again (another device, or someone who saw it): refused, with the server's reason.
    await options.disconnect();
    options.editLink(link);
    await options.pairWithLink();
    expect(options.linking.value).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('already been used'),
    });
    expect(await readPairing(db)).toEqual({ status: 'unpaired' });
  });

  it('explains a link that is not one, and one whose server is unreachable or was not allowed', async () => {
    const options = model();
    options.editLink('https://journeys.example.com/sign-in#code=abc');
    await options.pairWithLink();
    expect(options.linking.value).toMatchObject({ message: expect.stringContaining('not a pairing link') });
    expect(accessAsked).toEqual([]);

    const link = await mintLink(team.staff.token);
    const offline = model(() => Promise.reject(new TypeError('Failed to fetch')));
    offline.editLink(link);
    await offline.pairWithLink();
    expect(offline.linking.value).toMatchObject({ message: expect.stringContaining('Could not reach') });

    const declined = model(appFetch, false);
    declined.editLink(link);
    await declined.pairWithLink();
    expect(declined.linking.value).toMatchObject({ message: expect.stringContaining('Press Pair again') });
    // Neither attempt spent the code: it still pairs.
    const options2 = model();
    options2.editLink(link);
    await options2.pairWithLink();
    expect(options2.pairing.value.status).toBe('paired');
  });
});
