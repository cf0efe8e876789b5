import type { Outcome } from '../../../shared/schemas/walkthrough.ts';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  completed: 'Completed',
  abandoned: 'Abandoned',
  failed: 'Failed',
};
