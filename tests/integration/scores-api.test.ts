// The scores API over real HTTP on loopback (server/api/scores.ts), on SQLite and PostgreSQL: the worked examples
// of the metrics (the Apdex spec's 60/30/10, adjusted Wald 4 of 5) through the API, the same digits as the
// extension's engine (shared scoreJourney, which the local scorecard calls) on the same walkthroughs, both clocks,
// filters, a target edit showing at once, CSV, and bad queries refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import type { Store } from '../../server/store/store.ts';
import { samplesStillNeeded } from '../../shared/domain/samples-still-needed.ts';
import { scoreJourney } from '../../shared/domain/score-journey.ts';
import { type ScoresJourney, scoresJourneySchema, scoresOverviewSchema } from '../../shared/protocol/scores.ts';
import type { Feedback } from '../../shared/schemas/feedback.ts';
import { type Journey, journeySchema } from '../../shared/schemas/journey.ts';
import { type JourneyTargets, journeyTargetsSchema } from '../../shared/schemas/journey-targets.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { makeFeedback } from '../fixtures/make-feedback.ts';
import { makePainPoint, makeWalkthrough } from '../fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS } from '../fixtures/seeded-ids.ts';
import { type Client, client, envelope, type SeededTeam, seedTeamMembers } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const DAY_MS = 86_400_000;
/** The server's clock: a Thursday, ten days after the fixture epoch. */
const NOW = new Date(FIXTURE_EPOCH_MS + 10 * DAY_MS);
const DEVICE = '01900000-0000-7000-8000-00000000dec0';

/** RFC 4180 rows of a CSV answer (quoted cells may hold commas, quotes and line breaks). */
async function parseCsv(response: Response): Promise<string[][]> {
  // Decoded by hand: Response.text() would drop the byte order mark this checks for.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  expect(row).toEqual([]);
  return rows;
}

