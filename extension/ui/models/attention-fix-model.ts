import { type ReadonlySignal, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { addToTeamCatalog } from '../../catalog/add-to-team-catalog.ts';
import { createTeamCatalogApi, type TeamCatalogApi } from '../../catalog/team-catalog-api.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { readPairing } from '../../db/pairing-setting.ts';
import type { ServerUrl } from '../../db/server-url.ts';
import {
  type AttentionFixes,
  assignToJourney,
  type FixError,
  keepAsAdHoc,
  readAttentionFixes,
} from '../../sync/attention-fixes.ts';
import type { SyncOutcome } from '../../sync/run-sync.ts';
import { describeError } from './describe-error.ts';

/** Why the last fix of a record did not happen; shown beside that record. */
export type FixProblem = { recordId: string; message: string };

export type AttentionFixModel = {
  /** Null until first read. */
  fixes: ReadonlySignal<AttentionFixes | null>;
  /** The record whose fix is being written or sent: its buttons wait. */
  busy: ReadonlySignal<string | null>;
  problem: ReadonlySignal<FixProblem | null>;
  /** Follows IndexedDB (refusals, catalog, pairing); returns the function that stops. */
  follow(): () => void;
  /** "Assign": the walkthrough becomes a sample of this team journey, then is pushed again. */
  assign(recordId: string, journeyId: string): Promise<void>;
  /** "Keep as ad-hoc": the walkthrough names no journey any more, then is pushed again. */
  keepAdHoc(recordId: string): Promise<void>;
  /** "Add to the team catalog" (leads): the local journey goes to `serviceId`, its walkthroughs are pushed again. */
  addToCatalog(recordId: string, journeyId: string, serviceId: string): Promise<void>;
};

export type AttentionFixDeps = {
  db: JourneySamplerDb;
  sync: (options?: { force?: boolean }) => Promise<SyncOutcome>;
  /** Wall-clock time for the outbox's "queued at" (display only). */
  now: () => Date;
  /** The catalog API for the paired server and token; tests pass one over the real app or a fake. */
  catalogApi?: (serverUrl: ServerUrl, token: string) => TeamCatalogApi;
};

/**
 * The side panel's fixes for walkthroughs refused as `unknown_journey` (sync/attention-fixes.ts). What it shows
 * comes from IndexedDB, like the sync section it sits in; each fix is pushed at once ("Sync now" semantics).
 */
export const createAttentionFixModel = ({
  db,
  sync,
  now,
  catalogApi = (serverUrl, token) => createTeamCatalogApi(serverUrl, token),
}: AttentionFixDeps): AttentionFixModel => {
  const fixes = signal<AttentionFixes | null>(null);
  const busy = signal<string | null>(null);
  const problem = signal<FixProblem | null>(null);

  /** One fix at a time; a refusal stays beside its record, a success lets the record leave the list. */
  const fix = async (recordId: string, work: () => Promise<string | null>): Promise<void> => {
    if (busy.peek() !== null) return;
    busy.value = recordId;
    problem.value = null;
    try {
      const refused = await work();
      if (refused !== null) problem.value = { recordId, message: refused };
      else await sync({ force: true });
    } catch (error) {
      problem.value = { recordId, message: `Could not fix it: ${describeError(error)}` };
    } finally {
      busy.value = null;
    }
  };
  const message = (result: { ok: true } | { ok: false; error: FixError }): string | null =>
    result.ok ? null : result.error.message;

  return {
    fixes,
    busy,
    problem,
    follow() {
      const subscription = liveQuery(() => readAttentionFixes(db)).subscribe({
        next: (value) => {
          fixes.value = value;
        },
        error: (error: unknown) => {
          problem.value = { recordId: '', message: `Could not read the catalog: ${describeError(error)}` };
        },
      });
      return () => subscription.unsubscribe();
    },
    assign: (recordId, journeyId) =>
      fix(recordId, async () => message(await assignToJourney(db, recordId, journeyId, now()))),
    keepAdHoc: (recordId) => fix(recordId, async () => message(await keepAsAdHoc(db, recordId, now()))),
    addToCatalog: (recordId, journeyId, serviceId) =>
      fix(recordId, async () => {
        const pairing = await readPairing(db);
        if (pairing.status !== 'paired') return 'Connect this device to the server in the settings first.';
        const { serverUrl, token } = pairing.pairing;
        const added = await addToTeamCatalog({ db, api: catalogApi(serverUrl, token), now }, journeyId, serviceId);
        return added.ok ? null : added.error;
      }),
  };
};
