import { type ReadonlySignal, signal } from '@preact/signals';
import { nameSchema, type Ratings, ratingsSchema, type Walkthrough } from '../../../shared/schemas/index.ts';
import type { Recording } from '../../db/recording.ts';
import type { RecordingModel } from './recording-model.ts';

/** The rating form as typed; every rating is optional, the name is required for an ad-hoc walkthrough. */
export type RatingDraft = {
  seq: number | null;
  ces: number | null;
  satisfaction: number | null;
  comment: string;
  /** Only used for an ad-hoc walkthrough. */
  name: string;
};

export const EMPTY_RATING_DRAFT: RatingDraft = { seq: null, ces: null, satisfaction: null, comment: '', name: '' };

export type RatingModel = {
  draft: ReadonlySignal<RatingDraft>;
  nameError: ReadonlySignal<string | null>;
  /** Counts refused saves, so the view moves focus to the name field each time. */
  refusals: ReadonlySignal<number>;
  /** Starts a fresh draft when `recording` is not the one the draft belongs to (keeps it across "Back"). */
  prepare(recording: Recording, initialName: string): void;
  edit(change: Partial<RatingDraft>): void;
  save(): Promise<Walkthrough | null>;
  /**
   * Saves without ratings (the view asks "skip anyway?" first). An ad-hoc walkthrough left unnamed keeps the
   * name it has (given at start, or "Ad-hoc walkthrough"): skipping never ends on a "name required" error.
   */
  skip(): Promise<Walkthrough | null>;
  back(): Promise<boolean>;
};

/** Ratings as the schema stores them: unanswered ones left out, not stored as zero. */
export const ratingsFromDraft = (draft: RatingDraft): Ratings =>
  ratingsSchema.parse({
    ...(draft.seq === null ? {} : { seq: draft.seq }),
    ...(draft.ces === null ? {} : { ces: draft.ces }),
    ...(draft.satisfaction === null ? {} : { satisfaction: draft.satisfaction }),
    ...(draft.comment.trim() === '' ? {} : { comment: draft.comment.trim() }),
  });

/**
 * The rating step after "Finish". The draft stays in memory only (a form draft); what matters, the finished
 * recording, is already in IndexedDB, so closing the panel here loses the typed ratings but never the walkthrough.
 */
export const createRatingModel = (recording: RecordingModel): RatingModel => {
  const draft = signal<RatingDraft>(EMPTY_RATING_DRAFT);
  const nameError = signal<string | null>(null);
  const refusals = signal(0);
  let draftFor: { id: string; adHoc: boolean } | null = null;

  const complete = async (ratings: Ratings, nameRequired: boolean): Promise<Walkthrough | null> => {
    if (draftFor === null) return null;
    let journeyName: string | undefined;
    if (draftFor.adHoc) {
      const name = nameSchema.safeParse(draft.peek().name);
      if (!name.success && nameRequired) {
        nameError.value =
          draft.peek().name.trim() === ''
            ? 'Name this walkthrough: it is listed and scored under this name.'
            : 'Use at most 200 characters.';
        refusals.value += 1;
        return null;
      }
      if (name.success) journeyName = name.data;
    }
    return recording.complete(ratings, journeyName);
  };

  return {
    draft,
    nameError,
    refusals,
    prepare(current, initialName) {
      if (draftFor?.id === current.id) return;
      draftFor = { id: current.id, adHoc: current.journeyId === null };
      draft.value = { ...EMPTY_RATING_DRAFT, name: initialName };
      nameError.value = null;
    },
    edit(change) {
      draft.value = { ...draft.peek(), ...change };
      if (change.name !== undefined) nameError.value = null;
    },
    save: () => complete(ratingsFromDraft(draft.peek()), true),
    skip: () => complete({}, false),
    back: () => recording.reopen(),
  };
};
