import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Recording } from '../db/recording.ts';
import { finish } from '../recorder/finish.ts';
import { markNextStep } from '../recorder/mark-step.ts';
import { pause } from '../recorder/pause.ts';
import { createFakeClock } from '../recorder/testing/fake-clock.ts';
import { startTestRecording } from '../recorder/testing/recorder-harness.ts';
import type { Transition } from '../recorder/transition-error.ts';
import { BADGE_COLORS, BADGE_TEXT_COLOR, badgeFor } from './toolbar-badge-state.ts';

/** WCAG 2 contrast of two #rrggbb colours (the formula of shared/ui/tokens.test.ts). */
const contrastRatio = (a: string, b: string): number => {
  const luminance = (hex: string): number => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};

const applied = (transition: Transition): Recording => {
  if (!transition.ok) throw new Error(transition.error.message);
  return transition.value;
};

describe('badgeFor', () => {
  const clock = createFakeClock();
  const later = () => {
    clock.advance(1000);
    return clock.now();
  };
  const started = startTestRecording(clock);
  const second = applied(markNextStep(started, later()));

  it('shows nothing without a walkthrough', () => {
    expect(badgeFor(null)).toMatchObject({ text: '', title: 'Journey Sampler' });
  });

  it('shows the current step number on the accent colour while running, and names it in the title', () => {
    expect(badgeFor(started)).toMatchObject({ text: '1', color: BADGE_COLORS.running });
    const badge = badgeFor(second);
    expect(badge).toMatchObject({ text: '2', color: BADGE_COLORS.running });
    expect(badge.title).toContain(`"${second.journeyName}", step 2 of ${second.steps.length}`);
  });

  it('flashes the new step with a check on green after a shortcut mark', () => {
    expect(badgeFor(second, { marked: true })).toMatchObject({ text: '✓2', color: BADGE_COLORS.marked });
  });

  it('shows "||" on the neutral colour while paused, flash or not', () => {
    const paused = applied(pause(second, later(), 'approval'));
    expect(badgeFor(paused)).toMatchObject({ text: '||', color: BADGE_COLORS.paused });
    expect(badgeFor(paused, { marked: true })).toMatchObject({ text: '||', color: BADGE_COLORS.paused });
    expect(badgeFor(paused).title).toContain('paused at step 2');
  });

  it('clears once finished: the clock has stopped', () => {
    const finished = applied(finish(second, later(), { outcome: 'completed' }));
    expect(badgeFor(finished).text).toBe('');
  });
});

describe('badge colours', () => {
  const tokens = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../shared/ui/tokens.css'), 'utf8');
  const lightToken = (name: string): string | undefined =>
    tokens.match(new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`))?.[1];

  it('are the design tokens they name', () => {
    expect(BADGE_COLORS.running).toBe(lightToken('color-accent'));
    expect(BADGE_COLORS.paused).toBe(lightToken('color-text-muted'));
    expect(BADGE_COLORS.marked).toBe(lightToken('color-status-met-text'));
  });

  it.each(Object.entries(BADGE_COLORS))('white text on %s has at least 4.5:1', (_, color) => {
    expect(contrastRatio(BADGE_TEXT_COLOR, color)).toBeGreaterThanOrEqual(4.5);
  });
});
