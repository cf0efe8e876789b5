// Server ingest: walkthroughs per second through the real push endpoint (createApp, app.request: routing,
// authentication, body limit, JSON and per-record schema parsing, the batch transaction with its counter lock
// and guarded upsert, the per-record answers), against the cheapest way to get the same rows into the same
// SQLite file layout: a prepared better-sqlite3 INSERT of the already serialised rows, one transaction per batch.
// Both write to their own fresh, migrated SQLite file with WAL and synchronous=FULL (an fsync per commit), in
// batches of the same size, in the same run. The ratio server rate / raw rate is the push path's efficiency
// (goal >= 0.5); `baselineMs`/`measuredMs` are the median time per batch.
import { createApp } from '../server/app.ts';
import { createMemoryLogger } from '../server/logger.ts';
import { MAX_PUSH_RECORDS, pushResponseSchema } from '../shared/protocol/push.ts';
import { PROTOCOL_VERSION } from '../shared/protocol/version.ts';
import { createIdGenerator } from '../tests/fixtures/seeded-ids.ts';
import {
  type BenchResult,
  benchWalkthroughs,
  median,
  openRawWalkthroughInsert,
  openSyncBenchStore,
  rawWalkthroughRow,
  type SyncBenchStore,
} from './sync-bench-store.ts';

export type PushIngestOptions = {
  /** Records per push (and per raw transaction); at most 500, the protocol's batch limit. */
  batchSize?: number;
  /** Timed batches per side, after `warmup` untimed ones. */
  batches?: number;
  warmup?: number;
  /** Run on the server's store before any batch, untimed (e.g. targets, so the rollups have a journey to score). */
  prepare?: (server: SyncBenchStore) => Promise<void>;
  /** Run after each push and timed apart from it (e.g. the rollups' catch-up, which the next score read runs). */
  afterPush?: (server: SyncBenchStore) => Promise<void>;
};

export type PushIngestResult = BenchResult & {
  serverPerSecond: number;
  rawPerSecond: number;
  /** serverPerSecond / rawPerSecond: 1 would be as fast as the raw insert. */
  throughputRatio: number;
  /** Median time of `afterPush` per batch; null without one. */
  afterPushMs: number | null;
};

export async function pushIngestBench({
  batchSize = MAX_PUSH_RECORDS,
  batches = 12,
  warmup = 4,
  prepare,
  afterPush,
}: PushIngestOptions = {}): Promise<PushIngestResult> {
  const server = await openSyncBenchStore();
  const raw = await openSyncBenchStore();
  try {
    await prepare?.(server);
    const app = createApp({ store: server.store, logger: createMemoryLogger() });
    const clientId = createIdGenerator(0xbe)();
    const total = batches + warmup;

    // Everything a client would hold before the request, and the raw side's rows, made before any timing.
    const serverBodies = Array.from({ length: total }, (_, b) =>
      JSON.stringify({
        protocolVersion: PROTOCOL_VERSION,
        clientId,
        records: benchWalkthroughs(batchSize, server.journeyId, server.samplerId, 0x1000 + b).map((data) => ({
          type: 'walkthrough',
          data,
        })),
      }),
    );
    let seq = 0;
    const rawBatches = Array.from({ length: total }, (_, b) =>
      benchWalkthroughs(batchSize, raw.journeyId, raw.samplerId, 0x1000 + b).map((w) => {
        seq += 1;
        return rawWalkthroughRow(raw, w, seq, clientId);
      }),
    );

    // The raw side gets its own connection to its own file, configured as the server's (open-sqlite.ts).
    await raw.store.close();
    const { db, insert } = openRawWalkthroughInsert(raw.file);
    const insertBatch = db.transaction((rows: (typeof rawBatches)[number]) => {
      for (const row of rows) insert.run(row);
    });

    const serverTimes: number[] = [];
    const rawTimes: number[] = [];
    const afterPushTimes: number[] = [];
    // Interleaved, so drift (page cache, CPU frequency, a neighbour) hits both sides alike.
    for (let b = 0; b < total; b += 1) {
      const rows = rawBatches[b];
      const body = serverBodies[b];
      if (rows === undefined || body === undefined) throw new Error('bench: missing batch');

      let started = performance.now();
      insertBatch(rows);
      const rawMs = performance.now() - started;

      started = performance.now();
      const response = await app.request('/api/v1/sync/push', {
        method: 'POST',
        // As any HTTP client sends it: with a length, which lets the body limit answer without a second read.
        headers: {
          Authorization: `Bearer ${server.token}`,
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
        },
        body,
      });
      // Timed until the whole answer is in; parsing it is the client's work, checked after the clock stops.
      const text = await response.text();
      const serverMs = performance.now() - started;
      const answer = pushResponseSchema.safeParse(JSON.parse(text));
      if (response.status !== 200 || !answer.success || answer.data.results.some((r) => r.status !== 'accepted')) {
        throw new Error(`bench: push answered ${response.status}: ${text.slice(0, 300)}`);
      }
      started = performance.now();
      await afterPush?.(server);
      const afterPushMs = performance.now() - started;
      if (b >= warmup) {
        rawTimes.push(rawMs);
        serverTimes.push(serverMs);
        afterPushTimes.push(afterPushMs);
      }
    }
    db.close();

    const baselineMs = median(rawTimes);
    const measuredMs = median(serverTimes);
    const rawPerSecond = (batchSize * 1000) / baselineMs;
    const serverPerSecond = (batchSize * 1000) / measuredMs;
    return {
      name: `push ingest, ${batchSize} walkthroughs per batch (SQLite FULL), vs raw better-sqlite3 insert`,
      baselineMs,
      measuredMs,
      rawPerSecond,
      serverPerSecond,
      throughputRatio: serverPerSecond / rawPerSecond,
      afterPushMs: afterPush === undefined ? null : median(afterPushTimes),
    };
  } finally {
    await server.dispose();
    await raw.dispose();
  }
}
