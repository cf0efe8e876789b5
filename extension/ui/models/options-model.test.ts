import { describe, expect, it } from 'vitest';
import type { Pairing } from '../../db/pairing.ts';
import { readPairing } from '../../db/pairing-setting.ts';
import { type ServerUrl, serverUrlSchema } from '../../db/server-url.ts';
import { readServerUrl, saveServerUrl } from '../../db/server-url-setting.ts';
import { useFreshDbs } from '../../db/testing/fresh-db.ts';
import type { PairedOutcome } from '../../messaging/paired-reply.ts';
import type { ConnectionCheck } from '../../pairing/check-connection.ts';
import { NOT_PAIRED_TEXT } from '../../pairing/pairing-summary.ts';
import type { SyncOutcome } from '../../sync/run-sync.ts';
import { createOptionsModel, type OptionsDeps } from './options-model.ts';

/** Only the connection check matters in these tests: pairing has its own (tests/integration/extension-pairing.test.ts). */
const withCheck = (checkConnection: OptionsDeps['checkConnection']): OptionsDeps => ({
  checkConnection,
  requestServerAccess: () => Promise.resolve(true),
  verifyToken: () => Promise.resolve({ ok: false, problem: 'failed', message: 'not in these tests' }),
  redeemPairingCode: () => Promise.resolve({ ok: false, problem: 'failed', message: 'not in these tests' }),
});

const freshDb = useFreshDbs();

const PAIRING: Pairing = {
  serverUrl: serverUrlSchema.parse('https://journeys.example.com'),
  token: `jsp_${'t'.repeat(43)}`,
  userId: '019b8d62-7a8a-751c-8000-000000000001',
  userName: 'Sam',
  role: 'staff',
  teamId: '019b8d62-7a8a-751c-8000-000000000002',
  teamName: 'Service desk',
};

/** A connection check the test answers by hand, so ordering is explicit instead of timed. */
const manualCheck = () => {
  const pending: Array<{ url: ServerUrl; answer: (result: ConnectionCheck) => void }> = [];
  const check = (url: ServerUrl) => new Promise<ConnectionCheck>((answer) => pending.push({ url, answer }));
  return { check, pending };
};

