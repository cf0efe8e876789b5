import type { Recording } from '../db/recording.ts';

/** What the toolbar button shows over its icon. */
export type BadgeState = {
  /** '' clears the badge. At most 4 characters: Chrome cuts the rest. */
  text: string;
  /** Background colour (hex); the text is white on each. */
  color: string;
  /** The button's tooltip, also what a screen reader announces for it (the badge itself is not read out). */
  title: string;
};

/**
 * From shared/ui/tokens.css (light theme): the badge is drawn by the browser over the toolbar, whatever the page
 * theme. White text has at least 4.5:1 on each (toolbar-badge-state.test.ts checks them against the tokens).
 */
export const BADGE_COLORS = {
  /** --color-accent: a walkthrough is running. */
  running: '#0b57d0',
  /** --color-text-muted: paused, the clock is on hold. */
  paused: '#5f6368',
  /** --color-status-met-text: a step was just marked by the shortcut. */
  marked: '#137333',
} as const;

export const BADGE_TEXT_COLOR = '#ffffff';

const NAME = 'Journey Sampler';

/** The step the sampler is on: the first is marked at start, so this is the number of marks (1, 2, …). */
const stepNumber = (recording: Recording): number => recording.stepMarks.length;

/**
 * The badge for the stored recording: its step number on the accent colour while running, "||" on a neutral
 * colour while paused, nothing otherwise (no walkthrough, or finished: the clock has stopped and the side
 * panel asks for the rating). `marked` is the brief flash after a shortcut mark: the new step number with a
 * check, on green.
 */
export const badgeFor = (recording: Recording | null, { marked = false }: { marked?: boolean } = {}): BadgeState => {
  if (recording === null || recording.status === 'finished')
    return { text: '', color: BADGE_COLORS.running, title: NAME };
  const step = stepNumber(recording);
  const of = recording.steps.length > 0 ? ` of ${recording.steps.length}` : '';
  if (recording.status === 'paused') {
    return {
      text: '||',
      color: BADGE_COLORS.paused,
      title: `${NAME}: "${recording.journeyName}" paused at step ${step}${of}`,
    };
  }
  const title = `${NAME}: recording "${recording.journeyName}", step ${step}${of}`;
  return marked
    ? { text: `✓${step}`, color: BADGE_COLORS.marked, title: `${title} (just marked)` }
    : { text: String(step), color: BADGE_COLORS.running, title };
};
