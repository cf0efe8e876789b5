import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { type SeededRandom, seededRandom } from './seeded-random.ts';

/**
 * What the proxy does to one request. Each kind is a way a real network or load balancer loses or bends a
 * request, and each puts the sync engine in a different place:
 * - pass: forwarded, answered.
 * - drop-before: the server never sees the whole request (client: reset, closed socket, or its own timeout; or
 *   the server gets a truncated body and the connection dies mid-read).
 * - drop-after: forwarded and answered by the server (it committed), but the client's connection dies before
 *   the answer reaches it. The classic "did my write happen?" case.
 * - duplicate: forwarded twice (at once, or one after the other), the client gets one of the answers.
 * - hold: kept back until later requests have been forwarded, then forwarded (reordering). Sometimes the client
 *   is cut off first and the held request lands later anyway, a "ghost" that arrives after the client's retry.
 */
export type FaultKind = 'pass' | 'drop-before' | 'drop-after' | 'duplicate' | 'hold';

export type FaultRates = {
  readonly dropBefore: number;
  readonly dropAfter: number;
  readonly duplicate: number;
  readonly hold: number;
};

/** About 20% of requests lost (before plus after), and a tenth each duplicated and held back. */
export const DEFAULT_FAULT_RATES: FaultRates = { dropBefore: 0.1, dropAfter: 0.1, duplicate: 0.1, hold: 0.1 };

export type FaultStats = {
  requests: number;
  passed: number;
  /** The server never got the request: reset, closed, stalled until the client gave up, or cut mid-body. */
  droppedBefore: number;
  /** Of those dropped before, the ones the server started reading (a truncated body, then the connection died). */
  cutMidBody: number;
  /** Of those dropped before, the ones never answered at all: the client's timeout ended them. */
  stalled: number;
  /** The server answered (and may have committed); the client never got the answer. */
  droppedAfter: number;
  duplicated: number;
  /** Held back while later requests went first. */
  reordered: number;
  /** Of those held, the ones whose client was cut off before the held request was forwarded. */
  ghosts: number;
  /** Requests sent to the server (duplicates count twice; cut-off ones count). */
  forwarded: number;
  /** Forwards that got no answer from the server (refused while it was down, or killed mid-request): 502. */
  upstreamFailures: number;
};

/** A request as the proxy received it, whole, before any fault. */
export type ProxiedRequest = {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
};

export type FaultProxyOptions = {
  /** Where to forward: a loopback port. The server behind it may go away and come back on the same port. */
  readonly targetPort: number;
  readonly seed: number;
  readonly rates?: FaultRates;
  /**
   * Which fault stream a request draws from. Each stream has its own generator derived from the seed, so a
   * client's n-th request meets the same fault whatever the other clients do meanwhile. Default: one stream.
   */
  readonly streamOf?: (request: ProxiedRequest) => string;
  /** Seen for every request as it arrives (before its fault), e.g. to capture push bodies for a replay. */
  readonly onRequest?: (request: ProxiedRequest) => void;
  /** Called each time a request goes to the server, e.g. to time a server kill while requests are in flight. */
  readonly onForward?: () => void;
  /** A held request is let go after this long even if no later request came (the last client left). */
  readonly maxHoldMs?: number;
  /** A forward with no answer for this long counts as the server gone (502); default 10 s. */
  readonly upstreamTimeoutMs?: number;
};

export type FaultProxy = {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly stats: Readonly<FaultStats>;
  /** Resolves once every request received so far has been dealt with, held and duplicated ones included. */
  settled(): Promise<void>;
  close(): Promise<void>;
};

type Upstream =
  | { readonly ok: true; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer }
  | { readonly ok: false; readonly why: string };

/** Headers that describe one connection, not the message: never copied across the proxy. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
]);

const endToEnd = (headers: IncomingHttpHeaders): OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** FNV-1a, to turn a stream name into a number to mix into the seed. */
const hash32 = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

