import { MAX_PUSH_RECORDS } from '../../shared/protocol/push.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import type { OutboxEntry } from '../db/outbox-entry.ts';
import { readOrCreateClientId, readPairing } from '../db/pairing-setting.ts';
import { parseRow } from '../db/parse-rows.ts';
import { EMPTY_STATUS, type SyncProblem, type SyncStatusRow, syncStateRowSchema } from '../db/sync-state.ts';
import type { ApiFailure, FetchLike } from '../pairing/server-api.ts';
import { backoffDelayMs } from './backoff.ts';
import { type AckAction, planAcks, planPushBatch } from './push-plan.ts';
import { createScreenshotApi } from './screenshot-api.ts';
import { createSyncApi, type SyncApi } from './sync-api.ts';
import { MAX_UPLOAD_BYTES_PER_RUN, uploadScreenshots } from './upload-screenshots.ts';

/** A lease outlives the slowest request (the API timeout, pairing/server-api.ts) with room to spare; renewed before each one. */
export const LEASE_MS = 2 * 60_000;
/** Bounds one run however much is queued or waiting: the next trigger carries on. */
export const MAX_PUSH_ROUNDS = 20;
export const MAX_PULL_PAGES = 50;

/** Problems that a retry cannot fix: automatic triggers leave them alone until the sampler acts. */
const PERSISTENT_PROBLEMS: ReadonlySet<SyncProblem> = new Set(['unauthorized', 'update-extension']);

export type SyncDeps = {
  db: JourneySamplerDb;
  fetch?: FetchLike;
  /** Epoch ms; wall clock is fine here, it only times retries and the lease. */
  now: () => number;
  random: () => number;
  newId: () => string;
  /** Who this context is, for the lease (one id per page or worker start). */
  holder: string;
  /** Page size for pulls; the server's maximum when absent. */
  pullLimit?: number;
  /** Screenshot bytes one run may upload; MAX_UPLOAD_BYTES_PER_RUN when absent. */
  uploadBudgetBytes?: number;
};

export type SyncOutcome =
  | {
      status: 'synced';
      pushed: number;
      rejected: number;
      pulled: number;
      /** Screenshots whose upload completed in this run, and those the server refused for good. */
      uploaded: number;
      uploadsFailed: number;
    }
  | { status: 'skipped'; why: 'not-paired' | 'busy' | 'backing-off' | 'blocked' }
  | { status: 'failed'; problem: SyncProblem; message: string };

const readStatus = async (db: JourneySamplerDb): Promise<SyncStatusRow> => {
  const parsed = parseRow(syncStateRowSchema, await db.syncState.get('status'));
  return parsed.ok && parsed.value.key === 'status' ? parsed.value : EMPTY_STATUS;
};

const readCursor = async (db: JourneySamplerDb): Promise<string | null> => {
  const parsed = parseRow(syncStateRowSchema, await db.syncState.get('cursor'));
  // An unreadable cursor is as good as none: pulling from the start again only repeats upserts.
  return parsed.ok && parsed.value.key === 'cursor' ? parsed.value.value : null;
};

/** Takes the lease if nobody else holds an unexpired one; true when this context may sync. */
const takeLease = (db: JourneySamplerDb, holder: string, now: number): Promise<boolean> =>
  db.transaction('rw', [db.syncState], async () => {
    const parsed = parseRow(syncStateRowSchema, await db.syncState.get('lease'));
    const lease = parsed.ok && parsed.value.key === 'lease' ? parsed.value : null;
    if (lease !== null && lease.holder !== holder && lease.expiresAt > now) return false;
    await db.syncState.put({ key: 'lease', holder, expiresAt: now + LEASE_MS });
    return true;
  });

const releaseLease = (db: JourneySamplerDb, holder: string): Promise<void> =>
  db.transaction('rw', [db.syncState], async () => {
    const row = await db.syncState.get('lease');
    if (row?.key === 'lease' && row.holder === holder) await db.syncState.delete('lease');
  });

const PROBLEM_OF: Readonly<Record<ApiFailure['kind'], SyncProblem>> = {
  unreachable: 'unreachable',
  unauthorized: 'unauthorized',
  'unsupported-protocol': 'update-extension',
  conflict: 'failed',
  failed: 'failed',
};

/** A failed run, remembered: persistent problems wait for the sampler, the rest back off with full jitter. */
const recordFailure = async (deps: SyncDeps, failure: ApiFailure): Promise<SyncOutcome> => {
  const problem = PROBLEM_OF[failure.kind];
  const message =
    problem === 'update-extension'
      ? // The server's text says which side is behind: an extension newer than its server needs the server updated.
        `The server and this extension speak different sync protocols: ${failure.message}`
      : problem === 'unauthorized'
        ? `${failure.message} Connect again in the settings with a valid token.`
        : failure.message;
  await deps.db.transaction('rw', [deps.db.syncState], async () => {
    const status = await readStatus(deps.db);
    const attempt = Math.min(status.attempt + 1, 1000);
    await deps.db.syncState.put({
      ...status,
      problem: { kind: problem, message },
      attempt,
      nextAttemptAt: PERSISTENT_PROBLEMS.has(problem) ? null : deps.now() + backoffDelayMs(attempt, deps.random),
    });
  });
  return { status: 'failed', problem, message };
};

