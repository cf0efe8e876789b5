import { describe, expect, it } from 'vitest';
import {
  FULL_WALKTHROUGH_OVERRIDES,
  MINIMAL_WALKTHROUGH_OVERRIDES,
  makeWalkthrough,
} from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { localTime } from './local-time.ts';
import { stepsToCsv } from './steps-csv.ts';
import { parseCsv, parseCsvRecords } from './testing/parse-csv.ts';

const ids = createIdGenerator(47);

describe('stepsToCsv', () => {
  it('writes one row per step with its start, span, active time, notes and pain points', () => {
    const full = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES, ids);
    const minimal = makeWalkthrough(MINIMAL_WALKTHROUGH_OVERRIDES, ids);
    const text = stepsToCsv([full, minimal], localTime('America/New_York'));
    expect(parseCsv(text)[0]).toEqual([
      'walkthrough id',
      'journey',
      'walkthrough started (America/New_York)',
      'outcome',
      'step',
      'step name',
      'marked',
      'starts at s',
      'elapsed s',
      'active s',
      'pain points',
      'pain point notes',
      'notes',
    ]);
    // The minimal walkthrough has no steps and nothing noted: it adds no row.
    expect(parseCsvRecords(text)).toEqual([
      {
        'walkthrough id': full.id,
        journey: 'Reset my password',
        'walkthrough started (America/New_York)': '2026-01-05 04:00:00',
        outcome: 'abandoned',
        step: '1',
        'step name': 'Open the portal',
        marked: 'auto',
        'starts at s': '0',
        'elapsed s': '90.5',
        'active s': '90.5',
        'pain points': '0',
        'pain point notes': '',
        notes: '0:12 Login page shows a cookie banner twice',
      },
      {
        'walkthrough id': full.id,
        journey: 'Reset my password',
        'walkthrough started (America/New_York)': '2026-01-05 04:00:00',
        outcome: 'abandoned',
        step: '2',
        'step name': 'Verify identity',
        marked: 'manual',
        'starts at s': '90.5',
        'elapsed s': '149.5',
        'active s': '89.5',
        'pain points': '1',
        'pain point notes': '2:50 (major) Code e-mail took a minute',
        notes: '',
      },
    ]);
  });

  it('keeps what was noted before the first mark in a row of its own, without a step number', () => {
    const w = makeWalkthrough(
      {
        journeyName: '@risk journey',
        elapsedMs: 30_000,
        stepMarks: [],
        pauses: [{ startMs: 10_000, endMs: 15_000, reason: 'call' }],
        painPoints: [{ id: ids(), atMs: 0, severity: 'minor', text: '-slow start' }],
      },
      ids,
    );
    const [row, ...rest] = parseCsvRecords(stepsToCsv([w], localTime('UTC')));
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      journey: "'@risk journey",
      step: '',
      'step name': 'Before the first step',
      marked: '',
      'starts at s': '0',
      'elapsed s': '30',
      'active s': '25',
      'pain points': '1',
      'pain point notes': '0:00 (minor) -slow start',
    });
  });

  it('is just the header for no walkthroughs', () => {
    expect(parseCsv(stepsToCsv([], localTime('UTC')))).toHaveLength(1);
  });
});
