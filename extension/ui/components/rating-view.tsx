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

/** SEQ, CES and satisfaction as radio groups, a comment, and for an ad-hoc walkthrough its name. */
export function RatingView(props: RatingViewProps) {
  const { draft } = props;
  const prefix = useId();
  const nameId = `${prefix}-name`;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [confirmingSkip, setConfirmingSkip] = useState(false);

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
      </header>
      <main>
        <form
          class="rating-form"
          noValidate
          aria-label="Ratings"
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
          <RatingScale
            name={`${prefix}-seq`}
            question={SEQ_QUESTION}
            min={1}
            max={7}
            minLabel="Very difficult"
            maxLabel="Very easy"
            value={draft.seq}
            onChange={(seq) => props.onEdit({ seq })}
          />
          <RatingScale
            name={`${prefix}-ces`}
            question={props.cesStatement}
            min={1}
            max={7}
            minLabel="Strongly disagree"
            maxLabel="Strongly agree"
            value={draft.ces}
            onChange={(ces) => props.onEdit({ ces })}
          />
          <RatingScale
            name={`${prefix}-satisfaction`}
            question={SATISFACTION_QUESTION}
            min={1}
            max={5}
            minLabel="Very dissatisfied"
            maxLabel="Very satisfied"
            value={draft.satisfaction}
            onChange={(satisfaction) => props.onEdit({ satisfaction })}
          />
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
          {props.message !== null &&
            (props.message.tone === 'error' ? (
              <p role="alert">{props.message.text}</p>
            ) : (
              <p role="status">{props.message.text}</p>
            ))}
          <div class="actions form-actions">
            <button type="submit" class="primary">
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
