import { type ReadonlySignal, signal } from '@preact/signals';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { forgetServerUrl, readServerUrl, type ServerUrlSetting, saveServerUrl } from '../../db/server-url-setting.ts';
import type { ConnectionCheck } from '../../sync/check-connection.ts';
import { type ServerUrl, serverUrlSchema } from '../../sync/server-url.ts';
import { describeError } from './describe-error.ts';

export type SavedServerState = { status: 'loading' } | ServerUrlSetting | { status: 'failed'; message: string };

export type CheckState =
  | { status: 'idle' }
  | { status: 'checking'; url: ServerUrl }
  | { status: 'reachable'; url: ServerUrl; store: string }
  | { status: 'failed'; message: string };

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
};

/**
 * The options page: the sync server's address and a connection check. A valid address is saved before it
 * is checked, not only when the check passes: the extension works offline, so "the server is down right
 * now" must not stop a sampler from setting up the address it will sync to later.
 */
export const createOptionsModel = (
  db: JourneySamplerDb,
  checkConnection: (url: ServerUrl) => Promise<ConnectionCheck>,
): OptionsModel => {
  const address = signal('');
  const addressError = signal<string | null>(null);
  const saved = signal<SavedServerState>({ status: 'loading' });
  const check = signal<CheckState>({ status: 'idle' });
  // Only the newest check may write its answer: an older, slower one must not overwrite it.
  let latestAttempt = 0;

  return {
    address,
    addressError,
    saved,
    check,

    async load() {
      try {
        const setting = await readServerUrl(db);
        saved.value = setting;
        // Do not overwrite what the sampler started typing while the database opened.
        if (setting.status === 'set' && address.peek() === '') address.value = setting.url;
      } catch (error) {
        saved.value = { status: 'failed', message: `Could not read the saved settings: ${describeError(error)}` };
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
        saved.value = { status: 'unset' };
        address.value = '';
        addressError.value = null;
        check.value = { status: 'idle' };
      } catch (error) {
        check.value = { status: 'failed', message: `Could not forget the address: ${describeError(error)}` };
      }
    },
  };
};