/**
 * A real HTTP proxy on loopback (node:http both ways, a fresh upstream connection per forward so no pooled
 * socket outlives a killed server) that injects seeded faults into every request. The seed decides which fault
 * each request of each stream gets and its details; timing (which request meets a server kill) still depends
 * on the machine.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy({ targetPort: 8787, seed: 1234 });
 * await fetch(`${proxy.url}/healthz`); // may fail, be answered late, or reach the server twice
 * await proxy.settled();
 * await proxy.close();
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const {
    targetPort,
    seed,
    rates = DEFAULT_FAULT_RATES,
    streamOf = () => 'all',
    maxHoldMs = 300,
    upstreamTimeoutMs = 10_000,
  } = options;
  const upstreams = new Set<ClientRequest>();
  let closed = false;
  const stats: FaultStats = {
    requests: 0,
    passed: 0,
    droppedBefore: 0,
    cutMidBody: 0,
    stalled: 0,
    droppedAfter: 0,
    duplicated: 0,
    reordered: 0,
    ghosts: 0,
    forwarded: 0,
    upstreamFailures: 0,
  };
  const streams = new Map<string, SeededRandom>();
  const streamRandom = (name: string): SeededRandom => {
    let random = streams.get(name);
    if (random === undefined) {
      random = seededRandom((seed ^ hash32(name)) >>> 0);
      streams.set(name, random);
    }
    return random;
  };

  // Held requests wait for the forward count to reach their mark (or for their timer).
  const holds = new Set<{ readonly until: number; readonly release: () => void }>();
  const noteForward = () => {
    stats.forwarded += 1;
    options.onForward?.();
    for (const hold of holds) if (stats.forwarded >= hold.until) hold.release();
  };
  const holdFor = (laterForwards: number): Promise<void> =>
    new Promise((resolve) => {
      const hold = {
        until: stats.forwarded + laterForwards,
        release: () => {
          clearTimeout(timer);
          holds.delete(hold);
          resolve();
        },
      };
      const timer = setTimeout(hold.release, maxHoldMs);
      holds.add(hold);
    });

  /** Sends the request to the server and reads the whole answer; `cutAt` sends only that many body bytes. */
  const forward = (request: ProxiedRequest, cutAt?: number): Promise<Upstream> =>
    new Promise((resolve) => {
      if (closed) {
        resolve({ ok: false, why: 'the proxy is closing' });
        return;
      }
      noteForward();
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: targetPort,
          method: request.method,
          path: request.path,
          headers: { ...endToEnd(request.headers), 'content-length': String(request.body.length) },
          agent: false,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              ok: true,
              status: response.statusCode ?? 502,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
          response.on('error', (error) => resolve({ ok: false, why: error.message }));
        },
      );
      upstream.on('error', (error) => resolve({ ok: false, why: error.message }));
      // A server that never answers must not keep the proxy (and settled(), close()) waiting for ever.
      upstream.setTimeout(upstreamTimeoutMs, () => upstream.destroy(new Error('the server did not answer in time')));
      upstreams.add(upstream);
      upstream.once('close', () => upstreams.delete(upstream));
      if (cutAt === undefined) {
        upstream.end(request.body);
        return;
      }
      // The server has started reading a body that will never be complete: it must not store any of it.
      upstream.write(request.body.subarray(0, cutAt), () => {
        upstream.destroy();
        resolve({ ok: false, why: 'cut mid-body by the proxy' });
      });
    });

  const answer = (res: ServerResponse, upstream: Upstream): void => {
    if (res.destroyed) return;
    if (!upstream.ok) {
      stats.upstreamFailures += 1;
      // What a load balancer says when the server behind it is gone: the client should try again later.
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'bad_gateway', message: `proxy: ${upstream.why}`, requestId: 'fault-proxy' }));
      return;
    }
    res.writeHead(upstream.status, endToEnd(upstream.headers));
    res.end(upstream.body);
  };

  /** The client's connection dies: a TCP reset or an orderly close, as the stream chooses. */
  const cutClient = (req: IncomingMessage, random: SeededRandom): void => {
    if (random.chance(0.5)) req.socket.resetAndDestroy();
    else req.socket.destroy();
  };

  const clientGone = (req: IncomingMessage): Promise<void> =>
    req.socket.destroyed ? Promise.resolve() : new Promise((resolve) => req.socket.once('close', () => resolve()));

  const chooseFault = (random: SeededRandom): FaultKind => {
    const roll = random.next();
    let edge = rates.dropBefore;
    if (roll < edge) return 'drop-before';
    edge += rates.dropAfter;
    if (roll < edge) return 'drop-after';
    edge += rates.duplicate;
    if (roll < edge) return 'duplicate';
    edge += rates.hold;
    if (roll < edge) return 'hold';
    return 'pass';
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const request: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: await readBody(req),
    };
    stats.requests += 1;
    options.onRequest?.(request);
    const random = streamRandom(streamOf(request));
    // Every detail is drawn up front, so the draws per request do not depend on how the request fares.
    const fault = chooseFault(random);
    const variant = random.next();
    const laterForwards = random.int(1, 4);
    const cutAt = random.int(0, Math.max(0, request.body.length - 1));
    switch (fault) {
      case 'pass':
        stats.passed += 1;
        answer(res, await forward(request));
        return;
      case 'drop-before':
        stats.droppedBefore += 1;
        if (variant < 0.6) cutClient(req, random);
        else if (variant < 0.8) {
          // The server starts reading and the connection dies part way: nothing of it may be stored.
          stats.cutMidBody += 1;
          await forward(request, cutAt);
          cutClient(req, random);
        } else {
          // No answer at all: the client's own timeout must end the wait.
          stats.stalled += 1;
          await clientGone(req);
        }
        return;
      case 'drop-after': {
        const upstream = await forward(request);
        if (!upstream.ok) {
          answer(res, upstream);
          return;
        }
        stats.droppedAfter += 1;
        cutClient(req, random);
        return;
      }
      case 'duplicate': {
        stats.duplicated += 1;
        const both: [Upstream, Upstream] =
          variant < 0.5
            ? await Promise.all([forward(request), forward(request)])
            : [await forward(request), await forward(request)];
        const [first, second] = both;
        // The client gets the answer the seed picks, or the other one when that copy found no server.
        const [preferred, fallback] = variant < 0.25 || variant >= 0.75 ? [first, second] : [second, first];
        answer(res, preferred.ok || !fallback.ok ? preferred : fallback);
        return;
      }
      case 'hold': {
        stats.reordered += 1;
        if (variant < 0.5) {
          // A ghost: the client gives up on it, retries, and this old copy still lands after the retry.
          stats.ghosts += 1;
          cutClient(req, random);
          await holdFor(laterForwards);
          await forward(request);
          return;
        }
        await holdFor(laterForwards);
        answer(res, await forward(request));
        return;
      }
    }
  };

  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    res.on('error', () => {});
    const done: Promise<void> = handle(req, res)
      .catch(() => {
        if (!res.headersSent && !res.destroyed) answer(res, { ok: false, why: 'proxy error' });
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  // A reset client makes its socket emit errors the proxy does not care about: it caused them.
  server.on('connection', (socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fault proxy is not listening on TCP');
  const { port } = address;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      closed = true;
      for (const hold of holds) hold.release();
      for (const upstream of upstreams) upstream.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
