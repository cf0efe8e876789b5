import { describe, expect, it } from 'vitest';
import { makeTargets } from '../../tests/fixtures/make-targets.ts';
import { scorecardSchema } from '../schemas/scorecard.ts';
import { aggregateFacts, type ScoreFact } from './journey-aggregate.ts';
import { durationSummary, scoreAggregate } from './score-aggregate.ts';

const S = 1000;
const targets = makeTargets({ cesMean: 5 }); // 90% within 180 s active, completion 95%, CSAT 80%, SEQ 5.5, min n 5
const journeyId = targets.journeyId;
const score = (facts: readonly ScoreFact[], t = targets) =>
  scoreAggregate({ journeyId, aggregate: aggregateFacts(facts, t), targets: t });

const completed = (activeMs: number, more: Partial<ScoreFact> = {}): ScoreFact => ({
  outcome: 'completed',
  activeMs,
  elapsedMs: activeMs,
  ...more,
});

describe('scoreAggregate', () => {
  it('the adjusted-Wald example: 4 of 5 completed gives about 0.36–0.98, at risk against 95%', () => {
    const card = score([...[60, 70, 80, 90].map((s) => completed(s * S)), { ...completed(50 * S), outcome: 'failed' }]);
    expect(card.completion).toMatchObject({ n: 5, count: 4, value: 0.8, target: { goal: 0.95, status: 'at_risk' } });
    expect(card.completion.interval?.low).toBeCloseTo(0.36, 2);
    expect(card.completion.interval?.high).toBeCloseTo(0.98, 2);
  });

  it('below the minimum n, every status and the Apdex band read not_enough_data', () => {
    const card = score([completed(10 * S, { satisfaction: 5, seq: 7, ces: 7 })]);
    const statuses = [card.completion, card.attainment, card.csat, card.seq, card.ces].map((s) => s.target.status);
    expect(statuses).toEqual(Array.from({ length: 5 }, () => 'not_enough_data'));
    expect(card.apdex).toMatchObject({ n: 1, score: 1, band: 'not_enough_data' });
  });

  it('five SEQ ratings of 6 are met against 5.5 on 5.64–6.36, not on a zero-width interval', () => {
    const card = score(Array.from({ length: 5 }, () => completed(60 * S, { seq: 6 })));
    expect(card.seq).toMatchObject({ n: 5, mean: 6, sd: 0, target: { goal: 5.5, status: 'met' } });
    expect(card.seq.interval?.low).toBeCloseTo(5.64, 2);
    expect(card.seq.interval?.high).toBeCloseTo(6.36, 2);
  });

  it('gives the journey answer both clocks’ durations; the scorecard carries the target’s', () => {
    const facts = [completed(100 * S, { elapsedMs: 400 * S }), completed(200 * S, { elapsedMs: 250 * S })];
    const aggregate = aggregateFacts(facts, targets);
    expect(durationSummary(aggregate, 'active')).toMatchObject({ clock: 'active', minMs: 100 * S, maxMs: 200 * S });
    expect(durationSummary(aggregate, 'elapsed')).toMatchObject({ clock: 'elapsed', minMs: 250 * S, maxMs: 400 * S });
    const elapsedTargets = makeTargets({ duration: { thresholdMs: 300 * S, share: 0.9, clock: 'elapsed' } });
    const card = score(facts, elapsedTargets);
    expect(card.duration).toEqual(durationSummary(aggregate, 'elapsed'));
    expect(card.attainment).toMatchObject({ count: 1, clock: 'elapsed', thresholdMs: 300 * S });
    expect(card.apdex).toMatchObject({ clock: 'elapsed', tMs: 300 * S, satisfied: 1, tolerating: 1 });
  });

  it('produces a valid scorecard core, including for no walkthroughs at all', () => {
    const card = score([]);
    const { steps: _s, unmarked: _u, customer: _c, excluded: _e, ...core } = scorecardSchema.shape;
    for (const [key, schema] of Object.entries(core)) {
      expect(schema.safeParse(card[key as keyof typeof card]).success, key).toBe(true);
    }
    expect(card.apdex.band).toBe('not_enough_data');
    expect(card.duration).toMatchObject({ n: 0, p50Ms: null, precision: { exact: true, relativeError: 0 } });
  });
});
