import { expect } from 'vitest';
import { type PullResponse, pullResponseSchema } from '../../shared/protocol/pull.ts';
import { pushResponseSchema } from '../../shared/protocol/push.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import type { IdGenerator } from '../fixtures/seeded-ids.ts';
import type { Client } from './api-harness.ts';

/** Every change a puller saw, in arrival order: `kind:id:rev` per record. */
export type PullLog = { readonly seen: string[]; pages: number };

const keysOf = (page: PullResponse): string[] => [
  ...page.services.map((s) => `service:${s.id}:${s.rev}`),
  ...page.journeys.map((j) => `journey:${j.id}:${j.rev}`),
  ...page.targets.map((t) => `targets:${t.journeyId}:${t.rev}`),
  ...page.walkthroughs.map((w) => `walkthrough:${w.id}:${w.rev}`),
];

/**
 * Pulls in a loop while `running()` says writers are still at work, then drains until hasMore is false. No
 * sleeps: every iteration awaits a real request. Bounded: gives up after `maxPages` pages. The pulls name device
 * `clientId` when given (what it pushed is left out), else a device that pushed nothing.
 */
export async function pullWhile(
  as: () => Client,
  running: () => boolean,
  {
    limit = 7,
    maxPages = 20_000,
    clientId,
  }: { readonly limit?: number; readonly maxPages?: number; readonly clientId?: string } = {},
): Promise<PullLog> {
  const log: PullLog = { seen: [], pages: 0 };
  let cursor: string | null = null;
  let draining = false;
  while (log.pages < maxPages) {
    const stillRunning = running();
    const answer = await as().pull(cursor, limit, clientId);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const page = pullResponseSchema.parse(answer.body);
    log.pages += 1;
    log.seen.push(...keysOf(page));
    cursor = page.cursor;
    // Drain only once the writers were already done when this pull started, so it saw all their commits.
    if (!stillRunning) draining = true;
    if (draining && !page.hasMore) return log;
  }
  throw new Error(`pull did not drain within ${maxPages} pages`);
}

/**
 * Pushes `batches` batches of 1..5 new walkthroughs (sizes from a fixed pattern) for `samplerId`, through `as()`
 * (which may alternate between servers). Returns the ids the server accepted.
 */
export async function pushMany(
  as: () => Client,
  {
    samplerId,
    journeyId,
    batches,
    ids,
    clientId,
  }: {
    readonly samplerId: string;
    readonly journeyId: string;
    readonly batches: number;
    readonly ids: IdGenerator;
    readonly clientId: string;
  },
): Promise<string[]> {
  const accepted: string[] = [];
  for (let batch = 0; batch < batches; batch += 1) {
    const walkthroughs: Walkthrough[] = Array.from({ length: 1 + ((batch * 7) % 5) }, () =>
      makeWalkthrough({ journeyId, samplerId }, ids),
    );
    const answer = await as().push(
      walkthroughs.map((data) => ({ type: 'walkthrough', data })),
      clientId,
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const { results } = pushResponseSchema.parse(answer.body);
    expect(results.map((r) => r.status)).toEqual(walkthroughs.map(() => 'accepted'));
    accepted.push(...walkthroughs.map((w) => w.id));
  }
  return accepted;
}

/** Keys seen more than once. */
export const repeated = (keys: readonly string[]): string[] => {
  const seen = new Set<string>();
  return keys.filter((key) => {
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
};
