// Push requests per second over loopback HTTP: the real server (createApp behind node:http, SQLite with WAL and
// synchronous=FULL) answering pushes of one new walkthrough each, the extension's usual push after a
// walkthrough ends, against a bare node:http handler that reads the same body, parses it as JSON and answers a
// small JSON object: the least any JSON endpoint does with these requests. Same client (node:http with
// keep-alive), same concurrency, same process, same run; the two sides take turns (three rounds each, medians),
// so a busy neighbour hits both alike. The ratio says what the whole stack costs per request on top of HTTP
// and JSON: middleware, the token lookup, validation, and durable commits (an fsync each, shared by the pushes
// that arrive together: server/store/push/group-commit.ts).
// With new walkthroughs a third side takes its turns too: the durable floor (durable-floor.ts), the bare
// handler plus a raw, group-committed insert of the same row into the same schema. Its ratio to the bare handler
// is the ceiling any push endpoint that acknowledges only durable writes can reach here.
// Each side gets `warmup` untimed requests first: the JIT must have compiled both stacks, or the ratio mostly
// measures which side is colder.
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createApp } from '../server/app.ts';
import { createMemoryLogger } from '../server/logger.ts';
import { PROTOCOL_VERSION } from '../shared/protocol/version.ts';
import { createIdGenerator } from '../tests/fixtures/seeded-ids.ts';
import { durableFloor } from './durable-floor.ts';
import { type BenchResult, benchWalkthroughs, median, openSyncBenchStore } from './sync-bench-store.ts';

/** Alternating timed rounds per side; the median of each side is reported. */
const ROUNDS = 5;

export type PushRequestsOptions = {
  /** Requests per side (timed, over all rounds; reported per this many), after `warmup` untimed ones. */
  requests?: number;
  warmup?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /**
   * `new`: every push carries a walkthrough the server has not seen (a durable commit, an fsync, per request).
   * `replay`: every push repeats one already stored (a duplicate: the same work minus the write), which shows the
   * per-request cost of the stack itself.
   */
  records?: 'new' | 'replay';
};

export type PushRequestsResult = BenchResult & {
  serverPerSecond: number;
  barePerSecond: number;
  /** serverPerSecond / barePerSecond. */
  throughputRatio: number;
  /** New walkthroughs only: the durable floor's median time for `requests` and its rate / the bare rate. */
  floor?: { readonly ms: number; readonly throughputRatio: number; readonly requestsPerCommit: number };
};

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** One POST over `agent`; resolves with the status once the whole answer is read. */
const post = (agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

/**
 * Sends `bodies` to `url` from `concurrency` workers over keep-alive connections (node:http, the lightest client
 * at hand, so the client's own cost flatters neither side); returns the wall time in ms. Throws on any non-200.
 */
async function drive(url: string, headers: Record<string, string>, bodies: readonly string[], concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const status = await post(agent, target, headers, bodies[i] ?? '');
          if (status !== 200) throw new Error(`bench: ${url} answered ${status}`);
        }
      }),
    );
    return performance.now() - started;
  } finally {
    agent.destroy();
  }
}

export async function pushRequestsBench({
  requests = 1000,
  warmup = 300,
  concurrency = 8,
  records = 'new',
}: PushRequestsOptions = {}): Promise<PushRequestsResult> {
  const bench = await openSyncBenchStore();
  const app = createApp({ store: bench.store, logger: createMemoryLogger() });
  const server = createServer(getRequestListener(app.fetch));
  // The floor writes to a migrated file of its own, through its own connection.
  const floorStore = records === 'new' ? await openSyncBenchStore() : undefined;
  await floorStore?.store.close();
  const floor = floorStore === undefined ? undefined : durableFloor(floorStore);
  const floorServer = floor === undefined ? undefined : createServer(floor.handle);
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const body = JSON.stringify({ ok: typeof parsed === 'object' && parsed !== null });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  try {
    const [serverUrl, bareUrl, floorUrl] = await Promise.all([
      listen(server),
      listen(bare),
      floorServer === undefined ? undefined : listen(floorServer),
    ]);
    const clientId = createIdGenerator(0xbf)();
    const bodiesOf = (of: { journeyId: string; samplerId: string }): string[] =>
      benchWalkthroughs(records === 'new' ? warmup + requests : 1, of.journeyId, of.samplerId, 0x2000).map((data) =>
        JSON.stringify({ protocolVersion: PROTOCOL_VERSION, clientId, records: [{ type: 'walkthrough', data }] }),
      );
    const unique = bodiesOf(bench);
    const floorBodies = floorStore === undefined ? [] : bodiesOf(floorStore);
    const bodies = records === 'new' ? unique : Array.from({ length: warmup + requests }, () => unique[0] ?? '');
    const headers = { Authorization: `Bearer ${bench.token}`, 'Content-Type': 'application/json' };
    const path = '/api/v1/sync/push';
    await drive(`${bareUrl}${path}`, headers, bodies.slice(0, warmup), concurrency);
    await drive(`${serverUrl}${path}`, headers, bodies.slice(0, warmup), concurrency);
    if (floorUrl !== undefined) await drive(`${floorUrl}${path}`, headers, floorBodies.slice(0, warmup), concurrency);
    // Turns: bare, server, floor, bare, server, floor… Each server and floor round stores its own share of the new
    // walkthroughs.
    const timed = bodies.slice(warmup);
    const floorTimed = floorBodies.slice(warmup);
    const share = Math.ceil(timed.length / ROUNDS);
    const bareTimes: number[] = [];
    const serverTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const part = timed.slice(round * share, (round + 1) * share);
      const perRequests = (ms: number): number => (ms * requests) / part.length;
      bareTimes.push(perRequests(await drive(`${bareUrl}${path}`, headers, part, concurrency)));
      serverTimes.push(perRequests(await drive(`${serverUrl}${path}`, headers, part, concurrency)));
      if (floorUrl !== undefined) {
        const floorPart = floorTimed.slice(round * share, (round + 1) * share);
        floorTimes.push(perRequests(await drive(`${floorUrl}${path}`, headers, floorPart, concurrency)));
      }
    }
    const baselineMs = median(bareTimes);
    const measuredMs = median(serverTimes);
    const barePerSecond = (requests * 1000) / baselineMs;
    const serverPerSecond = (requests * 1000) / measuredMs;
    const floorMs = median(floorTimes);
    return {
      ...(floor === undefined
        ? {}
        : {
            floor: {
              ms: floorMs,
              throughputRatio: baselineMs / floorMs,
              requestsPerCommit: floor.stats.requests / floor.stats.commits,
            },
          }),
      name: `push requests, 1 ${records === 'new' ? 'new' : 'replayed'} walkthrough each, ${concurrency} in flight, vs bare node:http`,
      baselineMs,
      measuredMs,
      barePerSecond,
      serverPerSecond,
      throughputRatio: serverPerSecond / barePerSecond,
    };
  } finally {
    await Promise.all([close(server), close(bare), floorServer === undefined ? undefined : close(floorServer)]);
    floor?.close();
    await Promise.all([bench.dispose(), floorStore?.dispose()]);
  }
}
