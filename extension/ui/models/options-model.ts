import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { forgetPairing, type PairingSetting, readPairing, savePairing } from '../../db/pairing-setting.ts';
import { type ServerUrl, serverUrlSchema } from '../../db/server-url.ts';
import { forgetServerUrl, readServerUrl, type ServerUrlSetting, saveServerUrl } from '../../db/server-url-setting.ts';
import type { ConnectionCheck } from '../../pairing/check-connection.ts';
import { readPairingLink } from '../../pairing/pairing-link.ts';
import type { RedeemResult } from '../../pairing/pairing-redeem.ts';
import { type PairingSummary, summarisePairing } from '../../pairing/pairing-summary.ts';
import type { VerifyResult } from '../../pairing/verify-token.ts';
import { describeError } from './describe-error.ts';

export type SavedServerState = { status: 'loading' } | ServerUrlSetting | { status: 'failed'; message: string };

export type CheckState =
  | { status: 'idle' }
  | { status: 'checking'; url: ServerUrl }
  | { status: 'reachable'; url: ServerUrl; store: string }
  | { status: 'failed'; message: string };

/** The pairing as the page shows it: never the token itself. */
export type PairingState =
  | { status: 'loading' }
  | { status: 'unpaired' }
  | { status: 'paired'; pairing: PairingSummary }
  | { status: 'unreadable'; message: string }
  | { status: 'failed'; message: string };

export type ConnectState = { status: 'idle' } | { status: 'connecting' } | { status: 'failed'; message: string };

export type OptionsDeps = {
  checkConnection: (url: ServerUrl) => Promise<ConnectionCheck>;
  /** Asks for host access to the server's origin. Called synchronously inside the Connect click. */
  requestServerAccess: (url: ServerUrl) => Promise<boolean>;
  verifyToken: (url: ServerUrl, token: string) => Promise<VerifyResult>;
  /** Exchanges a pairing link's one-time code for an access token (pairing/pairing-redeem.ts). */
  redeemPairingCode: (url: ServerUrl, code: string) => Promise<RedeemResult>;
};

const toPairingState = (setting: PairingSetting): PairingState =>
  setting.status === 'paired' ? { status: 'paired', pairing: summarisePairing(setting.pairing) } : setting;

export type OptionsModel = {
  /** The address field's text, as typed. */
  address: ReadonlySignal<string>;
  /** Why the typed text is not an address; null while there is nothing to say. */
  addressError: ReadonlySignal<string | null>;
  saved: ReadonlySignal<SavedServerState>;
  check: ReadonlySignal<CheckState>;
  load(): Promise<void>;
  editAddress(text: string): void;
  /** Validate, save, then check: "Check connection". */
  saveAndCheck(): Promise<void>;
  forget(): Promise<void>;
  /** The access token field's text. Kept only in memory until Connect verifies and saves it. */
  token: ReadonlySignal<string>;
  pairing: ReadonlySignal<PairingState>;
  connecting: ReadonlySignal<ConnectState>;
  editToken(text: string): void;
  /** "Connect": call straight from the click (the host-permission prompt needs the user gesture). */
  connect(): Promise<void>;
  /** "Disconnect": forgets the token on this device; walkthroughs not yet pushed stay queued. */
  disconnect(): Promise<void>;
  /** The "Pair with a link" field's text: a pairing link holds a one-time code, kept only in memory. */
  link: ReadonlySignal<string>;
  linking: ReadonlySignal<ConnectState>;
  editLink(text: string): void;
  /**
   * "Pair": takes the server address and the code from the link, asks for the server's host permission (call
   * straight from the click), redeems the code for a token, verifies it with /me and saves the pairing.
   */
  pairWithLink(): Promise<void>;
};

/**
 * The options page: the sync server's address and a connection check. A valid address is saved before it
 * is checked, not only when the check passes: the extension works offline, so "the server is down right
 * now" must not stop a sampler from setting up the address it will sync to later.
 */