const untilCalled = async (pending: readonly unknown[], count: number): Promise<void> => {
  // Saving goes through IndexedDB first; yield to it until the check has been asked for.
  for (let i = 0; i < 100 && pending.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  expect(pending.length).toBe(count);
};

describe('options model', () => {
  it('loads the saved address into the field', async () => {
    const db = freshDb();
    await saveServerUrl(db, serverUrlSchema.parse('https://journeys.example.com'));
    const model = createOptionsModel(db, withCheck(manualCheck().check));
    await model.load();
    expect(model.address.value).toBe('https://journeys.example.com');
    expect(model.saved.value).toEqual({ status: 'set', url: 'https://journeys.example.com' });
  });

  it('refuses an invalid address without saving or checking', async () => {
    const db = freshDb();
    const { check, pending } = manualCheck();
    const model = createOptionsModel(db, withCheck(check));
    model.editAddress('example.com');
    await model.saveAndCheck();
    expect(model.addressError.value).toContain('http:// or https://');
    expect(pending).toHaveLength(0);
    expect(await readServerUrl(db)).toEqual({ status: 'unset' });

    model.editAddress('example.co');
    expect(model.addressError.value).toBeNull();
  });

  it('checks a valid address and saves it once the server answered, saying so on the status line', async () => {
    const db = freshDb();
    const { check, pending } = manualCheck();
    const model = createOptionsModel(db, withCheck(check));
    await model.load();
    expect(model.status.value).toEqual({ tone: 'info', text: NOT_PAIRED_TEXT });
    model.editAddress(' http://127.0.0.1:8787/ ');

    const done = model.saveAndCheck();
    await untilCalled(pending, 1);
    expect(model.check.value).toEqual({ status: 'checking', url: 'http://127.0.0.1:8787' });
    expect(model.status.value).toEqual({ tone: 'busy', text: 'Checking http://127.0.0.1:8787…' });
    expect(model.address.value).toBe('http://127.0.0.1:8787');
    // Not saved before the server answered.
    expect(await readServerUrl(db)).toEqual({ status: 'unset' });

    pending[0]?.answer({ ok: true, store: 'sqlite' });
    await done;
    expect(model.check.value).toEqual({ status: 'reachable', url: 'http://127.0.0.1:8787', store: 'sqlite' });
    expect(await readServerUrl(db)).toEqual({ status: 'set', url: 'http://127.0.0.1:8787' });
    expect(model.status.value).toEqual({
      tone: 'success',
      text: 'Reachable — store: sqlite. Saved; pair below to sync with it.',
    });
  });

  it('does not save an address nothing answers at, and keeps the one saved before', async () => {
    const db = freshDb();
    await saveServerUrl(db, serverUrlSchema.parse('https://journeys.example.com'));
    const model = createOptionsModel(
      db,
      withCheck(async (url) => ({ ok: false, problem: 'unreachable', message: `Could not reach ${url}.` })),
    );
    await model.load();
    model.editAddress('http://10.0.0.9:8787');
    await model.saveAndCheck();
    expect(await readServerUrl(db)).toEqual({ status: 'set', url: 'https://journeys.example.com' });
    expect(model.saved.value).toEqual({ status: 'set', url: 'https://journeys.example.com' });
    expect(model.status.value).toEqual({ tone: 'error', text: 'Could not reach http://10.0.0.9:8787. Not saved.' });
    // The text stays in the field to be corrected; typing puts the complaint away.
    expect(model.address.value).toBe('http://10.0.0.9:8787');
    model.editAddress('http://10.0.0.9:8788');
    expect(model.status.value).toEqual({ tone: 'info', text: NOT_PAIRED_TEXT });
  });

  it('replaces an old error with the new one: the page has one status line', async () => {
    const model = createOptionsModel(freshDb(), {
      ...withCheck(async () => ({ ok: false, problem: 'unreachable', message: 'Could not reach it.' })),
      verifyToken: async () => ({ ok: false, problem: 'refused', message: 'The server does not accept this token.' }),
    });
    await model.load();
    model.editAddress('https://journeys.example.com');
    await model.saveAndCheck();
    expect(model.status.value.text).toBe('Could not reach it. Not saved.');
    model.editToken(`jsp_${'t'.repeat(43)}`);
    await model.connect();
    expect(model.status.value).toEqual({ tone: 'error', text: 'The server does not accept this token.' });
  });

  it('pulls the team catalog right after pairing, and says what it brought', async () => {
    const db = freshDb();
    const outcomes: SyncOutcome[] = [
      { status: 'synced', pushed: 0, rejected: 0, pulled: 3, uploaded: 0, uploadsFailed: 0 },
      { status: 'failed', problem: 'unreachable', message: 'Could not reach https://journeys.example.com.' },
    ];
    let syncs = 0;
    const model = createOptionsModel(db, {
      ...withCheck(manualCheck().check),
      verifyToken: async (url) => ({ ok: true, pairing: { ...PAIRING, serverUrl: url } }),
      syncAfterPairing: async () => {
        syncs += 1;
        // Paired (and the address saved) before the sync runs: the sync reads both from IndexedDB.
        expect((await readPairing(db)).status).toBe('paired');
        expect(await readServerUrl(db)).toEqual({ status: 'set', url: 'https://journeys.example.com' });
        const outcome = outcomes[syncs - 1];
        if (outcome === undefined) throw new Error('one sync per pairing in this test');
        return outcome;
      },
    });
    await model.load();
    model.editAddress('https://journeys.example.com');
    model.editToken(`jsp_${'t'.repeat(43)}`);
    await model.connect();
    expect(syncs).toBe(1);
    expect(model.status.value).toEqual({
      tone: 'success',
      text: "Paired. Your team's journeys are in the side panel.",
    });

    await model.disconnect();
    expect(model.status.value).toEqual({ tone: 'info', text: NOT_PAIRED_TEXT });
    model.editToken(`jsp_${'t'.repeat(43)}`);
    await model.connect();
    expect(syncs).toBe(2);
    expect(model.status.value).toEqual({
      tone: 'error',
      text: "Paired, but your team's journeys could not be fetched yet: Could not reach https://journeys.example.com. “Sync now” in the side panel tries again.",
    });
    expect(model.pairing.value.status).toBe('paired');
  });

  it('says the outcome is not known when the background did not answer, and points to Sync now', async () => {
    const outcomes: PairedOutcome[] = [{ status: 'unanswered' }, { status: 'skipped', why: 'busy' }];
    const model = createOptionsModel(freshDb(), {
      ...withCheck(manualCheck().check),
      verifyToken: async (url) => ({ ok: true, pairing: { ...PAIRING, serverUrl: url } }),
      syncAfterPairing: async () => {
        const outcome = outcomes.shift();
        if (outcome === undefined) throw new Error('two pairings in this test');
        return outcome;
      },
    });
    await model.load();
    model.editAddress('https://journeys.example.com');
    model.editToken(`jsp_${'t'.repeat(43)}`);
    await model.connect();
    expect(model.status.value).toEqual({
      tone: 'info',
      text: "Paired, but whether your team's journeys were fetched is not known: the extension stopped before it answered. “Sync now” in the side panel fetches them.",
    });
    // A sync the background answered as busy (another one was running) is one under way.
    await model.disconnect();
    model.editToken(`jsp_${'t'.repeat(43)}`);
    await model.connect();
    expect(model.status.value).toEqual({
      tone: 'success',
      text: "Paired. A sync is under way: your team's journeys appear in the side panel when it ends.",
    });
  });

  it('shows only the newest check when an older one answers late', async () => {
    const { check, pending } = manualCheck();
    const model = createOptionsModel(freshDb(), withCheck(check));
    model.editAddress('http://old.example.com');
    const first = model.saveAndCheck();
    await untilCalled(pending, 1);
    model.editAddress('http://new.example.com');
    const second = model.saveAndCheck();
    await untilCalled(pending, 2);

    pending[1]?.answer({ ok: false, problem: 'unreachable', message: 'Could not reach http://new.example.com.' });
    await second;
    pending[0]?.answer({ ok: true, store: 'sqlite' });
    await first;
    expect(model.check.value).toEqual({ status: 'failed', message: 'Could not reach http://new.example.com.' });
  });

  it('asks for access before Connect or Pair, and ends a refusal or a failure with a sentence, never connecting', async () => {
    const db = freshDb();
    let allow = false;
    const model = createOptionsModel(db, {
      ...withCheck(manualCheck().check),
      requestServerAccess: () => Promise.resolve(allow),
      verifyToken: () => Promise.reject(new Error('the database is closed')),
      redeemPairingCode: () => Promise.reject(new Error('the worker stopped')),
    });
    model.editAddress('https://journeys.example.com');
    model.editToken(`jsp_${'t'.repeat(43)}`);
    model.editLink(`https://journeys.example.com/pair#code=${'c'.repeat(43)}`);
    const refused = (button: string) => ({
      status: 'failed',
      message: `Journey Sampler needs access to journeys.example.com to sync with it. Press ${button} again and allow it.`,
    });

    const connecting = model.connect();
    expect(model.connecting.value).toEqual({ status: 'connecting' });
    await connecting;
    expect(model.connecting.value).toEqual(refused('Connect'));
    await model.pairWithLink();
    expect(model.linking.value).toEqual(refused('Pair'));
    // Refused: the address was not adopted.
    expect(await readServerUrl(db)).toEqual({ status: 'unset' });

    allow = true;
    await model.connect();
    expect(model.connecting.value).toEqual({ status: 'failed', message: 'Could not connect: the database is closed' });
    await model.pairWithLink();
    expect(model.linking.value).toEqual({ status: 'failed', message: 'Could not pair: the worker stopped' });
    // Allowed, but neither verified: the address is not adopted (only a server that answered is); both the
    // token and the link stay for another try.
    expect(await readServerUrl(db)).toEqual({ status: 'unset' });
    expect(model.status.value).toEqual({ tone: 'error', text: 'Could not pair: the worker stopped' });
    expect(model.token.value).toBe(`jsp_${'t'.repeat(43)}`);
    expect(model.link.value).toBe(`https://journeys.example.com/pair#code=${'c'.repeat(43)}`);
  });

  it('forgets the server', async () => {
    const db = freshDb();
    await saveServerUrl(db, serverUrlSchema.parse('https://journeys.example.com'));
    const model = createOptionsModel(db, withCheck(manualCheck().check));
    await model.load();
    await model.forget();
    expect(model.address.value).toBe('');
    expect(model.saved.value).toEqual({ status: 'unset' });
    expect(await readServerUrl(db)).toEqual({ status: 'unset' });
  });
});
