// What the walkthrough-removal, streamed-CSV and start-up catch-up suites share: the real app served on a loopback
// port, a journey with targets made through the API, walkthroughs of it, and the overview's count.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { expect } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger, type Logger } from '../../server/logger.ts';
import type { Store } from '../../server/store/store.ts';
import { scoresOverviewSchema } from '../../shared/protocol/scores.ts';
import { type Journey, journeySchema } from '../../shared/schemas/journey.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import type { IdGenerator } from '../fixtures/seeded-ids.ts';
import type { Client } from '../helpers/api-harness.ts';

export const DAY_MS = 86_400_000;

/** The real app over `store` on 127.0.0.1 and a free port; `close` stops accepting and waits for open requests. */
export async function serveOnLoopback(store: Store, now: () => Date, logger: Logger = createMemoryLogger()) {
  const app = createApp({ store, logger, now });
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A service and a three-step journey made by `lead`, with a 60 s active-time target (90% within). */
export async function journeyWithTargets(lead: Client, name = 'Reset my password'): Promise<Journey> {
  const service = serviceSchema.parse((await lead.post('/services', { name: `${name} service` })).body);
  const made = await lead.post('/journeys', {
    serviceId: service.id,
    name,
    steps: [{ name: 'Open' }, { name: 'Verify' }, { name: 'Done' }],
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const journey = journeySchema.parse(made.body);
  const targets = await lead.put(`/journeys/${journey.id}/targets`, {
    rev: null,
    duration: { thresholdMs: 60_000, share: 0.9 },
  });
  expect(targets.status, JSON.stringify(targets.body)).toBeLessThan(300);
  return journey;
}

/** A walkthrough of `journey` by `samplerId`, started `minutesAgo` before `now`, its marks on the journey's steps. */
export function walkthroughOf(
  journey: Journey,
  samplerId: string,
  now: Date,
  minutesAgo: number,
  ids: IdGenerator,
  overrides: Partial<Walkthrough> = {},
): Walkthrough {
  const elapsedMs = overrides.elapsedMs ?? 45_000;
  return makeWalkthrough(
    {
      journeyId: journey.id,
      journeyName: journey.name,
      samplerId,
      startedAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
      elapsedMs,
      stepMarks: journey.steps.map((step, i) => ({
        stepId: step.id,
        name: step.name,
        atMs: Math.floor((elapsedMs * i) / 4),
        source: 'manual' as const,
      })),
      ...overrides,
    },
    ids,
  );
}

/** Pushes `walkthroughs` as `sampler` in batches of 200; every record must be accepted. */
export async function pushAll(sampler: Client, walkthroughs: readonly Walkthrough[], device: string): Promise<void> {
  for (let i = 0; i < walkthroughs.length; i += 200) {
    const records = walkthroughs.slice(i, i + 200).map((data) => ({ type: 'walkthrough', data }));
    const answer = await sampler.push(records, device);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const results = (answer.body as { results: { status: string }[] }).results;
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
  }
}

/** The overview of the last 7 days as `lead` reads it: each journey's n, and the change_seq it counts through. */
export async function overviewCounts(lead: Client) {
  const answer = await lead.get('/scores/overview?period=7d');
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const overview = scoresOverviewSchema.parse(answer.body);
  const n = new Map<string, number>();
  for (const { journeys } of overview.services) {
    for (const { journey, scorecard } of journeys) n.set(journey.id, scorecard?.n ?? 0);
  }
  return { n, asOfChangeSeq: overview.freshness.asOfChangeSeq };
}
