import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { DraftErrors, JourneyDraft } from '../../catalog/journey-draft.ts';

export type JourneyEditorProps = {
  /** Editing a saved journey rather than creating one. */
  editing: boolean;
  draft: JourneyDraft;
  errors: DraftErrors;
  /** Grows on every refused save: focus then moves to the first field with a problem. */
  refusals: number;
  saving: boolean;
  failure: string | null;
  onNameInput: (text: string) => void;
  onDescriptionInput: (text: string) => void;
  onStepNameInput: (stepId: string, text: string) => void;
  onStepPatternsInput: (stepId: string, text: string) => void;
  /** Returns the new step's id, so its name field can take focus. */
  onAddStep: () => string;
  onRemoveStep: (stepId: string) => void;
  onMoveStep: (stepId: string, by: -1 | 1) => void;
  onSave: () => void;
  onCancel: () => void;
};

type FieldRole = 'name' | 'patterns' | 'up' | 'down' | 'remove';

/**
 * The journey editor: a name, a description and ordered steps, each with a name and optional URL patterns.
 * Steps are reordered with buttons (keyboard operable, unlike drag and drop), focus follows the step that
 * moved, and each change is announced in a polite live region.
 */
export function JourneyEditor(props: JourneyEditorProps) {
  const { draft, errors } = props;
  const prefix = useId();
  const fieldId = (stepId: string, role: FieldRole) => `${prefix}-${stepId}-${role}`;
  const nameId = `${prefix}-name`;
  const descriptionId = `${prefix}-description`;
  const addStepId = `${prefix}-add-step`;
  const [announcement, setAnnouncement] = useState('');
  // Where focus goes after the next render: moving a node in the DOM drops focus, so it is put back.
  const focusNext = useRef<string | null>(null);

  // Opening the editor replaces the button that opened it: focus would fall to the page, so it goes to the first
  // field (inside a form named by the heading, so a screen reader says "New journey, form, Journey name").
  useEffect(() => {
    document.getElementById(nameId)?.focus();
  }, []);

  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = null;
    if (target !== null) document.getElementById(target)?.focus();
  });

  useEffect(() => {
    if (props.refusals === 0) return;
    const first =
      (errors.name !== undefined && nameId) ||
      (errors.description !== undefined && descriptionId) ||
      (errors.steps !== undefined && addStepId) ||
      draft.steps
        .map((step) => {
          const stepErrors = errors.step[step.id];
          if (stepErrors?.name !== undefined) return fieldId(step.id, 'name');
          if (stepErrors?.urlPatterns !== undefined) return fieldId(step.id, 'patterns');
          return null;
        })
        .find((id) => id !== null);
    if (first) document.getElementById(first)?.focus();
    // Only a new refusal moves focus; typing (which clears messages) must not.
  }, [props.refusals]);

  const stepLabel = (index: number, name: string) => (name.trim() === '' ? `step ${index + 1}` : `“${name.trim()}”`);

  const move = (stepId: string, index: number, by: -1 | 1) => {
    const to = index + by;
    if (to < 0 || to >= draft.steps.length) return;
    props.onMoveStep(stepId, by);
    focusNext.current = fieldId(stepId, by === -1 ? 'up' : 'down');
    const step = draft.steps[index];
    setAnnouncement(`Moved ${stepLabel(index, step?.name ?? '')} to position ${to + 1} of ${draft.steps.length}.`);
  };

  const remove = (stepId: string, index: number) => {
    const neighbour = draft.steps[index + 1] ?? draft.steps[index - 1];
    props.onRemoveStep(stepId);
    focusNext.current = neighbour ? fieldId(neighbour.id, 'name') : addStepId;
    setAnnouncement(`Removed ${stepLabel(index, draft.steps[index]?.name ?? '')}.`);
  };

  const add = () => {
    const id = props.onAddStep();
    focusNext.current = fieldId(id, 'name');
    setAnnouncement(`Added step ${draft.steps.length + 1}.`);
  };

  const describedBy = (...ids: Array<string | false>) => ids.filter((id) => id !== false).join(' ') || undefined;

  return (
    <form
      class="journey-editor"
      noValidate
      aria-labelledby={`${prefix}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave();
      }}
    >
      {/* The editor fills the panel: its title is the page's h1, as on every other screen. */}
      <h1 id={`${prefix}-heading`}>{props.editing ? 'Edit journey' : 'New journey'}</h1>

      <div class="field">
        <label for={nameId}>Journey name</label>
        <input
          id={nameId}
          value={draft.name}
          autoComplete="off"
          aria-invalid={errors.name !== undefined}
          aria-describedby={describedBy(errors.name !== undefined && `${nameId}-error`)}
          onInput={(event) => props.onNameInput(event.currentTarget.value)}
        />
        {errors.name !== undefined && (
          <p id={`${nameId}-error`} class="field-error">
            {errors.name}
          </p>
        )}
      </div>

      <div class="field">
        <label for={descriptionId}>Description (optional)</label>
        <textarea
          id={descriptionId}
          rows={2}
          value={draft.description}
          aria-invalid={errors.description !== undefined}
          aria-describedby={describedBy(errors.description !== undefined && `${descriptionId}-error`)}
          onInput={(event) => props.onDescriptionInput(event.currentTarget.value)}
        />
        {errors.description !== undefined && (
          <p id={`${descriptionId}-error`} class="field-error">
            {errors.description}
          </p>
        )}
      </div>

      <h2 id={`${prefix}-steps`}>Steps</h2>
      <p id={`${prefix}-patterns-hint`} class="hint">
        URL patterns are optional, one per line, for example https://portal.example.com/reset/* — a step is marked
        automatically when a tab reaches a matching address.
      </p>
      <ol class="step-editor-list" aria-labelledby={`${prefix}-steps`}>
        {draft.steps.map((step, index) => {
          const stepErrors = errors.step[step.id] ?? {};
          const n = index + 1;
          const first = index === 0;
          const last = index === draft.steps.length - 1;
          return (
            <li key={step.id} class="step-editor">
              <div class="field">
                <label for={fieldId(step.id, 'name')}>Step {n} name</label>
                <input
                  id={fieldId(step.id, 'name')}
                  value={step.name}
                  autoComplete="off"
                  aria-invalid={stepErrors.name !== undefined}
                  aria-describedby={describedBy(stepErrors.name !== undefined && `${fieldId(step.id, 'name')}-error`)}
                  onInput={(event) => props.onStepNameInput(step.id, event.currentTarget.value)}
                />
                {stepErrors.name !== undefined && (
                  <p id={`${fieldId(step.id, 'name')}-error`} class="field-error">
                    {stepErrors.name}
                  </p>
                )}
              </div>
              <div class="field">
                <label for={fieldId(step.id, 'patterns')}>Step {n} URL patterns</label>
                <textarea
                  id={fieldId(step.id, 'patterns')}
                  rows={1}
                  spellcheck={false}
                  value={step.urlPatterns}
                  aria-invalid={stepErrors.urlPatterns !== undefined}
                  aria-describedby={describedBy(
                    `${prefix}-patterns-hint`,
                    stepErrors.urlPatterns !== undefined && `${fieldId(step.id, 'patterns')}-error`,
                  )}
                  onInput={(event) => props.onStepPatternsInput(step.id, event.currentTarget.value)}
                />
                {stepErrors.urlPatterns !== undefined && (
                  <p id={`${fieldId(step.id, 'patterns')}-error`} class="field-error">
                    {stepErrors.urlPatterns}
                  </p>
                )}
              </div>
              <div class="actions step-actions">
                {/* aria-disabled rather than disabled: a step moved to an end keeps focus on its button. */}
                <button
                  type="button"
                  id={fieldId(step.id, 'up')}
                  aria-label={`Move step ${n} up`}
                  aria-disabled={first}
                  onClick={() => move(step.id, index, -1)}
                >
                  ↑ Up
                </button>
                <button
                  type="button"
                  id={fieldId(step.id, 'down')}
                  aria-label={`Move step ${n} down`}
                  aria-disabled={last}
                  onClick={() => move(step.id, index, 1)}
                >
                  ↓ Down
                </button>
                <button
                  type="button"
                  id={fieldId(step.id, 'remove')}
                  aria-label={`Remove step ${n}`}
                  onClick={() => remove(step.id, index)}
                >
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {errors.steps !== undefined && (
        <p id={`${prefix}-steps-error`} class="field-error">
          {errors.steps}
        </p>
      )}
      <button
        type="button"
        id={addStepId}
        aria-describedby={describedBy(errors.steps !== undefined && `${prefix}-steps-error`)}
        onClick={add}
      >
        Add step
      </button>

      <p role="status" class="visually-hidden">
        {announcement}
      </p>
      {props.failure !== null && <p role="alert">{props.failure}</p>}
      <div class="actions form-actions">
        <button type="submit" class="primary" aria-disabled={props.saving}>
          {props.saving ? 'Saving…' : 'Save journey'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
