import { ok } from '../../shared/domain/result.ts';
import {
  idSchema,
  MAX_PAGE_VISITS,
  type PageTimings,
  type PageVisit,
  pageTimingsSchema,
  toPageUrl,
} from '../../shared/schemas/index.ts';
import type { ClockReading } from './clock-reading.ts';
import type { Recording } from './recording.ts';
import { nowMs, tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

export type PageVisitInput = { visitId: string; url: string; timings: PageTimings };

/** Valid timings without keys set to undefined, so merging never erases a value already measured. */
const parseTimings = (timings: PageTimings): Transition<PageTimings> => {
  const parsed = pageTimingsSchema.safeParse(timings);
  if (!parsed.success) return refuse('invalid', `page timings: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return ok(Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)));
};

/**
 * A page load reported by the content script. The address is kept without query string or fragment (they
 * often carry personal data); pages that are not http(s) are ignored, and so is a visit already recorded (a
 * repeated message). Not recorded once finished: evidence after the end is not part of the walkthrough.
 */
export const pageVisited = (recording: Recording, reading: ClockReading, input: PageVisitInput): Transition => {
  const finished = refuseIfFinished(recording, 'record a page');
  if (finished) return finished;
  if (!idSchema.safeParse(input.visitId).success) return refuse('invalid', 'a page visit id must be a UUIDv7');
  const timings = parseTimings(input.timings);
  if (!timings.ok) return timings;
  const ticked = tick(recording, reading);
  const url = toPageUrl(input.url);
  if (url === null || ticked.pages.some((p) => p.id === input.visitId)) return ok(ticked);
  if (ticked.pages.length >= MAX_PAGE_VISITS) {
    return refuse('invalid', `a walkthrough holds at most ${MAX_PAGE_VISITS} page visits`);
  }
  const visit: PageVisit = { id: input.visitId, url, atMs: nowMs(ticked), timings: timings.value };
  return ok({ ...ticked, pages: [...ticked.pages, visit] });
};

/**
 * Timings that arrive after the load (LCP, CLS and INP are final only when the page is hidden), merged into
 * the visit: a later value replaces an earlier one. Accepted after Finish too, since they describe a page the
 * walkthrough did visit. Timings for a visit that was not recorded are ignored.
 */
export const pageTimings = (
  recording: Recording,
  reading: ClockReading,
  visitId: string,
  timings: PageTimings,
): Transition => {
  const parsed = parseTimings(timings);
  if (!parsed.ok) return parsed;
  const ticked = tick(recording, reading);
  return ok({
    ...ticked,
    pages: ticked.pages.map((p) => (p.id === visitId ? { ...p, timings: { ...p.timings, ...parsed.value } } : p)),
  });
};
