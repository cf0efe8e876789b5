import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { Journey } from '../../../shared/schemas/index.ts';
import {
  type DraftErrors,
  hasErrors,
  type JourneyDraft,
  type StepDraft,
  type StepErrors,
} from '../../catalog/journey-draft.ts';
import { type CatalogDeps, saveJourney } from '../../catalog/local-catalog.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { describeError } from './describe-error.ts';

const NO_ERRORS: DraftErrors = { step: {} };

export type JourneyEditorModel = {
  /** True when editing a saved journey, false for a new one. */
  readonly editing: boolean;
  draft: ReadonlySignal<JourneyDraft>;
  /** Field messages from the last refused save; a field's message goes away as soon as it is edited. */
  errors: ReadonlySignal<DraftErrors>;
  /** Counts refused saves, so the view can move focus to the first problem each time (and only then). */
  refusals: ReadonlySignal<number>;
  saving: ReadonlySignal<boolean>;
  /** A save that failed for a reason other than the draft's fields. */
  failure: ReadonlySignal<string | null>;
  editName(text: string): void;
  editDescription(text: string): void;
  editStepName(stepId: string, text: string): void;
  editStepPatterns(stepId: string, text: string): void;
  /** Adds an empty step at the end; returns its id. */
  addStep(): string;
  removeStep(stepId: string): void;
  /** Moves a step one place up (-1) or down (+1); does nothing at the ends. */
  moveStep(stepId: string, by: -1 | 1): void;
  /** Resolves to the saved journey, or null when the draft was refused or the write failed. */
  save(): Promise<Journey | null>;
};

/**
 * The journey editor's state: a draft that lives only in memory (nothing is stored until "Save"), saved
 * through the local catalog, which validates with the shared journeySchema.
 */
export const createJourneyEditorModel = (
  db: JourneySamplerDb,
  deps: CatalogDeps,
  initial: JourneyDraft,
): JourneyEditorModel => {
  const draft = signal(initial);
  const errors = signal<DraftErrors>(NO_ERRORS);
  const refusals = signal(0);
  const saving = signal(false);
  const failure = signal<string | null>(null);

  const update = (change: (d: JourneyDraft) => JourneyDraft) => {
    draft.value = change(draft.peek());
  };
  const updateStep = (stepId: string, change: Partial<StepDraft>) =>
    update((d) => ({ ...d, steps: d.steps.map((s) => (s.id === stepId ? { ...s, ...change } : s)) }));
  const clearStepError = (stepId: string, field: keyof StepErrors) => {
    const current = errors.peek().step[stepId];
    if (current?.[field] === undefined) return;
    const { [field]: _cleared, ...rest } = current;
    const step = { ...errors.peek().step };
    if (Object.keys(rest).length === 0) delete step[stepId];
    else step[stepId] = rest;
    errors.value = { ...errors.peek(), step };
  };
  const clearError = (field: 'name' | 'description' | 'steps') => {
    if (errors.peek()[field] === undefined) return;
    const { [field]: _cleared, ...rest } = errors.peek();
    errors.value = rest;
  };

  return {
    editing: initial.id !== null,
    draft,
    errors,
    refusals,
    saving,
    failure,

    editName(text) {
      batch(() => {
        update((d) => ({ ...d, name: text }));
        clearError('name');
      });
    },
    editDescription(text) {
      batch(() => {
        update((d) => ({ ...d, description: text }));
        clearError('description');
      });
    },
    editStepName(stepId, text) {
      batch(() => {
        updateStep(stepId, { name: text });
        clearStepError(stepId, 'name');
      });
    },
    editStepPatterns(stepId, text) {
      batch(() => {
        updateStep(stepId, { urlPatterns: text });
        clearStepError(stepId, 'urlPatterns');
      });
    },
    addStep() {
      const id = deps.newId();
      batch(() => {
        update((d) => ({ ...d, steps: [...d.steps, { id, name: '', urlPatterns: '' }] }));
        clearError('steps');
      });
      return id;
    },
    removeStep(stepId) {
      batch(() => {
        update((d) => ({ ...d, steps: d.steps.filter((s) => s.id !== stepId) }));
        clearStepError(stepId, 'name');
        clearStepError(stepId, 'urlPatterns');
      });
    },
    moveStep(stepId, by) {
      update((d) => {
        const from = d.steps.findIndex((s) => s.id === stepId);
        const to = from + by;
        if (from < 0 || to < 0 || to >= d.steps.length) return d;
        const steps = [...d.steps];
        const [moved] = steps.splice(from, 1);
        if (moved) steps.splice(to, 0, moved);
        return { ...d, steps };
      });
    },

    async save() {
      if (saving.peek()) return null;
      saving.value = true;
      failure.value = null;
      try {
        const result = await saveJourney(db, draft.peek(), deps);
        if (result.ok) {
          errors.value = NO_ERRORS;
          return result.value;
        }
        if (result.error.kind === 'invalid') {
          const refused = result.error.errors;
          batch(() => {
            errors.value = hasErrors(refused) ? refused : NO_ERRORS;
            refusals.value += 1;
          });
        } else failure.value = result.error.message;
        return null;
      } catch (error) {
        failure.value = `Could not save the journey: ${describeError(error)}`;
        return null;
      } finally {
        saving.value = false;
      }
    },
  };
};
