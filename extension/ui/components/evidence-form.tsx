import { useEffect, useId, useState } from 'preact/hooks';
import type { PainSeverity } from '../../db/recording.ts';
import type { EvidenceRequest } from '../models/recording-model.ts';
import { ChoiceGroup } from './choice-group.tsx';
import { SEVERITY_CHOICES } from './labels.ts';

export type EvidenceFormProps = {
  kind: 'note' | 'pain-point';
  captureShortcut: string | null;
  busy: boolean;
  /** Resolves true once saved, so the form can close; false keeps what was typed. */
  onSave: (input: EvidenceRequest) => Promise<boolean>;
  onCancel: () => void;
};

/** A note or a pain point, attached to the current step, with an optional screenshot of the current tab. */
export function EvidenceForm({ kind, captureShortcut, busy, onSave, onCancel }: EvidenceFormProps) {
  const pain = kind === 'pain-point';
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<PainSeverity | null>(null);
  const [attach, setAttach] = useState(false);
  const [severityError, setSeverityError] = useState<string | null>(null);
  const [textError, setTextError] = useState<string | null>(null);
  const prefix = useId();
  const severityId = `${prefix}-severity`;
  const textId = `${prefix}-text`;

  useEffect(() => {
    document.getElementById(pain ? severityId : textId)?.focus();
  }, []);

  return (
    <form
      class="action-form"
      aria-label={pain ? 'Pain point' : 'Note'}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        const missingSeverity = pain && severity === null;
        const missingText = text.trim() === '';
        setSeverityError(missingSeverity ? 'Choose how bad it is.' : null);
        setTextError(missingText ? (pain ? 'Say what went wrong.' : 'Write the note.') : null);
        if (missingSeverity) return document.getElementById(severityId)?.focus();
        if (missingText) return document.getElementById(textId)?.focus();
        void onSave({
          text: text.trim(),
          attachScreenshot: attach,
          ...(pain && severity !== null ? { severity } : {}),
        });
      }}
    >
      {pain && (
        <ChoiceGroup
          name={`${prefix}-severities`}
          legend="Severity"
          choices={SEVERITY_CHOICES}
          value={severity}
          error={severityError}
          firstId={severityId}
          onChange={(value) => {
            setSeverity(value);
            setSeverityError(null);
          }}
        />
      )}
      <div class="field">
        <label for={textId}>{pain ? 'What went wrong?' : 'Note'}</label>
        <textarea
          id={textId}
          rows={3}
          value={text}
          maxLength={5000}
          aria-invalid={textError !== null}
          aria-describedby={textError === null ? undefined : `${textId}-error`}
          onInput={(event) => {
            setText(event.currentTarget.value);
            setTextError(null);
          }}
        />
        {textError !== null && (
          <p id={`${textId}-error`} class="field-error">
            {textError}
          </p>
        )}
      </div>
      <label class="choice">
        <input
          type="checkbox"
          checked={attach}
          aria-describedby={`${prefix}-shot-hint`}
          onChange={(event) => setAttach(event.currentTarget.checked)}
        />{' '}
        Attach screenshot of the current tab
      </label>
      <p id={`${prefix}-shot-hint`} class="hint">
        The browser allows it on a page once you have clicked the Journey Sampler toolbar button or pressed one of its
        shortcuts there
        {captureShortcut === null ? '.' : ` (${captureShortcut} adds a screenshot note straight from the page).`}
      </p>
      <div class="actions">
        <button type="submit" class="primary">
          {pain ? 'Save pain point' : 'Save note'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
