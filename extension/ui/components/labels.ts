import type { Outcome } from '../../../shared/schemas/index.ts';
import type { PainSeverity, PauseReason } from '../../db/recording.ts';
import type { Choice } from './choice-group.tsx';

export const PAUSE_REASON_CHOICES: readonly Choice<PauseReason>[] = [
  { value: 'email', label: 'Waiting for an e-mail' },
  { value: 'approval', label: 'Waiting for an approval' },
  { value: 'call', label: 'Waiting for a call' },
  { value: 'other', label: 'Other' },
];

export const SEVERITY_CHOICES: readonly Choice<PainSeverity>[] = [
  { value: 'minor', label: 'Minor' },
  { value: 'major', label: 'Major' },
  { value: 'blocker', label: 'Blocker' },
];

export const OUTCOME_CHOICES: readonly Choice<Outcome>[] = [
  { value: 'completed', label: 'Completed' },
  { value: 'abandoned', label: 'Abandoned' },
  { value: 'failed', label: 'Failed' },
];

export const labelOf = <T extends string>(choices: readonly Choice<T>[], value: T): string =>
  choices.find((choice) => choice.value === value)?.label ?? value;