const rejectionReason = (reason: string): string => reason.slice(0, 2000);

/** Applies push answers in a transaction of their own (the one that read the batch closed before the fetch). */
const applyAcks = (db: JourneySamplerDb, actions: readonly AckAction[], at: string): Promise<void> =>
  db.transaction('rw', [db.outbox], async () => {
    const moving = actions.filter((action) => action.action !== 'keep');
    if (moving.length === 0) return;
    // One read of the entries concerned (an outbox holds one entry per record) and one bulk delete: a per-answer
    // read and delete made acknowledging a batch of 500 cost more than pushing it.
    const entries = await db.outbox
      .where('recordId')
      .anyOf(moving.map((action) => action.recordId))
      .toArray();
    const byRecord = new Map(entries.map((entry) => [entry.recordId, entry]));
    const done: number[] = [];
    for (const action of moving) {
      const entry = byRecord.get(action.recordId);
      // A newer local edit re-queued the record at a higher rev while the push was under way: the server
      // holds (or refused) an older rev, so the entry stays, unchanged, for the next push.
      if (entry === undefined || entry.rev > action.sentRev) continue;
      if (action.action === 'delete') done.push(entry.seq);
      else
        await db.outbox.update(entry.seq, {
          rejection: { reason: rejectionReason(action.reason), rev: action.sentRev, at },
        });
    }
    await db.outbox.bulkDelete(done);
  });

type ReadBatch = { entries: OutboxEntry[]; records: Map<string, Walkthrough>; unreadable: Map<string, string> };

/** One read transaction: the next outbox entries and the records they point at. */
const readBatch = (db: JourneySamplerDb): Promise<ReadBatch> =>
  db.transaction('r', [db.outbox, db.walkthroughs], async () => {
    const entries = await db.outbox
      .filter((entry) => entry.rejection === undefined)
      .limit(MAX_PUSH_RECORDS)
      .toArray();
    const rows: unknown[] = await db.walkthroughs.bulkGet(entries.map((e) => e.recordId));
    const records = new Map<string, Walkthrough>();
    const unreadable = new Map<string, string>();
    entries.forEach((entry, i) => {
      const row = rows[i];
      if (row === undefined) return;
      const parsed = parseRow(walkthroughSchema, row);
      if (parsed.ok) records.set(entry.recordId, parsed.value);
      else unreadable.set(entry.recordId, parsed.message);
    });
    return { entries, records, unreadable };
  });

type PushOutcome = { ok: true; pushed: number; rejected: number } | ApiFailure;

const push = async (deps: SyncDeps, api: SyncApi, clientId: string): Promise<PushOutcome> => {
  const { db } = deps;
  let pushed = 0;
  let rejected = 0;
  for (let round = 0; round < MAX_PUSH_ROUNDS; round += 1) {
    const { entries, records, unreadable } = await readBatch(db);
    const batch = planPushBatch(
      entries.filter((e) => !unreadable.has(e.recordId)),
      records,
    );
    const at = new Date(deps.now()).toISOString();
    const housekeeping: AckAction[] = [
      ...batch.orphans.map((recordId): AckAction => ({ action: 'delete', recordId, sentRev: Number.MAX_SAFE_INTEGER })),
      ...batch.tooLarge.map(
        ({ recordId, rev }): AckAction => ({
          action: 'reject',
          recordId,
          sentRev: rev,
          reason: 'too_large: this walkthrough is larger than a push may carry (1 MB)',
        }),
      ),
      ...[...unreadable].map(
        ([recordId, message]): AckAction => ({
          action: 'reject',
          recordId,
          sentRev: Number.MAX_SAFE_INTEGER,
          reason: `unreadable: the copy on this device cannot be read (${message})`,
        }),
      ),
    ];
    if (housekeeping.length > 0) await applyAcks(db, housekeeping, at);
    rejected += housekeeping.filter((a) => a.action === 'reject').length;
    if (batch.items.length === 0) break;

    // Invariant: no IndexedDB transaction is open across this request (readBatch's has committed; the answers
    // are written by applyAcks in a new one). An open transaction would auto-commit at the first await on
    // the network anyway, and holding one would block every other page of the extension meanwhile.
    await takeLease(db, deps.holder, deps.now());
    const answer = await api.push({
      protocolVersion: PROTOCOL_VERSION,
      clientId,
      records: batch.items.map((item) => ({ type: 'walkthrough', data: item.walkthrough })),
    });
    if (!answer.ok) return answer;
    const actions = planAcks(batch.items, answer.value.results);
    await applyAcks(db, actions, new Date(deps.now()).toISOString());
    pushed += actions.filter((a) => a.action === 'delete').length;
    rejected += actions.filter((a) => a.action === 'reject').length;
    // No answer moved anything: stop rather than send the same batch again in this run.
    if (actions.every((a) => a.action === 'keep')) break;
  }
  return { ok: true, pushed, rejected };
};

