import { ok } from '../../shared/domain/result.ts';
import {
  idSchema,
  MAX_PAGE_VISITS,
  type PageTimings,
  type PageVisit,
  pageTimingsSchema,
  toPageUrl,
} from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { Recording } from '../db/recording.ts';
import { nowMs, tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

export type PageVisitInput = { visitId: string; url: string; timings: PageTimings };

/**
 * What the recorder looked up in the page table for one visit: how many visits the recording holds, and that
 * visit if it is recorded already. The visits themselves are not part of the recording row (see recording-pages.ts).
 */
export type VisitLookup = { count: number; visit: PageVisit | undefined };

/** A transition's result that may also write one page visit (`page`, null: none). */
export type PageChange = { recording: Recording; page: PageVisit | null };

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
export const pageVisited = (
  recording: Recording,
  reading: ClockReading,
  input: PageVisitInput,
  known: VisitLookup,
): Transition<PageChange> => {
  const finished = refuseIfFinished(recording, 'record a page');
  if (finished) return finished;
  if (!idSchema.safeParse(input.visitId).success) return refuse('invalid', 'a page visit id must be a UUIDv7');
  const timings = parseTimings(input.timings);
  if (!timings.ok) return timings;
  const ticked = tick(recording, reading);
  const url = toPageUrl(input.url);
  if (url === null || known.visit !== undefined) return ok({ recording: ticked, page: null });
  if (known.count >= MAX_PAGE_VISITS) {
    return refuse('invalid', `a walkthrough holds at most ${MAX_PAGE_VISITS} page visits`);
  }
  const visit: PageVisit = { id: input.visitId, url, atMs: nowMs(ticked), timings: timings.value };
  return ok({ recording: ticked, page: visit });
};

/**
 * Timings that arrive after the load (LCP, CLS and INP are final only when the page is hidden), merged into
 * the visit: a later value replaces an earlier one. Accepted after Finish too, since they describe a page the
 * walkthrough did visit. Timings for a visit that was not recorded (`visit` undefined) are ignored.
 */
export const pageTimings = (
  recording: Recording,
  reading: ClockReading,
  visit: PageVisit | undefined,
  timings: PageTimings,
): Transition<PageChange> => {
  const parsed = parseTimings(timings);
  if (!parsed.ok) return parsed;
  const ticked = tick(recording, reading);
  return ok({
    recording: ticked,
    page: visit === undefined ? null : { ...visit, timings: { ...visit.timings, ...parsed.value } },
  });
};
