import type { z } from 'zod';
import { err, ok, type Result } from '../../shared/domain/result.ts';
import { type Journey, journeySchema } from '../../shared/schemas/index.ts';

/** One step as the editor holds it: URL patterns as typed, one per line. */
export type StepDraft = {
  /** Kept across edits: walkthroughs point at step ids, so renaming or moving a step must not change it. */
  id: string;
  name: string;
  urlPatterns: string;
};

/** The journey editor's form. A draft may be invalid; it becomes a Journey only through `journeyFromDraft`. */
export type JourneyDraft = {
  /** Null for a journey not saved yet. */
  id: string | null;
  name: string;
  description: string;
  steps: StepDraft[];
};

export type StepErrors = { name?: string; urlPatterns?: string };

/** Messages for the editor, each tied to the field it is about. Empty when the draft is valid. */
export type DraftErrors = {
  name?: string;
  description?: string;
  /** About the list as a whole (no steps, too many). */
  steps?: string;
  /** By step id. */
  step: Record<string, StepErrors>;
};

export const hasErrors = (errors: DraftErrors): boolean =>
  errors.name !== undefined ||
  errors.description !== undefined ||
  errors.steps !== undefined ||
  Object.keys(errors.step).length > 0;

/** The lines of a URL-pattern box that hold something: blank lines and surrounding spaces mean nothing. */
export const patternLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

export const draftFromJourney = (journey: Journey): JourneyDraft => ({
  id: journey.id,
  name: journey.name,
  description: journey.description,
  steps: journey.steps.map((step) => ({ id: step.id, name: step.name, urlPatterns: step.urlPatterns.join('\n') })),
});

export const emptyDraft = (newId: () => string): JourneyDraft => ({
  id: null,
  name: '',
  description: '',
  steps: [{ id: newId(), name: '', urlPatterns: '' }],
});

/** What the draft does not decide: identity, ownership and version, filled in by the catalog when saving. */
export type JourneyFrame = Pick<Journey, 'id' | 'teamId' | 'serviceId' | 'rev' | 'archived' | 'updatedAt'>;

const lengthMessage = (issue: z.core.$ZodIssue, what: string): string => {
  if (issue.code === 'too_small') return `Enter ${what}.`;
  if (issue.code === 'too_big') return `Use at most ${String(issue.maximum)} characters.`;
  return issue.message;
};

/**
 * Validates the draft with the shared journeySchema (the same rules the server applies), and words each
 * problem for the field it belongs to instead of showing zod's generic text.
 */
export const journeyFromDraft = (draft: JourneyDraft, frame: JourneyFrame): Result<Journey, DraftErrors> => {
  const candidate = {
    ...frame,
    name: draft.name,
    description: draft.description,
    steps: draft.steps.map((step) => ({ id: step.id, name: step.name, urlPatterns: patternLines(step.urlPatterns) })),
  };
  const parsed = journeySchema.safeParse(candidate);
  if (parsed.success) return ok(parsed.data);

  const errors: DraftErrors = { step: {} };
  const stepError = (index: number, field: keyof StepErrors, message: string) => {
    const step = draft.steps[index];
    if (!step) return;
    const existing = errors.step[step.id] ?? {};
    // The first problem per field is enough: fixing it usually fixes the rest.
    if (existing[field] === undefined) errors.step[step.id] = { ...existing, [field]: message };
  };
  for (const issue of parsed.error.issues) {
    const [field, index, stepField, patternIndex] = issue.path;
    if (field === 'name') errors.name ??= lengthMessage(issue, 'a name for the journey');
    else if (field === 'description') errors.description ??= lengthMessage(issue, 'a description');
    else if (field === 'steps' && typeof index === 'number') {
      if (stepField === 'name') stepError(index, 'name', lengthMessage(issue, `a name for step ${index + 1}`));
      else if (stepField === 'urlPatterns' && typeof patternIndex === 'number') {
        const line = candidate.steps[index]?.urlPatterns[patternIndex] ?? '';
        stepError(index, 'urlPatterns', `“${line}” ${issue.message}.`);
      } else if (stepField === 'urlPatterns' && issue.code === 'too_big') {
        stepError(index, 'urlPatterns', `Use at most ${String(issue.maximum)} URL patterns, one per line.`);
      } else stepError(index, 'name', issue.message);
    } else if (field === 'steps') {
      errors.steps ??=
        issue.code === 'too_small'
          ? 'Add at least one step.'
          : issue.code === 'too_big'
            ? `A journey has at most ${String(issue.maximum)} steps.`
            : issue.message;
    } else {
      // Identity fields come from the catalog, not the sampler: a failure there is a bug, but still say it.
      errors.steps ??= issue.message;
    }
  }
  return err(errors);
};