type PullOutcome = { ok: true; pulled: number } | ApiFailure;

/** Pulls as `clientId`, the id this device's pushes carry: the server leaves out what this device pushed. */
const pull = async (deps: SyncDeps, api: SyncApi, clientId: string): Promise<PullOutcome> => {
  const { db } = deps;
  let cursor = await readCursor(db);
  let resetOnce = false;
  let pulled = 0;
  for (let page = 0; page < MAX_PULL_PAGES; page += 1) {
    // Same invariant as push: the request runs with no transaction open; the page is stored in a new one.
    await takeLease(db, deps.holder, deps.now());
    const answer = await api.pull({
      protocolVersion: PROTOCOL_VERSION,
      clientId,
      cursor,
      ...(deps.pullLimit === undefined ? {} : { limit: deps.pullLimit }),
    });
    if (!answer.ok) {
      // The cursor cannot continue on this server (another team's, or ahead of a restored database): start
      // over from null, once per run. Upserts make the repeat harmless.
      if (answer.kind === 'conflict' && !resetOnce) {
        resetOnce = true;
        cursor = null;
        await db.syncState.put({ key: 'cursor', value: null });
        page -= 1;
        continue;
      }
      return answer;
    }
    const body = answer.value;
    await db.transaction('rw', [db.services, db.journeys, db.targets, db.walkthroughs, db.syncState], async () => {
      await db.services.bulkPut(body.services);
      await db.journeys.bulkPut(body.journeys);
      await db.targets.bulkPut(body.targets);
      const local: unknown[] = await db.walkthroughs.bulkGet(body.walkthroughs.map((w) => w.id));
      const newer = body.walkthroughs.filter((w, i) => {
        const row = local[i];
        if (row === undefined) return true;
        // Never overwrite a local edit the server has not seen: only a strictly higher rev replaces it.
        const parsed = parseRow(walkthroughSchema, row);
        return parsed.ok ? parsed.value.rev < w.rev : false;
      });
      await db.walkthroughs.bulkPut(newer);
      await db.syncState.put({ key: 'cursor', value: body.cursor });
      pulled += body.services.length + body.journeys.length + body.targets.length + newer.length;
    });
    cursor = body.cursor;
    if (!body.hasMore) break;
  }
  return { ok: true, pulled };
};

/**
 * One sync: push the outbox, pull, upload screenshots of accepted walkthroughs (bounded per run, after both
 * record phases so a large image never delays a record), then remember how it went. Safe to call from any
 * context at any time: the lease makes concurrent calls skip, a run cut short (worker stopped) leaves every
 * outbox entry in place (and an upload resumes at the server's offset), and the server treats a replayed push
 * as a duplicate. Automatic triggers respect the backoff and
 * leave persistent problems (bad token, old extension) alone; `force` ("Sync now") tries anyway.
 */
export const runSync = async (deps: SyncDeps, { force = false }: { force?: boolean } = {}): Promise<SyncOutcome> => {
  const { db } = deps;
  const pairing = await readPairing(db);
  if (pairing.status !== 'paired') return { status: 'skipped', why: 'not-paired' };
  if (!force) {
    const status = await readStatus(db);
    if (status.problem !== null && PERSISTENT_PROBLEMS.has(status.problem.kind))
      return { status: 'skipped', why: 'blocked' };
    if (status.nextAttemptAt !== null && status.nextAttemptAt > deps.now())
      return { status: 'skipped', why: 'backing-off' };
  }
  if (!(await takeLease(db, deps.holder, deps.now()))) return { status: 'skipped', why: 'busy' };
  try {
    const clientId = await readOrCreateClientId(db, deps.newId);
    const { serverUrl, token } = pairing.pairing;
    const api = createSyncApi(serverUrl, token, deps.fetch === undefined ? {} : { fetch: deps.fetch });
    const pushed = await push(deps, api, clientId);
    if (!pushed.ok) return await recordFailure(deps, pushed);
    const pulled = await pull(deps, api, clientId);
    if (!pulled.ok) return await recordFailure(deps, pulled);
    const uploads = await uploadScreenshots(
      {
        db,
        now: deps.now,
        budgetBytes: deps.uploadBudgetBytes ?? MAX_UPLOAD_BYTES_PER_RUN,
        renewLease: () => takeLease(db, deps.holder, deps.now()),
      },
      createScreenshotApi(serverUrl, token, deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    );
    if (!uploads.ok) return await recordFailure(deps, uploads);
    await db.syncState.put({
      ...EMPTY_STATUS,
      lastSuccessAt: new Date(deps.now()).toISOString(),
    });
    return {
      status: 'synced',
      pushed: pushed.pushed,
      rejected: pushed.rejected,
      pulled: pulled.pulled,
      uploaded: uploads.uploaded,
      uploadsFailed: uploads.failed,
    };
  } finally {
    await releaseLease(db, deps.holder);
  }
};
