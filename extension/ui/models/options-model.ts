import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { forgetPairing, type PairingSetting, readPairing, savePairing } from '../../db/pairing-setting.ts';
import { type ServerUrl, serverUrlSchema } from '../../db/server-url.ts';
import { forgetServerUrl, readServerUrl, type ServerUrlSetting, saveServerUrl } from '../../db/server-url-setting.ts';
import type { PairedOutcome } from '../../messaging/paired-reply.ts';
import type { ConnectionCheck } from '../../pairing/check-connection.ts';
import { readPairingLink } from '../../pairing/pairing-link.ts';
import type { RedeemResult } from '../../pairing/pairing-redeem.ts';
import { NOT_PAIRED_TEXT, type PairingSummary, summarisePairing } from '../../pairing/pairing-summary.ts';
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

/**
 * The page's one status line: what the last action did (replaced by the next one, so an old error never stays
 * beside a new one), or, before any action, where this device stands.
 */
export type StatusLine = { tone: 'info' | 'busy' | 'success' | 'error'; text: string };

export type OptionsDeps = {
  checkConnection: (url: ServerUrl) => Promise<ConnectionCheck>;
  /** Asks for host access to the server's origin. Called synchronously inside the Connect click. */
  requestServerAccess: (url: ServerUrl) => Promise<boolean>;
  verifyToken: (url: ServerUrl, token: string) => Promise<VerifyResult>;
  /** Exchanges a pairing link's one-time code for an access token (pairing/pairing-redeem.ts). */
  redeemPairingCode: (url: ServerUrl, code: string) => Promise<RedeemResult>;
  /**
   * A sync run right after pairing, so the team's journeys are in the side panel at once rather than after the
   * next alarm or "Sync now". Absent where a test pairs without a server to pull from.
   */
  syncAfterPairing?: () => Promise<PairedOutcome>;
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
  /** The page's one status line (see StatusLine). */
  status: ReadonlySignal<StatusLine>;
  load(): Promise<void>;
  editAddress(text: string): void;
  /** Validate, check, then save only if the server answered: "Check connection". */
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
 * The options page: the sync server's address, a connection check and pairing. An address is saved only once a
 * server answered at it (a check that passed, or a pairing the server confirmed): a saved address that nothing
 * answers at made the side panel name a server this device could not sync with. Pairing runs a sync at once, so
 * the team's journeys are in the side panel when the sampler opens it.
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
  /** What the last action said; null until one did (then the page says where this device stands). */
  const reported = signal<StatusLine | null>(null);
  // Only the newest check may write its answer: an older, slower one must not overwrite it.
  let latestAttempt = 0;
  // Likewise for the status line: only the newest action of any kind may write it.
  let latestReport = 0;
  const startReport = (line: StatusLine): number => {
    reported.value = line;
    return ++latestReport;
  };
  const report = (attempt: number, line: StatusLine | null): void => {
    if (attempt === latestReport) reported.value = line;
  };

  /** Typing again puts away the complaint about what was typed before. */
  const clearError = (): void => {
    if (reported.peek()?.tone === 'error') {
      latestReport += 1;
      reported.value = null;
    }
  };

  const status = computed<StatusLine>(() => {
    if (reported.value !== null) return reported.value;
    const server = saved.value;
    if (server.status === 'unreadable') {
      return { tone: 'error', text: `The saved server address could not be read (${server.message}). Enter it again.` };
    }
    if (server.status === 'failed') return { tone: 'error', text: server.message };
    const current = pairing.value;
    switch (current.status) {
      case 'loading':
        return { tone: 'busy', text: 'Loading…' };
      case 'unpaired':
        return { tone: 'info', text: NOT_PAIRED_TEXT };
      case 'paired':
        return { tone: 'info', text: `Paired: walkthroughs sync with ${current.pairing.serverUrl}.` };
      case 'unreadable':
        return { tone: 'error', text: `The saved pairing could not be read (${current.message}). Pair again.` };
      case 'failed':
        return { tone: 'error', text: current.message };
    }
  });

  /** What the sync right after pairing brought, as the status line says it. */
  const afterPairing = (outcome: PairedOutcome): StatusLine => {
    switch (outcome.status) {
      case 'unanswered':
        // The background stopped before answering: the sync may have run, in part or not at all.
        return {
          tone: 'info',
          text: "Paired, but whether your team's journeys were fetched is not known: the extension stopped before it answered. “Sync now” in the side panel fetches them.",
        };
      case 'synced':
        return { tone: 'success', text: "Paired. Your team's journeys are in the side panel." };
      case 'skipped':
        return {
          tone: 'success',
          text:
            outcome.why === 'busy'
              ? "Paired. A sync is under way: your team's journeys appear in the side panel when it ends."
              : "Paired. Your team's journeys come with the next sync (“Sync now” in the side panel).",
        };
      case 'failed':
        return {
          tone: 'error',
          text: `Paired, but your team's journeys could not be fetched yet: ${outcome.message} “Sync now” in the side panel tries again.`,
        };
    }
  };

  const accessRefused = (url: ServerUrl, button: string): { status: 'failed'; message: string } => ({
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

  /**
   * Verified with /me, then the address and the pairing saved (the address only now: the server answered);
   * returns why not, or null when paired.
   */
  const verifyAndSave = async (url: ServerUrl, tokenText: string): Promise<string | null> => {
    const result = await deps.verifyToken(url, tokenText);
    if (!result.ok) return result.message;
    await adoptAddress(url);
    await savePairing(db, result.pairing);
    pairing.value = { status: 'paired', pairing: summarisePairing(result.pairing) };
    return null;
  };

  /**
   * Asks for `url`'s host permission at once, before any await: the browser shows its prompt only inside the
   * click's user gesture. `state` shows the attempt; once access is allowed `work` runs, returning why it
   * failed, or null when paired (then `cleanUp` runs in the same batch as the state goes idle, and a sync pulls
   * the team's catalog). Never rejects: a thrown error becomes "Could not <verb>: …".
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
    const attempt = startReport({ tone: 'busy', text: button === 'Pair' ? 'Pairing…' : 'Connecting…' });
    const fail = (message: string) => {
      state.value = { status: 'failed', message };
      report(attempt, { tone: 'error', text: message });
    };
    return (async () => {
      try {
        if (!(await access.catch(() => false))) {
          const refused = accessRefused(url, button);
          fail(refused.message);
          return;
        }
        const problem = await work();
        if (problem !== null) {
          fail(problem);
          return;
        }
        batch(() => {
          cleanUp();
          state.value = { status: 'idle' };
        });
      } catch (error) {
        fail(`Could not ${verb}: ${describeError(error)}`);
        return;
      }
      if (deps.syncAfterPairing === undefined) {
        report(attempt, { tone: 'success', text: 'Paired.' });
        return;
      }
      report(attempt, { tone: 'busy', text: "Paired. Fetching your team's journeys…" });
      report(attempt, afterPairing(await deps.syncAfterPairing()));
    })();
  };

  return {
    address,
    addressError,
    saved,
    check,
    status,
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
      if (connecting.peek().status === 'failed') {
        connecting.value = { status: 'idle' };
        clearError();
      }
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
        const message = 'Paste your personal access token first.';
        connecting.value = { status: 'failed', message };
        startReport({ tone: 'error', text: message });
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
      if (linking.peek().status === 'failed') {
        linking.value = { status: 'idle' };
        clearError();
      }
    },

    pairWithLink() {
      if (linking.peek().status === 'connecting') return Promise.resolve();
      const reading = readPairingLink(link.peek());
      if (!reading.ok) {
        linking.value = { status: 'failed', message: reading.message };
        startReport({ tone: 'error', text: reading.message });
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
      const attempt = startReport({ tone: 'busy', text: 'Disconnecting…' });
      try {
        await forgetPairing(db);
        batch(() => {
          pairing.value = { status: 'unpaired' };
          connecting.value = { status: 'idle' };
          // Back to the standing line: "Not paired: walkthroughs are kept on this device."
          report(attempt, null);
        });
      } catch (error) {
        const message = `Could not disconnect: ${describeError(error)}`;
        connecting.value = { status: 'failed', message };
        report(attempt, { tone: 'error', text: message });
      }
    },

    editAddress(text) {
      address.value = text;
      addressError.value = null;
      clearError();
    },

    async saveAndCheck() {
      const parsed = serverUrlSchema.safeParse(address.peek());
      if (!parsed.success) {
        addressError.value = parsed.error.issues[0]?.message ?? 'That is not a server address.';
        return;
      }
      const url = parsed.data;
      const attempt = ++latestAttempt;
      const reportAttempt = startReport({ tone: 'busy', text: `Checking ${url}…` });
      const answer = (state: CheckState, line: StatusLine) => {
        if (attempt !== latestAttempt) return;
        check.value = state;
        report(reportAttempt, line);
      };
      address.value = url;
      addressError.value = null;
      check.value = { status: 'checking', url };
      const result = await checkConnection(url);
      if (attempt !== latestAttempt) return;
      if (!result.ok) {
        // Not saved: the side panel must not name a server nothing answers at. The field keeps the text.
        answer({ status: 'failed', message: result.message }, { tone: 'error', text: `${result.message} Not saved.` });
        return;
      }
      try {
        await saveServerUrl(db, url);
        saved.value = { status: 'set', url };
      } catch (error) {
        const message = `Could not save the address: ${describeError(error)}`;
        answer({ status: 'failed', message }, { tone: 'error', text: message });
        return;
      }
      const paired = pairing.peek().status === 'paired';
      answer(
        { status: 'reachable', url, store: result.store },
        {
          tone: 'success',
          text: paired
            ? `Reachable — store: ${result.store}. Saved.`
            : `Reachable — store: ${result.store}. Saved; pair below to sync with it.`,
        },
      );
    },

    async forget() {
      latestAttempt += 1;
      const attempt = startReport({ tone: 'busy', text: 'Forgetting the server…' });
      try {
        await forgetServerUrl(db);
        // The token was verified against this server only: it goes with it.
        await forgetPairing(db);
        saved.value = { status: 'unset' };
        pairing.value = { status: 'unpaired' };
        address.value = '';
        addressError.value = null;
        check.value = { status: 'idle' };
        report(attempt, null);
      } catch (error) {
        const message = `Could not forget the address: ${describeError(error)}`;
        check.value = { status: 'failed', message };
        report(attempt, { tone: 'error', text: message });
      }
    },
  };
};
