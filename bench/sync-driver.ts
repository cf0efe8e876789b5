// Bundled by bench/sync-end-to-end.ts (vite build, iife) and evaluated in an extension page of the BUILT
// extension, next to the recorder driver: the sync engine, database and pairing code that ships, run against the
// page's real IndexedDB and fetch. Seeding writes what recorder.complete() writes (a walkthrough and its outbox
// entry), in bulk.
import '../tests/browser/sites/zod-jitless.ts';
import { createDb } from '../extension/db/journey-sampler-db.ts';
import type { Pairing } from '../extension/db/pairing.ts';
import { savePairing } from '../extension/db/pairing-setting.ts';
import type { FetchLike } from '../extension/pairing/server-api.ts';
import { planPushBatch } from '../extension/sync/push-plan.ts';
import type { SyncOutcome } from '../extension/sync/run-sync.ts';
import { createSyncContext } from '../extension/sync/sync-context.ts';
import { pushResponseSchema } from '../shared/protocol/push.ts';
import { PROTOCOL_VERSION } from '../shared/protocol/version.ts';
import type { Walkthrough } from '../shared/schemas/walkthrough.ts';

const db = createDb();

export type SyncTimings = {
  /** From the first runSync call until the outbox was empty: the push phase, acks recorded. */
  outboxEmptyMs: number;
  /** Until the last runSync returned (it pulls after pushing). */
  totalMs: number;
  outcomes: SyncOutcome[];
};

/** Sends `count` walkthroughs' worth of pushes; resolves with the wall time. */
export type PlainPushResult = { ms: number; pushes: number; accepted: number };

const syncDriver = {
  /** Walkthroughs and their outbox entries, as recorder.complete() leaves them, in one transaction. */
  async seedOutbox(walkthroughs: readonly Walkthrough[], queuedAt: string): Promise<void> {
    await db.transaction('rw', [db.walkthroughs, db.outbox], async () => {
      await db.walkthroughs.bulkAdd([...walkthroughs]);
      await db.outbox.bulkAdd(
        walkthroughs.map((w) => ({ type: 'walkthrough' as const, recordId: w.id, rev: w.rev, queuedAt })),
      );
    });
  },

  outboxCount: (): Promise<number> => db.outbox.count(),

  pair: (pairing: Pairing): Promise<void> => savePairing(db, pairing),

  /**
   * runSync as "Sync now" runs it, again until the outbox is empty (one run pushes at most MAX_PUSH_ROUNDS
   * batches). The push phase ends when a run first asks for a pull: every batch is acknowledged by then.
   */
  async syncUntilEmpty(maxRuns: number): Promise<SyncTimings> {
    let pushPhaseEnd: number | undefined;
    const watched: FetchLike = (input, init) => {
      if (String(input).endsWith('/sync/pull') && pushPhaseEnd === undefined) pushPhaseEnd = performance.now();
      return fetch(input, init);
    };
    const sync = createSyncContext(db, 'bench', { fetch: watched });
    const outcomes: SyncOutcome[] = [];
    const started = performance.now();
    for (let run = 0; run < maxRuns; run += 1) {
      pushPhaseEnd = undefined;
      const outcome = await sync({ force: true });
      outcomes.push(outcome);
      if (outcome.status !== 'synced') throw new Error(`sync ${outcome.status}: ${JSON.stringify(outcome)}`);
      if ((await db.outbox.count()) === 0) {
        const totalMs = performance.now() - started;
        return { outboxEmptyMs: (pushPhaseEnd ?? performance.now()) - started, totalMs, outcomes };
      }
    }
    throw new Error(`the outbox was not empty after ${maxRuns} sync runs`);
  },

  /**
   * The baseline: the same kind of records sent with plain fetch calls from this page, in the batches the sync
   * engine would cut (planPushBatch: <= 500 records, <= 1 MB), one after another; no IndexedDB at all.
   */
  async pushPlain(serverUrl: string, token: string, clientId: string, walkthroughs: readonly Walkthrough[]) {
    const entries = walkthroughs.map((w, i) => ({
      seq: i + 1,
      type: 'walkthrough' as const,
      recordId: w.id,
      rev: w.rev,
      queuedAt: '2026-01-05T09:00:00.000Z',
    }));
    const records = new Map(walkthroughs.map((w) => [w.id, w]));
    let pushes = 0;
    let accepted = 0;
    const started = performance.now();
    for (let from = 0; from < entries.length; ) {
      const { items } = planPushBatch(entries.slice(from), records);
      if (items.length === 0) throw new Error('planPushBatch picked nothing');
      const response = await fetch(`${serverUrl}/api/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          protocolVersion: PROTOCOL_VERSION,
          clientId,
          records: items.map((item) => ({ type: 'walkthrough', data: item.walkthrough })),
        }),
      });
      const answer = pushResponseSchema.parse(await response.json());
      accepted += answer.results.filter((r) => r.status === 'accepted').length;
      pushes += 1;
      from += items.length;
    }
    return { ms: performance.now() - started, pushes, accepted };
  },
};

export type SyncDriver = typeof syncDriver;

Reflect.set(globalThis, 'journeySamplerSyncDriver', syncDriver);
