import { type DurationBreakdown, measureDuration } from '../../shared/domain/duration.ts';
import type { Effort, PageVisit } from '../../shared/schemas/evidence.ts';
import { type Note, type PainPoint, type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';

/** A note or a pain point, in the order they were made. */
export type Remark = { kind: 'note'; note: Note } | { kind: 'pain-point'; painPoint: PainPoint };

/** What happened while one step was current. */
export type StepEvidence = {
  remarks: Remark[];
  pages: PageVisit[];
};

export type DetailStep = StepEvidence & {
  name: string;
  stepId: string | null;
  source: 'manual' | 'auto';
  /** Offset of the mark on the walkthrough's clock. */
  startMs: number;
  /** Until the next mark (or the end), pauses included. */
  durationMs: number;
  /** durationMs minus the pauses inside the step, from shared/domain; null when the timeline cannot be measured. */
  activeMs: number | null;
  /** Null when the step was not watched (no site access while it was current). */
  effort: Effort | null;
};

/** A walkthrough laid out step by step for the detail view. */
export type WalkthroughDetail = {
  walkthrough: Walkthrough;
  /** Null when the timeline cannot be measured; `timelineProblem` says why. */
  duration: DurationBreakdown | null;
  timelineProblem: string | null;
  /** Before the first step mark: belongs to no step. */
  leadIn: StepEvidence;
  steps: DetailStep[];
  /** Screenshots to fetch for the notes and pain points. */
  screenshotIds: string[];
};

/** Index of the last of the ascending `starts` at or before `atMs`; -1 before the first. */
const spanIndex = (starts: readonly number[], atMs: number): number => {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((starts[mid] ?? Number.POSITIVE_INFINITY) <= atMs) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
};

const byTime = (a: Remark, b: Remark): number => remarkAt(a) - remarkAt(b);
const remarkAt = (r: Remark): number => (r.kind === 'note' ? r.note.atMs : r.painPoint.atMs);

/**
 * Lays a walkthrough out by step. Step spans and active times come from shared/domain's measureDuration (the
 * scorecards use the same numbers); notes, pain points and pages belong to the step whose span contains them:
 * the last mark at or before them, the rule shared/domain's step breakdown uses for pain points.
 */
export const buildWalkthroughDetail = (walkthrough: Walkthrough): WalkthroughDetail => {
  const measured = measureDuration(walkthrough);
  const starts = walkthrough.stepMarks.map((m) => m.atMs);
  const leadIn: StepEvidence = { remarks: [], pages: [] };
  const evidence: StepEvidence[] = starts.map(() => ({ remarks: [], pages: [] }));
  const at = (atMs: number): StepEvidence => evidence[spanIndex(starts, atMs)] ?? leadIn;

  for (const note of walkthrough.notes) at(note.atMs).remarks.push({ kind: 'note', note });
  for (const painPoint of walkthrough.painPoints) at(painPoint.atMs).remarks.push({ kind: 'pain-point', painPoint });
  for (const page of walkthrough.pages) at(page.atMs).pages.push(page);
  for (const e of [leadIn, ...evidence]) {
    e.remarks.sort(byTime);
    e.pages.sort((a, b) => a.atMs - b.atMs);
  }

  const segments = measured.ok ? measured.value.steps : null;
  const steps = walkthrough.stepMarks.map((mark, i): DetailStep => {
    const segment = segments?.[i];
    const endMs = segment?.endMs ?? walkthrough.stepMarks[i + 1]?.atMs ?? walkthrough.elapsedMs;
    return {
      name: mark.name,
      stepId: mark.stepId,
      source: mark.source,
      startMs: mark.atMs,
      durationMs: endMs - mark.atMs,
      activeMs: segment?.activeMs ?? null,
      effort: mark.effort ?? null,
      ...(evidence[i] ?? { remarks: [], pages: [] }),
    };
  });

  const screenshotIds = [...walkthrough.notes, ...walkthrough.painPoints].flatMap((r) =>
    r.screenshotId === undefined ? [] : [r.screenshotId],
  );
  return {
    walkthrough,
    duration: measured.ok ? measured.value : null,
    timelineProblem: measured.ok ? null : measured.error.message,
    leadIn,
    steps,
    screenshotIds,
  };
};

export type DetailRead =
  | { status: 'found'; detail: WalkthroughDetail }
  | { status: 'not-found' }
  | { status: 'unreadable'; message: string };

export const readWalkthroughDetail = async (db: JourneySamplerDb, id: string): Promise<DetailRead> => {
  const row: unknown = await db.walkthroughs.get(id);
  if (row === undefined) return { status: 'not-found' };
  const parsed = parseRow(walkthroughSchema, row);
  if (!parsed.ok) return { status: 'unreadable', message: parsed.message };
  return { status: 'found', detail: buildWalkthroughDetail(parsed.value) };
};
