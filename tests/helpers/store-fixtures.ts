import type { Feedback } from '../../shared/schemas/feedback.ts';
import type { Journey } from '../../shared/schemas/journey.ts';
import type { JourneyTargets } from '../../shared/schemas/journey-targets.ts';
import type { Service } from '../../shared/schemas/service.ts';
import type { Team } from '../../shared/schemas/team.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';

/**
 * Record builders for store and server tests: every field filled with a fixed value, overridable per test. Ids
 * are deterministic UUIDv7s (`fixtureId(n)`) and times come from a fixed clock, so a failure reproduces exactly.
 */

/** A valid UUIDv7 (version nibble 7, variant 8) that differs only in its last 48 bits. */
export const fixtureId = (n: number): string => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

export const FIXED_TIME = '2025-03-04T09:10:11.123Z';

/** `FIXED_TIME` plus `minutes`, in the stored ISO format. */
export const fixtureTime = (minutes: number): string =>
  new Date(Date.parse(FIXED_TIME) + minutes * 60_000).toISOString();

export const TEAM_A = fixtureId(0xa);
export const TEAM_B = fixtureId(0xb);
export const SERVICE_A = fixtureId(0xa01);
export const SERVICE_B = fixtureId(0xb01);
export const JOURNEY_A = fixtureId(0xa02);
export const JOURNEY_B = fixtureId(0xb02);
export const STEP_1 = fixtureId(0xa03);
export const STEP_2 = fixtureId(0xa04);
export const SAMPLER = fixtureId(0x5a);

export const makeTeam = (overrides: Partial<Team> = {}): Team => ({
  id: TEAM_A,
  name: 'Service desk',
  createdAt: FIXED_TIME,
  ...overrides,
});

export const makeService = (overrides: Partial<Service> = {}): Service => ({
  id: SERVICE_A,
  teamId: TEAM_A,
  rev: 1,
  name: 'Self-service portal',
  description: 'Where customers reset passwords and order software',
  archived: false,
  updatedAt: FIXED_TIME,
  ...overrides,
});

export const makeJourney = (overrides: Partial<Journey> = {}): Journey => ({
  id: JOURNEY_A,
  teamId: TEAM_A,
  serviceId: SERVICE_A,
  rev: 1,
  name: 'Reset my password',
  description: 'From the login page to a working new password',
  steps: [
    { id: STEP_1, name: 'Open the portal', urlPatterns: ['https://portal.example.com/*'] },
    { id: STEP_2, name: 'Confirm by e-mail', urlPatterns: [] },
  ],
  archived: false,
  updatedAt: FIXED_TIME,
  ...overrides,
});

/** Every optional target set, so a round trip covers each column. */
export const makeTargets = (overrides: Partial<JourneyTargets> = {}): JourneyTargets => ({
  journeyId: JOURNEY_A,
  rev: 1,
  duration: { thresholdMs: 180_000, share: 0.9 },
  completionRate: 0.95,
  csat: 0.8,
  seqMean: 5.5,
  cesMean: 5.25,
  apdexTMs: 60_000,
  minSamples: 5,
  updatedAt: FIXED_TIME,
  ...overrides,
});

/** Only what the schema requires. */
export const makeMinimalTargets = (overrides: Partial<JourneyTargets> = {}): JourneyTargets => ({
  journeyId: JOURNEY_A,
  rev: 1,
  duration: { thresholdMs: 180_000, share: 0.9 },
  minSamples: 5,
  updatedAt: FIXED_TIME,
  ...overrides,
});

/** Every optional and nested field filled: notes, pauses, pain points, all ratings, outcome reason. */
export const makeWalkthrough = (overrides: Partial<Walkthrough> = {}): Walkthrough => ({
  id: fixtureId(0x1000),
  rev: 1,
  journeyId: JOURNEY_A,
  journeyName: 'Reset my password',
  samplerId: SAMPLER,
  startedAt: FIXED_TIME,
  endedAt: fixtureTime(4),
  elapsedMs: 240_000,
  stepMarks: [
    { stepId: STEP_1, name: 'Open the portal', atMs: 0, source: 'auto' },
    { stepId: STEP_2, name: 'Confirm by e-mail', atMs: 90_500, source: 'manual' },
  ],
  pauses: [{ startMs: 100_000, endMs: 160_000, reason: 'email', detail: 'waiting for the code' }],
  notes: [{ id: fixtureId(0x2001), atMs: 12_345, text: 'Login page shows a cookie banner twice' }],
  painPoints: [{ id: fixtureId(0x2002), atMs: 170_000, severity: 'major', text: 'Code e-mail took a minute' }],
  outcome: 'abandoned',
  outcomeReason: 'the code never arrived',
  ratings: { seq: 3, ces: 4, satisfaction: 2, comment: 'Too many steps — «unicode» ✓' },
  environment: { browser: 'Chromium 156', os: 'Linux', networkType: '4g' },
  ...overrides,
});

/** An ad-hoc walkthrough with no optional field. */
export const makeMinimalWalkthrough = (overrides: Partial<Walkthrough> = {}): Walkthrough => ({
  id: fixtureId(0x1001),
  rev: 1,
  journeyId: null,
  journeyName: 'Order a laptop',
  samplerId: null,
  startedAt: FIXED_TIME,
  endedAt: FIXED_TIME,
  elapsedMs: 0,
  stepMarks: [],
  pauses: [],
  notes: [],
  painPoints: [],
  outcome: 'completed',
  ratings: {},
  environment: { browser: 'Firefox 140', os: 'Windows' },
  ...overrides,
});

export const makeFeedback = (overrides: Partial<Feedback> = {}): Feedback => ({
  id: fixtureId(0x3000),
  serviceId: SERVICE_A,
  journeyId: JOURNEY_A,
  stepId: STEP_2,
  rating: 4,
  comment: 'Quick, but the e-mail was slow',
  pageUrl: 'https://portal.example.com/reset/done',
  createdAt: FIXED_TIME,
  ...overrides,
});

export const makeMinimalFeedback = (overrides: Partial<Feedback> = {}): Feedback => ({
  id: fixtureId(0x3001),
  serviceId: SERVICE_A,
  rating: 1,
  pageUrl: 'https://portal.example.com/',
  createdAt: FIXED_TIME,
  ...overrides,
});
