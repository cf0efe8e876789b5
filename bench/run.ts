// `npm run bench`: each benchmark reports its time as a ratio to a baseline measured in the same run, so the
// numbers compare across machines and runs; absolute times are printed for context only.
import { scoringBench } from './scoring.ts';

const results = [scoringBench(1_000), scoringBench(10_000)];

console.log('benchmark | baseline ms | measured ms | ratio (measured / baseline)');
for (const r of results) {
  const ratio = r.measuredMs / r.baselineMs;
  console.log(`${r.name} | ${r.baselineMs.toFixed(2)} | ${r.measuredMs.toFixed(2)} | ${ratio.toFixed(1)}`);
}
