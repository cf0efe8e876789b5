import { dayOf, dayToIso } from '../../shared/domain/score-days.ts';
import type { ScorePeriod, ScoresQuery } from '../../shared/protocol/scores.ts';

/** The days an answer covers: `fromDay` <= day < `toDay`, days since 1970-01-01 UTC. */
export type PeriodDays = { readonly fromDay: number; readonly toDay: number; readonly period: ScorePeriod };

const LAST_DAYS = { '7d': 7, '30d': 30, '90d': 90 } as const;

/**
 * The period a query asks for, on the UTC calendar: the last 7, 30 or 90 days including today, the calendar
 * quarter so far, or from–to (both days inclusive). Default: the last 30 days.
 */
export function periodDays(query: Pick<ScoresQuery, 'period' | 'from' | 'to'>, now: Date): PeriodDays {
  const today = dayOf(now.toISOString());
  let fromDay: number;
  let toDay = today + 1;
  if (query.from !== undefined && query.to !== undefined) {
    fromDay = dayOf(`${query.from}T00:00:00.000Z`);
    toDay = dayOf(`${query.to}T00:00:00.000Z`) + 1;
  } else if (query.period === 'quarter') {
    const quarterMonth = Math.floor(now.getUTCMonth() / 3) * 3;
    fromDay = dayOf(new Date(Date.UTC(now.getUTCFullYear(), quarterMonth, 1)).toISOString());
  } else {
    fromDay = toDay - LAST_DAYS[query.period ?? '30d'];
  }
  return { fromDay, toDay, period: { from: dayToIso(fromDay), to: dayToIso(toDay - 1), days: toDay - fromDay } };
}

/** The first instant of `day` as the stored timestamps spell it. */
export const dayStartIso = (day: number): string => `${dayToIso(day)}T00:00:00.000Z`;
