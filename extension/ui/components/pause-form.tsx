import { useEffect, useId, useState } from 'preact/hooks';
import type { PauseReason } from '../../db/recording.ts';
import { ChoiceGroup } from './choice-group.tsx';
import { PAUSE_REASON_CHOICES } from './labels.ts';

export type PauseFormProps = {
  busy: boolean;
  onPause: (reason: PauseReason, detail: string) => void;
  onCancel: () => void;
};

/** Why the sampler is waiting: paused time is left out of the journey's active time, so the reason matters. */
export function PauseForm({ busy, onPause, onCancel }: PauseFormProps) {
  const [reason, setReason] = useState<PauseReason | null>(null);
  const [detail, setDetail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const prefix = useId();
  const firstId = `${prefix}-reason`;

  useEffect(() => {
    document.getElementById(firstId)?.focus();
  }, []);

  return (
    <form
      class="action-form"
      aria-label="Pause"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        if (reason === null) {
          setError('Choose what you are waiting for.');
          document.getElementById(firstId)?.focus();
          return;
        }
        onPause(reason, detail.trim());
      }}
    >
      <ChoiceGroup
        name={`${prefix}-reasons`}
        legend="What are you waiting for?"
        choices={PAUSE_REASON_CHOICES}
        value={reason}
        error={error}
        firstId={firstId}
        onChange={(value) => {
          setReason(value);
          setError(null);
        }}
      />
      <div class="field">
        <label for={`${prefix}-detail`}>Detail (optional)</label>
        <input
          id={`${prefix}-detail`}
          value={detail}
          maxLength={500}
          autoComplete="off"
          onInput={(event) => setDetail(event.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Start pause
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
