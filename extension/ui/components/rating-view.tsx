import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Outcome } from '../../../shared/schemas/index.ts';
import { RatingScale } from '../../../shared/ui/rating-scale.tsx';
import { formatElapsed } from '../format/format-elapsed.ts';
import type { RatingDraft } from '../models/rating-model.ts';
import type { ActionMessage } from '../models/recording-model.ts';
import { labelOf, OUTCOME_CHOICES } from './labels.ts';
import { ModalDialog } from './modal-dialog.tsx';

export const SEQ_QUESTION = 'Overall, how difficult or easy was the task to complete?';
export const SATISFACTION_QUESTION = 'Overall, how satisfied are you with this journey?';
export const SKIP_NUDGE = 'Ratings make the scorecard meaningful — skip anyway?';

export type RatingViewProps = {
  journeyName: string;
  /** Ad hoc: the walkthrough needs a name before it can be saved. */
  adHoc: boolean;
  outcome: Outcome;
  elapsedMs: number;
  /** The CES statement, e.g. "Self-service portal made it easy for me to reset my password". */
  cesStatement: string;
  draft: RatingDraft;
  nameError: string | null;
  refusals: number;
  busy: boolean;
  message: ActionMessage | null;
  onEdit: (change: Partial<RatingDraft>) => void;
  onSave: () => void;
  /** Called only once the sampler confirmed skipping. */
  onSkip: () => void;
  onBack: () => void;
};

type ScaleKey = 'seq' | 'ces' | 'satisfaction';

/** The three scales in the order they are asked, with their ranges. */
const SCALES: readonly { key: ScaleKey; max: number }[] = [
  { key: 'seq', max: 7 },
  { key: 'ces', max: 7 },
  { key: 'satisfaction', max: 5 },
];

const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type !== 'radio');

/**
 * SEQ, CES and satisfaction as radio groups, a comment, and for an ad-hoc walkthrough its name.
 *
 * Fast for a sampler in a hurry: three keystrokes or three taps, one per question. A digit answers the question
 * in focus (or, from outside the questions, the first unanswered one) and moves to the next; a tap answers the
 * question tapped. The last question's answer, by digit or tap, saves: "6", "5", "4" rates and saves. The hint
 * says so before anything is pressed (WCAG 3.2.2), and the comment comes first so it is written before the last
 * answer. Arrow keys inside a question only move the choice (a keyboard user exploring the scale must not save
 * by accident); Save stays for that path and for partial ratings. Every question is optional: Tab past one, or
 * "Skip this question" (which also clears a point picked by mistake), and Save asks nothing for a partial rating.
 */
