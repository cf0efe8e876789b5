import type { JourneyStep, StepMark } from '../../../shared/schemas/index.ts';
import { formatElapsed } from '../format/format-elapsed.ts';

export type StepTimelineProps = {
  /** The journey's steps as they were at start; empty for an ad-hoc walkthrough. */
  steps: readonly JourneyStep[];
  /** Never empty: the first step is marked at 0. */
  marks: readonly StepMark[];
  /** Offer "Undo" on a detected last step (not while finished or busy). */
  canUndo: boolean;
  onUndo: () => void;
  /** Id of the heading that names the list. */
  labelledBy?: string;
};

/**
 * Steps reached so far, in the order they were reached (the last is the current one), then the journey's steps
 * not reached yet. A step detected from a URL says so and, while it is the last, can be undone in place.
 */
export function StepTimeline({ steps, marks, canUndo, onUndo, labelledBy }: StepTimelineProps) {
  const reached = new Set(marks.map((mark) => mark.stepId));
  const upcoming = steps.filter((step) => !reached.has(step.id));
  const lastIndex = marks.length - 1;
  return (
    <ol class="step-timeline" aria-labelledby={labelledBy}>
      {marks.map((mark, index) => {
        const current = index === lastIndex;
        return (
          <li
            // Marks have no id; position and time identify one within this recording.
            key={`${index}-${mark.atMs}`}
            class={current ? 'step current' : 'step done'}
            aria-current={current ? 'step' : undefined}
          >
            <span class="step-name">{mark.name}</span>{' '}
            <span class="step-meta">
              {current ? 'current, ' : ''}from {formatElapsed(mark.atMs)}
              {mark.source === 'auto' && <span class="tag">detected</span>}
            </span>
            {current && mark.source === 'auto' && index > 0 && canUndo && (
              <button type="button" class="link-button" onClick={onUndo}>
                Undo<span class="visually-hidden"> detected step {mark.name}</span>
              </button>
            )}
          </li>
        );
      })}
      {upcoming.map((step) => (
        <li key={step.id} class="step upcoming">
          <span class="step-name">{step.name}</span> <span class="step-meta">not reached yet</span>
        </li>
      ))}
    </ol>
  );
}
