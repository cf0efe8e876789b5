import { measureDuration } from '../../shared/domain/duration.ts';
import type { Note, PainPoint, StepMark, Walkthrough } from '../../shared/schemas/walkthrough.ts';

/** One span of a walkthrough: a marked step, or the time before the first mark. */
export type WalkthroughStep = {
  /** 1 for the first marked step; null for the span before the first mark. */
  number: number | null;
  name: string | null;
  source: StepMark['source'] | null;
  startMs: number;
  endMs: number;
  /** The span minus the pauses inside it; null when the walkthrough's timeline cannot be measured. */
  activeMs: number | null;
  notes: Note[];
  painPoints: PainPoint[];
};

/**
 * The walkthrough cut at its step marks, each span with the notes and pain points noted in it. A note or pain
 * point belongs to the last mark at or before it, as in the scorecard's step breakdown; the span before the
 * first mark is listed only when it holds time or something noted, so nothing recorded goes missing.
 */
export const walkthroughSteps = (w: Walkthrough): WalkthroughStep[] => {
  const measured = measureDuration(w);
  const marks = w.stepMarks;
  const firstAt = marks[0]?.atMs ?? w.elapsedMs;
  const spanOf = (atMs: number): number => marks.findLastIndex((m) => m.atMs <= atMs);
  const inSpan = <T extends { atMs: number }>(items: readonly T[], index: number): T[] =>
    items.filter((item) => spanOf(item.atMs) === index).sort((a, b) => a.atMs - b.atMs);

  const steps: WalkthroughStep[] = marks.map((mark, i) => ({
    number: i + 1,
    name: mark.name,
    source: mark.source,
    startMs: mark.atMs,
    endMs: marks[i + 1]?.atMs ?? w.elapsedMs,
    activeMs: measured.ok ? (measured.value.steps[i]?.activeMs ?? null) : null,
    notes: inSpan(w.notes, i),
    painPoints: inSpan(w.painPoints, i),
  }));
  const leadIn: WalkthroughStep = {
    number: null,
    name: null,
    source: null,
    startMs: 0,
    endMs: firstAt,
    activeMs: measured.ok ? measured.value.leadInActiveMs : null,
    notes: inSpan(w.notes, -1),
    painPoints: inSpan(w.painPoints, -1),
  };
  const leadInMatters = firstAt > 0 || leadIn.notes.length > 0 || leadIn.painPoints.length > 0;
  return leadInMatters ? [leadIn, ...steps] : steps;
};