describe.each(storeFactories())('scores API over HTTP on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let server: Server;
  let team: SeededTeam;
  let lead: Client;
  let sampler: Client;
  let journey: Journey;
  let serviceId: string;
  const ids = createIdGenerator(0x5c0a);

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
    team = await seedTeamMembers(store, 'Team');
    const app = createApp({ store, logger: createMemoryLogger(), now: () => NOW });
    server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    lead = client(base, team.lead.token);
    sampler = client(base, team.staff.token);
    const service = serviceSchema.parse((await lead.post('/services', { name: '=Portal, "the" one' })).body);
    serviceId = service.id;
    journey = journeySchema.parse(
      (
        await lead.post('/journeys', {
          serviceId,
          name: 'Reset my password',
          steps: [{ name: 'Open the portal' }, { name: 'Verify identity' }, { name: 'Set a new password' }],
        })
      ).body,
    );
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await opened.dispose();
  });

  const setTargets = async (body: object, rev: number | null = null): Promise<JourneyTargets> => {
    const answer = await lead.put(`/journeys/${journey.id}/targets`, { rev, ...body });
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    return journeyTargetsSchema.parse(answer.body);
  };

  /** A walkthrough of the journey, started `daysAgo` before NOW, its marks on the journey's steps. */
  const walkthrough = (daysAgo: number, overrides: Partial<Walkthrough> = {}): Walkthrough => {
    const elapsedMs = overrides.elapsedMs ?? 120_000;
    return makeWalkthrough(
      {
        journeyId: journey.id,
        journeyName: journey.name,
        samplerId: team.staff.userId,
        startedAt: new Date(NOW.getTime() - daysAgo * DAY_MS - 3_600_000).toISOString(),
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
  };

  const push = async (walkthroughs: readonly Walkthrough[], as: Client = sampler) => {
    for (let i = 0; i < walkthroughs.length; i += 100) {
      const records = walkthroughs.slice(i, i + 100).map((data) => ({ type: 'walkthrough', data }));
      const answer = await as.push(records, DEVICE);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
  };

  const overview = async (query = '') => {
    const answer = await lead.get(`/scores/overview${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return scoresOverviewSchema.parse(answer.body);
  };
  const journeyScores = async (query = ''): Promise<ScoresJourney> => {
    const answer = await lead.get(`/scores/journeys/${journey.id}${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return scoresJourneySchema.parse(answer.body);
  };
  const cardOf = (o: Awaited<ReturnType<typeof overview>>) => {
    const card = o.services[0]?.journeys[0]?.scorecard;
    if (card === undefined || card === null) throw new Error('no scorecard');
    return card;
  };

  it("the Apdex spec's example: 60 satisfied, 30 tolerating, 10 frustrated of 100 is 0.75, fair", async () => {
    await setTargets({ duration: { thresholdMs: 10_000, share: 0.5 }, apdexTMs: 10_000 });
    const durations = [
      ...Array.from({ length: 60 }, (_, i) => 2_000 + i * 100),
      ...Array.from({ length: 30 }, (_, i) => 10_001 + i * 1_000),
      ...Array.from({ length: 10 }, (_, i) => 40_001 + i * 1_000),
    ];
    await push(durations.map((elapsedMs, i) => walkthrough(i % 20, { elapsedMs })));
    const card = cardOf(await overview());
    expect(card.apdex).toMatchObject({ n: 100, satisfied: 60, tolerating: 30, frustrated: 10, score: 0.75 });
    expect(card.apdex).toMatchObject({ tMs: 10_000, clock: 'active', band: 'fair' });
    expect(card.attainment).toMatchObject({ n: 100, count: 60, value: 0.6, clock: 'active' });
  });

  it('adjusted Wald, 4 of 5 within target: 0.8 with the interval 0.36–0.98, and what would settle it', async () => {
    await setTargets({ duration: { thresholdMs: 180_000, share: 0.9 } });
    await push([
      ...[60_000, 90_000, 120_000, 150_000].map((elapsedMs, i) => walkthrough(i, { elapsedMs })),
      walkthrough(5, { elapsedMs: 240_000 }),
    ]);
    const z = 1.96;
    const center = (4 + (z * z) / 2) / (5 + z * z);
    const half = z * Math.sqrt((center * (1 - center)) / (5 + z * z));
    const answer = await journeyScores();
    const { attainment } = answer.scorecard;
    expect(attainment).toMatchObject({ n: 5, count: 4, value: 0.8, thresholdMs: 180_000, clock: 'active' });
    expect(attainment.interval?.low).toBeCloseTo(center - half, 12);
    expect(attainment.interval?.high).toBeCloseTo(center + half, 12);
    expect(attainment.interval?.low).toBeCloseTo(0.36, 2);
    expect(attainment.interval?.high).toBeCloseTo(0.98, 2);
    expect(attainment.target).toEqual({ goal: 0.9, status: 'at_risk' });
    expect(answer.samplesNeeded).toContainEqual({
      target: 'attainment',
      status: 'at_risk',
      needed: samplesStillNeeded({ count: 4, n: 5, goal: 0.9, minSamples: 5 }),
    });
    expect(answer.freshness.source).toBe('rollups');
  });

  it('gives the same digits as the extension engine (scoreJourney) on the same walkthroughs, on both clocks', async () => {
    const targets = await setTargets({
      duration: { thresholdMs: 100_000, share: 0.8, clock: 'active' },
      completionRate: 0.9,
      csat: 0.7,
      seqMean: 5,
      cesMean: 5,
      apdexTMs: 60_000,
    });
    const walkthroughs = Array.from({ length: 40 }, (_, i) => {
      const elapsedMs = 30_000 + ((i * 7_919) % 150_000);
      return walkthrough(i % 25, {
        elapsedMs,
        pauses: i % 3 === 0 ? [{ startMs: 1_000, endMs: 1_000 + Math.floor(elapsedMs / 3), reason: 'email' }] : [],
        outcome: i % 9 === 0 ? 'abandoned' : i % 13 === 0 ? 'failed' : 'completed',
        ...(i % 13 === 0 && i % 9 !== 0 ? { outcomeReason: 'The portal was down' } : {}),
        ratings: { satisfaction: (i % 5) + 1, seq: (i % 7) + 1, ...(i % 4 === 0 ? {} : { ces: ((i * 3) % 7) + 1 }) },
        painPoints: i % 5 === 0 ? [makePainPoint({ atMs: Math.floor(elapsedMs / 2) }, ids)] : [],
        pages: [
          {
            id: ids(),
            url: 'https://portal.example.com/verify',
            atMs: Math.floor(elapsedMs / 4) + 10,
            timings: { ttfbMs: 100 + i, loadMs: 900 + 10 * i },
          },
        ],
      });
    });
    await push(walkthroughs);
    const feedback: Feedback[] = Array.from({ length: 12 }, (_, i) =>
      makeFeedback(
        {
          serviceId,
          journeyId: journey.id,
          stepId: journey.steps[1]?.id,
          rating: (i % 5) + 1,
          createdAt: new Date(NOW.getTime() - (i + 1) * DAY_MS).toISOString(),
        },
        ids,
      ),
    );
    for (const f of feedback) expect((await store.insertFeedback(team.teamId, f)).status).toBe('accepted');

    const engine = scoreJourney({ journey, targets, walkthroughs, feedback });
    const answer = await journeyScores();
    const { steps: _steps, unmarked: _unmarked, excluded: _excluded, ...core } = engine;
    expect(answer.scorecard).toEqual(core);
    expect(cardOf(await overview())).toEqual(core);
    expect(answer.steps.basedOn).toEqual({ walkthroughs: 40, of: 40, exact: true });
    expect(answer.steps.steps.map(({ pageTimings: _p, ...step }) => step)).toEqual(engine.steps);
    expect(answer.steps.unmarked).toEqual(engine.unmarked);
    const verify = answer.steps.steps.find((s) => s.stepId === journey.steps[1]?.id);
    expect(verify?.pageTimings.pages).toBe(40);

    // The other clock: scoreJourney with the target on elapsed time gives the answer's elapsed durations.
    const elapsedEngine = scoreJourney({
      journey,
      targets: { ...targets, duration: { ...targets.duration, clock: 'elapsed' } },
      walkthroughs,
      feedback,
    });
    expect(answer.durations.active).toEqual(engine.duration);
    expect(answer.durations.elapsed).toEqual(elapsedEngine.duration);
    expect(answer.durations.elapsed.p50Ms).toBeGreaterThan(answer.durations.active.p50Ms ?? Infinity);

    // One sampler's or one browser's filter reads that slice's rollups (and the facts of the ragged ends); filters
    // that combine read the facts: the same numbers for the same walkthroughs every way.
    const bySampler = await journeyScores(`?samplerId=${team.staff.userId}`);
    expect(bySampler.freshness.source).toBe('slices');
    expect(bySampler.scorecard).toEqual(core);
    expect(bySampler.weeks).toEqual(answer.weeks);
    const bySamplerAndBrowser = await journeyScores(`?samplerId=${team.staff.userId}&browser=Chromium%20156`);
    expect(bySamplerAndBrowser.freshness.source).toBe('facts');
    expect(bySamplerAndBrowser.scorecard).toEqual(core);
    const completedOnly = await journeyScores('?outcome=completed');
    const completed = walkthroughs.filter((w) => w.outcome === 'completed');
    const {
      steps: _s,
      unmarked: _u,
      excluded: _e,
      ...completedCore
    } = scoreJourney({
      journey,
      targets,
      walkthroughs: completed,
      feedback,
    });
    expect(completedOnly.scorecard).toEqual(completedCore);
    const otherBrowser = await journeyScores('?browser=Firefox%20140');
    expect(otherBrowser.scorecard.n).toBe(0);
    expect(otherBrowser.scorecard.apdex.band).toBe('not_enough_data');
  });

  it('past 256 walkthroughs (DDSketch rollups merged with exact ones) the overview gives the engine digits, either clock', async () => {
    // 600 walkthroughs over 80 days: the 90 days' buckets hold some DDSketches and many exact sketches, which
    // the overview merges in bulk and on the judged clock only (shared/domain/merge-in-bulk.ts).
    const walkthroughs = Array.from({ length: 600 }, (_, i) => {
      const elapsedMs = 20_000 + ((i * 7_919) % 400_000);
      return walkthrough(1 + (i % 80), {
        elapsedMs,
        pauses: i % 3 === 0 ? [{ startMs: 1_000, endMs: 1_000 + Math.floor(elapsedMs / 3), reason: 'email' }] : [],
        outcome: i % 11 === 0 ? 'abandoned' : 'completed',
        ratings: { satisfaction: (i % 5) + 1, seq: (i % 7) + 1 },
      });
    });
    const engineCore = (targets: JourneyTargets) => {
      const {
        steps: _s,
        unmarked: _u,
        excluded: _e,
        ...core
      } = scoreJourney({
        journey,
        targets,
        walkthroughs,
        feedback: [],
      });
      return core;
    };
    const active = await setTargets({ duration: { thresholdMs: 100_000, share: 0.8, clock: 'active' } });
    await push(walkthroughs);
    expect(engineCore(active).duration.precision.exact).toBe(false);
    expect(cardOf(await overview('?period=90d'))).toEqual(engineCore(active));
    const elapsed = await setTargets({ duration: { thresholdMs: 150_000, share: 0.8, clock: 'elapsed' } }, active.rev);
    expect(cardOf(await overview('?period=90d'))).toEqual(engineCore(elapsed));
  });

  it('a target edit changes the statuses at once; a new rev that moves a walkthrough leaves its old week', async () => {
    await setTargets({ duration: { thresholdMs: 100_000, share: 0.8 } });
    const quick = Array.from({ length: 20 }, (_, i) => walkthrough(i % 10, { elapsedMs: 90_000 }));
    await push(quick);
    expect(cardOf(await overview()).attainment.target.status).toBe('met');
    const before = await overview();
    expect(before.freshness.asOfChangeSeq).toBeGreaterThan(0);

    await setTargets({ duration: { thresholdMs: 60_000, share: 0.8 } }, 1);
    const after = cardOf(await overview());
    expect(after.attainment).toMatchObject({ count: 0, n: 20, thresholdMs: 60_000 });
    expect(after.attainment.target.status).toBe('breached');

    // The newest walkthrough, revised to have started 40 days ago: out of the 30-day period and its week.
    const moved = {
      ...quick[0],
      rev: 2,
      startedAt: new Date(NOW.getTime() - 40 * DAY_MS).toISOString(),
    } as Walkthrough;
    moved.endedAt = new Date(Date.parse(moved.startedAt) + moved.elapsedMs).toISOString();
    await push([moved]);
    const o = await overview();
    expect(cardOf(o).n).toBe(19);
    const sparkline = o.services[0]?.journeys[0]?.sparkline ?? [];
    expect(sparkline).toHaveLength(12);
    expect(sparkline.reduce((sum, week) => sum + week.attainment.n, 0)).toBe(20);
    // Its new week (40 days before NOW is Saturday 2025-12-06: the week from Monday 2025-12-01) holds it alone.
    expect(sparkline.find((week) => week.weekStart === '2025-12-01')?.attainment.n).toBe(1);
    expect((await overview('?period=90d')).services[0]?.journeys[0]?.scorecard?.n).toBe(20);
    // A filter that cuts across the rollups (here: the sampler) counts the same walkthroughs in the sparkline.
    const weeksOf = async (query: string) =>
      ((await overview(query)).services[0]?.journeys[0]?.sparkline ?? []).reduce((sum, w) => sum + w.attainment.n, 0);
    expect(await weeksOf(`?samplerId=${team.staff.userId}`)).toBe(20);
    expect(await weeksOf(`?samplerId=${team.lead.userId}`)).toBe(0);
  });

  it('CSV of the overview and of the walkthroughs behind a scorecard, formulas defused', async () => {
    await setTargets({ duration: { thresholdMs: 100_000, share: 0.8 } });
    await push([
      walkthrough(1, { elapsedMs: 50_000, ratings: { satisfaction: 5, comment: '=HYPERLINK("http://x.test")' } }),
      walkthrough(2, { elapsedMs: 150_000, ratings: {} }),
    ]);
    const overviewCsv = await lead.raw('GET', '/scores/overview.csv?period=7d');
    expect(overviewCsv.status).toBe(200);
    expect(overviewCsv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(overviewCsv.headers.get('content-disposition')).toMatch(/^attachment; filename="scores-.+\.csv"$/);
    const rows = await parseCsv(overviewCsv);
    expect(rows[0]?.slice(0, 4)).toEqual(['service', 'journey', 'journey id', 'n']);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.slice(0, 4)).toEqual([`'=Portal, "the" one`, 'Reset my password', journey.id, '2']);
    const header = rows[0] ?? [];
    expect(rows[1]?.[header.indexOf('attainment')]).toBe('0.5');

    const walkthroughsCsv = await lead.raw('GET', `/scores/journeys/${journey.id}/walkthroughs.csv?period=7d`);
    expect(walkthroughsCsv.status).toBe(200);
    const lines = await parseCsv(walkthroughsCsv);
    expect(lines).toHaveLength(3);
    const columns = lines[0] ?? [];
    expect(columns).toContain('within 100 s active');
    expect(lines.map((line) => line[columns.indexOf('within 100 s active')])).toEqual([
      'within 100 s active',
      'yes',
      'no',
    ]);
    expect(lines[1]?.[columns.indexOf('comment')]).toBe(`'=HYPERLINK("http://x.test")`);
  });

  it('refuses a bad query with a clear error; staff get 403, another journey 404', async () => {
    await setTargets({ duration: { thresholdMs: 100_000, share: 0.8 } });
    for (const query of [
      '?period=1y',
      '?from=2026-01-01',
      '?from=2026-02-01&to=2026-01-01',
      '?from=2020-01-01&to=2026-01-01',
      '?period=7d&from=2026-01-01&to=2026-01-02',
      '?limit=5',
      '?outcome=lost',
      `?samplerId=${team.staff.userId}&samplerId=${team.lead.userId}`,
    ]) {
      const answer = await lead.get(`/scores/overview${query}`);
      expect(answer.status, query).toBe(400);
      expect(envelope(answer).code).toBe('validation_failed');
    }
    expect((await sampler.get('/scores/overview')).status).toBe(403);
    expect((await lead.get(`/scores/journeys/${ids()}`)).status).toBe(404);
    const other = await seedTeamMembers(store, 'Other');
    expect(other.teamId).not.toBe(team.teamId);
    const answer = await lead.get(`/scores/overview?from=2026-01-01&to=2026-01-31&journeyId=${journey.id}`);
    expect(scoresOverviewSchema.parse(answer.body).period).toEqual({ from: '2026-01-01', to: '2026-01-31', days: 31 });
  });
});
