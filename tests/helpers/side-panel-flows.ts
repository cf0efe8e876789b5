import type { Page } from 'playwright-core';

// What a sampler does in the side panel, step by step through the real UI, for the browser suites that need
// the same moves (create a journey, finish, rate). Each waits for the panel's own confirmation.

export type JourneyStepInput = { readonly name: string; readonly urlPatterns?: string };

/** "New journey" with these steps, saved, and the panel's confirmation seen. */
export const createJourney = async (panel: Page, name: string, steps: readonly JourneyStepInput[]): Promise<void> => {
  await panel.getByRole('button', { name: 'New journey' }).click();
  await panel.getByLabel('Journey name').fill(name);
  for (const [i, step] of steps.entries()) {
    if (i > 0) await panel.getByRole('button', { name: 'Add step' }).click();
    await panel.getByLabel(`Step ${i + 1} name`).fill(step.name);
    if (step.urlPatterns !== undefined) await panel.getByLabel(`Step ${i + 1} URL patterns`).fill(step.urlPatterns);
  }
  await panel.getByRole('button', { name: 'Save journey' }).click();
  await panel.getByText(`Saved the journey “${name}”.`).waitFor();
};

/** Finish as completed and wait for the rating view of `journey`. */
export const finishAsCompleted = async (panel: Page, journey: string): Promise<void> => {
  await panel.getByRole('button', { name: 'Finish', exact: true }).click();
  await panel.getByRole('radio', { name: 'Completed' }).check();
  await panel.getByRole('button', { name: 'Finish walkthrough' }).click();
  await panel.getByRole('heading', { level: 1, name: `Rate ${journey}` }).waitFor();
};

export type RatingInput = {
  readonly seq: number;
  /** The CES question as the panel words it, e.g. "The service made it easy for me to order a laptop". */
  readonly cesQuestion: string;
  readonly ces: number;
  readonly satisfaction: number;
  readonly comment?: string;
};

/** Writes the comment (if any), then taps the three ratings: the tap on the last question saves, as a person's would. */
export const rateAndSave = async (panel: Page, rating: RatingInput): Promise<void> => {
  const pick = (group: string, value: number) =>
    panel
      .getByRole('group', { name: group })
      .getByRole('radio', { name: String(value) })
      .check();
  if (rating.comment !== undefined) await panel.getByLabel('Comment (optional)').fill(rating.comment);
  await pick('Overall, how difficult or easy was the task to complete?', rating.seq);
  await pick(rating.cesQuestion, rating.ces);
  await pick('Overall, how satisfied are you with this journey?', rating.satisfaction);
};
