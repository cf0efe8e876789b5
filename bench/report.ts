// One row of the `npm run bench` table: a measurement, the baseline measured in the same run (when the thing has
// one), their ratio, and the goal it is held to (with whether it was met).

export type Unit = 'ms' | 'bytes' | 'count';
export type Quantity = { value: number; unit: Unit };
export type Goal = { text: string; met: boolean };
export type Row = { name: string; baseline: Quantity | null; measured: Quantity; goal: Goal | null };

export const ms = (value: number): Quantity => ({ value, unit: 'ms' });
export const bytes = (value: number): Quantity => ({ value, unit: 'bytes' });
export const count = (value: number): Quantity => ({ value, unit: 'count' });

/** A row from a benchmark that reports two times (most of them). */
export const timeRow = (
  r: { name: string; baselineMs: number; measuredMs: number },
  goal: Goal | null = null,
): Row => ({ name: r.name, baseline: ms(r.baselineMs), measured: ms(r.measuredMs), goal });

/** Nearest-rank percentile (metrics.md), `p` in (0, 100]. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

const format = ({ value, unit }: Quantity): string => {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'ms') return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
  if (unit === 'count') return `${value}`;
  return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MB` : `${(value / 1024).toFixed(1)} KB`;
};

const ratio = (row: Row): string =>
  row.baseline === null || row.baseline.value === 0 || !Number.isFinite(row.baseline.value)
    ? '—'
    : `${(row.measured.value / row.baseline.value).toFixed(2)}×`;

/** The table, one line a row, columns separated by ` | `. */
export const formatTable = (rows: readonly Row[]): string => {
  const lines = [
    ['benchmark', 'baseline', 'measured', 'ratio', 'goal'],
    ...rows.map((row) => [
      row.name,
      row.baseline === null ? '—' : format(row.baseline),
      format(row.measured),
      ratio(row),
      row.goal === null ? '—' : `${row.goal.text} (${row.goal.met ? 'met' : 'MISSED'})`,
    ]),
  ];
  return lines.map((cells) => cells.join(' | ')).join('\n');
};
