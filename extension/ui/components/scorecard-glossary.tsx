/** The measures a scorecard shows, each explained once, in plain words (the formulas: handbook/metrics.md). */
export const GLOSSARY = {
  n: {
    term: 'n',
    text: 'How many walkthroughs a number is based on. Below the journey’s minimum (5 unless its targets say otherwise) a status reads “not enough data”: a handful of runs proves nothing either way.',
  },
  completion: {
    term: 'Completion rate',
    text: 'Of all walkthroughs of the journey, the share that reached the end. Abandoned and failed ones make up the rest.',
  },
  attainment: {
    term: 'Completed within a time (attainment)',
    text: 'The share of all walkthroughs that were completed within the target time. Abandoned and failed ones count as misses, so this is never above the completion rate.',
  },
  apdex: {
    term: 'Apdex [T]',
    text: 'How the time felt, as one number from 0 (everyone frustrated) to 1 (everyone satisfied). A walkthrough completed within T counts fully, within four times T counts half, a slower or unfinished one counts nothing. T is in brackets. 0.94 and up is excellent, 0.85 good, 0.70 fair, 0.50 poor, below that unacceptable.',
  },
  interval: {
    term: '95% interval',
    text: 'A share or an average from a few walkthroughs is only an estimate: the interval is the range the true value very likely lies in, and it narrows as walkthroughs are added. A target is met when the whole interval reaches the goal, breached when all of it falls short, and at risk in between.',
  },
  typical: {
    term: 'Typical time',
    text: 'How long a completed walkthrough usually takes. Below 25 walkthroughs it is the geometric mean (one very slow run pulls it less than an ordinary average does); from 25 on, the median.',
  },
  clocks: {
    term: 'Active and elapsed time',
    text: 'Elapsed time runs from start to finish. Active time leaves out the pauses for waits outside the service’s control, such as an e-mail or an approval. Each time says which one it is.',
  },
  percentile: {
    term: '90th percentile',
    text: '9 in 10 completed walkthroughs took this long or less (p50: half did; p95: 19 in 20 did).',
  },
  ratings: {
    term: 'CSAT, SEQ, CES',
    text: 'The sampler’s ratings at the end. CSAT: the share of satisfaction ratings of 4 or 5 out of 5. SEQ: “how difficult or easy was the task?”, 1 very difficult to 7 very easy, about 5.5 is usual. CES: agreement that the service made the task easy, 1 to 7; 5 to 7 counts as easy.',
  },
} as const;

export type GlossaryKey = keyof typeof GLOSSARY;

export type ScorecardGlossaryProps = { keys: readonly GlossaryKey[] };

/**
 * "What do these numbers mean?": a disclosure beside a score table, closed by default so the numbers stay in
 * view, and a native <details> so it opens by keyboard and screen readers announce its state with no script.
 */
export function ScorecardGlossary({ keys }: ScorecardGlossaryProps) {
  return (
    <details class="glossary">
      <summary>What do these numbers mean?</summary>
      <dl>
        {keys.map((key) => (
          <div key={key}>
            <dt>{GLOSSARY[key].term}</dt>
            <dd>{GLOSSARY[key].text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