export const createOptionsModel = (db: JourneySamplerDb, deps: OptionsDeps): OptionsModel => {
  const { checkConnection } = deps;
  const token = signal('');
  const pairing = signal<PairingState>({ status: 'loading' });
  const connecting = signal<ConnectState>({ status: 'idle' });
  const link = signal('');
  const linking = signal<ConnectState>({ status: 'idle' });
  const address = signal('');
  const addressError = signal<string | null>(null);
  const saved = signal<SavedServerState>({ status: 'loading' });
  const check = signal<CheckState>({ status: 'idle' });
  // Only the newest check may write its answer: an older, slower one must not overwrite it.
  let latestAttempt = 0;

  const accessRefused = (url: ServerUrl, button: string): ConnectState => ({
    status: 'failed',
    message: `Journey Sampler needs access to ${new URL(url).host} to sync with it. Press ${button} again and allow it.`,
  });

  /** The address the sampler paired with becomes the saved one: sync only ever sends the token there. */
  const adoptAddress = async (url: ServerUrl): Promise<void> => {
    address.value = url;
    addressError.value = null;
    await saveServerUrl(db, url);
    saved.value = { status: 'set', url };
  };

  /** Verified with /me and saved; returns why not, or null when paired. */
  const verifyAndSave = async (url: ServerUrl, tokenText: string): Promise<string | null> => {
    const result = await deps.verifyToken(url, tokenText);
    if (!result.ok) return result.message;
    await savePairing(db, result.pairing);
    pairing.value = { status: 'paired', pairing: summarisePairing(result.pairing) };
    return null;
  };

  /**
   * Asks for `url`'s host permission at once, before any await: the browser shows its prompt only inside the
   * click's user gesture. `state` shows the attempt; once access is allowed the address is adopted and `work`
   * runs, returning why it failed, or null when paired (then `cleanUp` runs in the same batch as the state
   * goes idle). Never rejects: a thrown error becomes "Could not <verb>: …".
   */
  const withServerAccess = (
    url: ServerUrl,
    state: typeof connecting,
    button: string,
    verb: string,
    work: () => Promise<string | null>,
    cleanUp: () => void = () => {},
  ): Promise<void> => {
    const access = deps.requestServerAccess(url);
    state.value = { status: 'connecting' };
    return (async () => {
      try {
        if (!(await access.catch(() => false))) {
          state.value = accessRefused(url, button);
          return;
        }
        await adoptAddress(url);
        const problem = await work();
        if (problem !== null) {
          state.value = { status: 'failed', message: problem };
          return;
        }
        batch(() => {
          cleanUp();
          state.value = { status: 'idle' };
        });
      } catch (error) {
        state.value = { status: 'failed', message: `Could not ${verb}: ${describeError(error)}` };
      }
    })();
  };

  return {
    address,
    addressError,
    saved,
    check,
    token,
    pairing,
    connecting,
    link,
    linking,

    async load() {
      try {
        const setting = await readServerUrl(db);
        saved.value = setting;
        // Do not overwrite what the sampler started typing while the database opened.
        if (setting.status === 'set' && address.peek() === '') address.value = setting.url;
      } catch (error) {
        saved.value = { status: 'failed', message: `Could not read the saved settings: ${describeError(error)}` };
      }
      try {
        pairing.value = toPairingState(await readPairing(db));
      } catch (error) {
        pairing.value = { status: 'failed', message: `Could not read the pairing: ${describeError(error)}` };
      }
    },

    editToken(text) {
      token.value = text;
      if (connecting.peek().status === 'failed') connecting.value = { status: 'idle' };
    },

    connect() {
      if (connecting.peek().status === 'connecting') return Promise.resolve();
      const parsed = serverUrlSchema.safeParse(address.peek());
      if (!parsed.success) {
        addressError.value = parsed.error.issues[0]?.message ?? 'That is not a server address.';
        return Promise.resolve();
      }
      const url = parsed.data;
      if (token.peek().trim() === '') {
        connecting.value = { status: 'failed', message: 'Paste your personal access token first.' };
        return Promise.resolve();
      }
      return withServerAccess(
        url,
        connecting,
        'Connect',
        'connect',
        () => verifyAndSave(url, token.peek()),
        () => {
          token.value = '';
        },
      );
    },

    editLink(text) {
      link.value = text;
      if (linking.peek().status === 'failed') linking.value = { status: 'idle' };
    },

    pairWithLink() {
      if (linking.peek().status === 'connecting') return Promise.resolve();
      const reading = readPairingLink(link.peek());
      if (!reading.ok) {
        linking.value = { status: 'failed', message: reading.message };
        return Promise.resolve();
      }
      const { serverUrl: url, code } = reading;
      return withServerAccess(url, linking, 'Pair', 'pair', async () => {
        const redeemed = await deps.redeemPairingCode(url, code);
        if (!redeemed.ok) return redeemed.message;
        // The code is spent: whatever happens next, the link in the field is of no more use.
        link.value = '';
        return verifyAndSave(url, redeemed.token);
      });
    },

    async disconnect() {
      try {
        await forgetPairing(db);
        pairing.value = { status: 'unpaired' };
        connecting.value = { status: 'idle' };
      } catch (error) {
        connecting.value = { status: 'failed', message: `Could not disconnect: ${describeError(error)}` };
      }
    },

    editAddress(text) {
      address.value = text;
      addressError.value = null;
    },

    async saveAndCheck() {
      const parsed = serverUrlSchema.safeParse(address.peek());
      if (!parsed.success) {
        addressError.value = parsed.error.issues[0]?.message ?? 'That is not a server address.';
        return;
      }
      const url = parsed.data;
      const attempt = ++latestAttempt;
      address.value = url;
      addressError.value = null;
      check.value = { status: 'checking', url };
      try {
        await saveServerUrl(db, url);
        saved.value = { status: 'set', url };
      } catch (error) {
        if (attempt === latestAttempt) {
          check.value = { status: 'failed', message: `Could not save the address: ${describeError(error)}` };
        }
        return;
      }
      const result = await checkConnection(url);
      if (attempt !== latestAttempt) return;
      check.value = result.ok
        ? { status: 'reachable', url, store: result.store }
        : { status: 'failed', message: result.message };
    },

    async forget() {
      latestAttempt += 1;
      try {
        await forgetServerUrl(db);
        // The token was verified against this server only: it goes with it.
        await forgetPairing(db);
        saved.value = { status: 'unset' };
        pairing.value = { status: 'unpaired' };
        address.value = '';
        addressError.value = null;
        check.value = { status: 'idle' };
      } catch (error) {
        check.value = { status: 'failed', message: `Could not forget the address: ${describeError(error)}` };
      }
    },
  };
};
