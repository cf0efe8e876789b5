import { useEffect, useId, useState } from 'preact/hooks';
import type { Outcome } from '../../../shared/schemas/index.ts';
import type { FinishInput } from '../../recorder/recorder.ts';
import { ChoiceGroup } from './choice-group.tsx';
import { OUTCOME_CHOICES } from './labels.ts';

export type FinishFormProps = {
  busy: boolean;
  onFinish: (input: FinishInput) => void;
  onCancel: () => void;
};

/** How the walkthrough ended. A failure needs a reason (a lead cannot act on "failed"); abandoning asks for one. */
export function FinishForm({ busy, onFinish, onCancel }: FinishFormProps) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [reason, setReason] = useState('');
  const [outcomeError, setOutcomeError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const prefix = useId();
  const outcomeId = `${prefix}-outcome`;
  const reasonId = `${prefix}-reason`;

  useEffect(() => {
    document.getElementById(outcomeId)?.focus();
  }, []);

  return (
    <form
      class="action-form"
      aria-label="Finish"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        if (outcome === null) {
          setOutcomeError('Choose how the walkthrough ended.');
          return document.getElementById(outcomeId)?.focus();
        }
        const why = reason.trim();
        if (outcome === 'failed' && why === '') {
          setReasonError('Say why it failed: a failure without a reason tells the team nothing to fix.');
          return document.getElementById(reasonId)?.focus();
        }
        onFinish(outcome !== 'completed' && why !== '' ? { outcome, reason: why } : { outcome });
      }}
    >
      <ChoiceGroup
        name={`${prefix}-outcomes`}
        legend="How did it end?"
        choices={OUTCOME_CHOICES}
        value={outcome}
        error={outcomeError}
        firstId={outcomeId}
        onChange={(value) => {
          setOutcome(value);
          setOutcomeError(null);
          setReasonError(null);
        }}
      />
      {outcome !== null && outcome !== 'completed' && (
        <div class="field">
          <label for={reasonId}>
            {outcome === 'failed' ? 'Why did it fail? (required)' : 'Why was it abandoned? (optional)'}
          </label>
          <textarea
            id={reasonId}
            rows={2}
            value={reason}
            maxLength={500}
            aria-invalid={reasonError !== null}
            aria-describedby={reasonError === null ? undefined : `${reasonId}-error`}
            onInput={(event) => {
              setReason(event.currentTarget.value);
              setReasonError(null);
            }}
          />
          {reasonError !== null && (
            <p id={`${reasonId}-error`} class="field-error">
              {reasonError}
            </p>
          )}
        </div>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          Finish walkthrough
        </button>
        <button type="button" onClick={onCancel}>
          Keep recording
        </button>
      </div>
    </form>
  );
}
