// Scoring a journey's window of walkthroughs, against the cheapest thing any scorer must do: sort the
// durations once. The ratio says how much the full scorecard (intervals, Apdex, step breakdown...) costs on top.
import { scoreJourney } from '../shared/domain/score-journey.ts';
import { makeJourney } from '../tests/fixtures/make-journey.ts';
import { makeTargets } from '../tests/fixtures/make-targets.ts';
import { makeWalkthrough } from '../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../tests/fixtures/seeded-ids.ts';
import { measure } from './measure.ts';

export const scoringBench = (n: number) => {
  const ids = createIdGenerator(42);
  const walkthroughs = Array.from({ length: n }, (_, i) =>
    makeWalkthrough(
      { elapsedMs: 60_000 + ((i * 7919) % 240_000), outcome: i % 10 === 0 ? 'abandoned' : 'completed' },
      ids,
    ),
  );
  const journey = makeJourney();
  const targets = makeTargets();
  const baselineMs = measure(() => walkthroughs.map((w) => w.elapsedMs).sort((a, b) => a - b));
  const scoreMs = measure(() => scoreJourney({ journey, targets, walkthroughs, feedback: [] }));
  return { name: `scoreJourney, ${n} walkthroughs`, baselineMs, measuredMs: scoreMs };
};