export function RatingView(props: RatingViewProps) {
  const { draft } = props;
  const prefix = useId();
  const nameId = `${prefix}-name`;
  const hintId = `${prefix}-hint`;
  const saveId = `${prefix}-save`;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [confirmingSkip, setConfirmingSkip] = useState(false);
  const scaleName = (key: ScaleKey) => `${prefix}-${key}`;

  /** Focus on the question after `index` (its chosen point, or its first), or on Save after the last. */
  const focusAfter = (index: number): void => {
    const next = SCALES[index + 1];
    const radios = next
      ? [...document.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${scaleName(next.key)}"]`)]
      : [];
    const target = radios.find((radio) => radio.checked) ?? radios[0] ?? document.getElementById(saveId);
    target?.focus();
  };

  /** The question the next digit answers while focus has not yet moved there (keys can come faster). */
  const pendingNext = useRef<number | null>(null);
  /**
   * Set by a pointer press on a question, so the change it causes counts as a tap (which answers and, on the last
   * question, saves) while a change made with arrow keys only moves the choice. Cleared once the click is over.
   */
  const tapping = useRef(false);
  const onTapStart = (): void => {
    tapping.current = true;
    const clear = () => setTimeout(() => (tapping.current = false), 0);
    document.addEventListener('pointerup', clear, { once: true });
    document.addEventListener('pointercancel', clear, { once: true });
  };
  /** A question's radio changed: by a tap it is an answer, by arrow keys only a move. */
  const changed = (index: number, value: number): void => {
    const scale = SCALES[index];
    if (scale === undefined) return;
    if (index === SCALES.length - 1 && tapping.current) answer(index, value);
    else props.onEdit({ [scale.key]: value });
  };

  const answer = (index: number, value: number | null): void => {
    const scale = SCALES[index];
    if (scale === undefined) return;
    props.onEdit({ [scale.key]: value });
    // The last question answered (not skipped) completes the rating: the third keystroke or tap saves.
    if (value !== null && index === SCALES.length - 1) {
      pendingNext.current = null;
      if (!props.busy) props.onSave();
      return;
    }
    pendingNext.current = index + 1;
    // After the new value is rendered, so the next question's chosen point is the one focused.
    // Only if no faster key has answered the next question meanwhile: its own timeout moves focus on from there.
    setTimeout(() => {
      if (pendingNext.current !== index + 1) return;
      pendingNext.current = null;
      focusAfter(index);
    }, 0);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || isTextField(event.target) || confirmingSkip) return;
    const target = event.target;
    // Enter where it would do nothing else (the heading, the page, a question) saves, as Save would.
    if (event.key === 'Enter') {
      if (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) return;
      event.preventDefault();
      if (!props.busy) props.onSave();
      return;
    }
    if (!/^[1-9]$/.test(event.key)) return;
    const value = Number(event.key);
    const inScale =
      target instanceof HTMLInputElement ? SCALES.findIndex((scale) => scaleName(scale.key) === target.name) : -1;
    const index =
      pendingNext.current ?? (inScale >= 0 ? inScale : SCALES.findIndex((scale) => draft[scale.key] === null));
    const scale = SCALES[index];
    if (scale === undefined || value > scale.max) return;
    event.preventDefault();
    answer(index, value);
  };

  // Keys anywhere on the page (focus may be on the page itself while the view appears), the latest props each time.
  const keyHandler = useRef(onKeyDown);
  keyHandler.current = onKeyDown;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyHandler.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (props.refusals > 0) document.getElementById(nameId)?.focus();
  }, [props.refusals]);

  return (
    <div class="page rating">
      <header>
        <p class="eyebrow">
          {labelOf(OUTCOME_CHOICES, props.outcome)} · {formatElapsed(props.elapsedMs)}
        </p>
        <h1 ref={headingRef} tabIndex={-1}>
          Rate {props.adHoc ? 'the walkthrough' : props.journeyName}
        </h1>
        <p class="hint" id={hintId}>
          Type a number or tap a point for each question: the last answer saves. Write a comment first if you have one.
          Every question is optional.
        </p>
      </header>
      <main>
        <form
          class="rating-form"
          noValidate
          aria-label="Ratings"
          aria-describedby={hintId}
          onPointerDown={onTapStart}
          onSubmit={(event) => {
            event.preventDefault();
            if (!props.busy) props.onSave();
          }}
        >
          {props.adHoc && (
            <div class="field">
              <label for={nameId}>Name this walkthrough (required)</label>
              <input
                id={nameId}
                value={draft.name}
                autoComplete="off"
                maxLength={200}
                aria-required="true"
                aria-invalid={props.nameError !== null}
                aria-describedby={props.nameError === null ? undefined : `${nameId}-error`}
                onInput={(event) => props.onEdit({ name: event.currentTarget.value })}
              />
              {props.nameError !== null && (
                <p id={`${nameId}-error`} class="field-error">
                  {props.nameError}
                </p>
              )}
            </div>
          )}
          <div class="field">
            <label for={`${prefix}-comment`}>Comment (optional)</label>
            <textarea
              id={`${prefix}-comment`}
              rows={3}
              maxLength={5000}
              value={draft.comment}
              onInput={(event) => props.onEdit({ comment: event.currentTarget.value })}
            />
          </div>
          <RatingScale
            name={scaleName('seq')}
            question={SEQ_QUESTION}
            min={1}
            max={7}
            minLabel="Very difficult"
            maxLabel="Very easy"
            value={draft.seq}
            onChange={(value) => changed(0, value)}
          />
          <SkipQuestion question={SEQ_QUESTION} onSkip={() => answer(0, null)} />
          <RatingScale
            name={scaleName('ces')}
            question={props.cesStatement}
            min={1}
            max={7}
            minLabel="Strongly disagree"
            maxLabel="Strongly agree"
            value={draft.ces}
            onChange={(value) => changed(1, value)}
          />
          <SkipQuestion question={props.cesStatement} onSkip={() => answer(1, null)} />
          <RatingScale
            name={scaleName('satisfaction')}
            question={SATISFACTION_QUESTION}
            min={1}
            max={5}
            minLabel="Very dissatisfied"
            maxLabel="Very satisfied"
            value={draft.satisfaction}
            onChange={(value) => changed(2, value)}
          />
          <SkipQuestion question={SATISFACTION_QUESTION} onSkip={() => answer(2, null)} />
          {props.message !== null &&
            (props.message.tone === 'error' ? (
              <p role="alert">{props.message.text}</p>
            ) : (
              <p role="status">{props.message.text}</p>
            ))}
          <div class="actions form-actions">
            <button type="submit" id={saveId} class="primary">
              Save
            </button>
            <button type="button" onClick={() => setConfirmingSkip(true)}>
              Skip rating
            </button>
            <button
              type="button"
              onClick={() => {
                if (!props.busy) props.onBack();
              }}
            >
              Back to recording
            </button>
          </div>
        </form>
      </main>
      {confirmingSkip && (
        <ModalDialog title="Skip the rating?" role="alertdialog" onCancel={() => setConfirmingSkip(false)}>
          <p>{SKIP_NUDGE}</p>
          <div class="actions">
            <button type="button" class="primary" data-initial-focus onClick={() => setConfirmingSkip(false)}>
              Rate it
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirmingSkip(false);
                props.onSkip();
              }}
            >
              Skip anyway
            </button>
          </div>
        </ModalDialog>
      )}
    </div>
  );
}

/** Clears a question's answer (or leaves it blank) and moves on: skipping one rating costs one press. */
function SkipQuestion({ question, onSkip }: { question: string; onSkip: () => void }) {
  return (
    <button
      type="button"
      class="link-button skip-question"
      aria-label={`Skip this question: ${question}`}
      onClick={onSkip}
    >
      Skip this question
    </button>
  );
}
