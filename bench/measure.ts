/** Median wall time of `fn` over `runs` runs after `warmup` runs, in ms. Medians resist a noisy neighbour. */
export const measure = (fn: () => unknown, { runs = 15, warmup = 3 } = {}): number => {
  for (let i = 0; i < warmup; i += 1) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
};
