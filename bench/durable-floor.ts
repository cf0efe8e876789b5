// The least a server that stores pushes durably can do per request, as a node:http handler: the bare handler's
// work (read the body, parse it as JSON, answer a small JSON object) plus the pushed walkthrough's row inserted
// raw into the migrated schema (the same indexes the server keeps) and committed with synchronous=FULL before
// the answer, with as many requests per commit as arrive together. No authentication, validation, duplicate
// check, change counter or per-record answer: whatever a real server does on top of this costs more. So the
// floor's rate against the bare handler is the ceiling for any push endpoint that keeps the handbook's promise
// (an acknowledged write survives power loss) on this machine (bench/push-requests.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Walkthrough } from '../shared/schemas/walkthrough.ts';
import { openRawWalkthroughInsert, rawWalkthroughRow, type SyncBenchStore } from './sync-bench-store.ts';

type Waiting = { readonly walkthrough: Walkthrough; readonly clientId: string; readonly done: () => void };

export type DurableFloor = {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Requests per commit so far: how well the floor's grouping works. */
  readonly stats: { commits: number; requests: number };
  close(): void;
};

/** The floor over `bench`'s database file; the bench store itself must be closed first (one writer). */
export function durableFloor(bench: Pick<SyncBenchStore, 'file' | 'teamId' | 'samplerId'>): DurableFloor {
  const { db, insert } = openRawWalkthroughInsert(bench.file);
  const stats = { commits: 0, requests: 0 };
  let changeSeq = 0;
  let waiting: Waiting[] = [];
  let scheduled = false;
  let lookedAt = 0;
  const commit = db.transaction((group: readonly Waiting[]) => {
    for (const { walkthrough, clientId } of group) {
      changeSeq += 1;
      insert.run(rawWalkthroughRow(bench, walkthrough, changeSeq, clientId));
    }
  });
  // The server's grouping (server/store/push/group-commit.ts) without its time cap: a group leaves once a turn of the
  // event loop adds nothing to it, so the clients answered by the last commit are in it.
  const gather = (): void => {
    if (waiting.length > lookedAt) {
      lookedAt = waiting.length;
      setImmediate(gather);
      return;
    }
    const group = waiting;
    waiting = [];
    scheduled = false;
    commit(group);
    stats.commits += 1;
    stats.requests += group.length;
    for (const { done } of group) done();
  };
  const stored = (walkthrough: Walkthrough, clientId: string): Promise<void> =>
    new Promise((done) => {
      waiting.push({ walkthrough, clientId, done });
      if (scheduled) return;
      scheduled = true;
      lookedAt = 0;
      setImmediate(gather);
    });
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // Trusted bench input: the one record's data is taken as a walkthrough unchecked.
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        clientId: string;
        records: { data: Walkthrough }[];
      };
      const walkthrough = parsed.records[0]?.data;
      if (walkthrough === undefined) throw new Error('bench: a push without a record');
      void stored(walkthrough, parsed.clientId).then(() => {
        const body = JSON.stringify({ ok: true });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
  };
  return { handle, stats, close: () => db.close() };
}
