import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FULL_WALKTHROUGH_OVERRIDES,
  MINIMAL_WALKTHROUGH_OVERRIDES,
  makeWalkthrough,
} from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { localTime } from './local-time.ts';
import { parseCsv, parseCsvRecords } from './testing/parse-csv.ts';
import { walkthroughsToCsv } from './walkthroughs-csv.ts';

const ids = createIdGenerator(31);
const berlin = localTime('Europe/Berlin');

describe('walkthroughsToCsv', () => {
  it('writes one row per walkthrough: local times in a named zone, notes, pain points and step times', () => {
    const full = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES, ids);
    const minimal = makeWalkthrough({ ...MINIMAL_WALKTHROUGH_OVERRIDES, startedAt: '2026-07-01T22:30:00.000Z' }, ids);
    const text = walkthroughsToCsv([full, minimal], berlin);
    expect(parseCsv(text)[0]).toEqual([
      'id',
      'journey',
      'started (Europe/Berlin)',
      'ended (Europe/Berlin)',
      'UTC offset',
      'outcome',
      'outcome reason',
      'elapsed s',
      'active s',
      'steps',
      'pauses',
      'SEQ',
      'CES',
      'satisfaction',
      'comment',
      'notes',
      'pain points',
      'step times',
    ]);
    const [fullRow, minimalRow, ...rest] = parseCsvRecords(text);
    expect(rest).toEqual([]);
    expect(fullRow).toEqual({
      id: full.id,
      journey: 'Reset my password',
      // The fixture starts at 09:00 UTC on 5 January: 10:00 in Berlin (winter time).
      'started (Europe/Berlin)': '2026-01-05 10:00:00',
      'ended (Europe/Berlin)': '2026-01-05 10:04:00',
      'UTC offset': 'UTC+01:00',
      outcome: 'abandoned',
      'outcome reason': 'the code never arrived',
      'elapsed s': '240',
      'active s': '180',
      steps: '2',
      pauses: '1',
      SEQ: '3',
      CES: '4',
      satisfaction: '2',
      comment: 'Too many steps — «unicode» ✓',
      notes: '0:12 Login page shows a cookie banner twice',
      'pain points': '2:50 (major) Code e-mail took a minute',
      // The second step holds the 60 s pause: its active time is shown beside its span.
      'step times': '1. Open the portal: from 0:00, 90.5 s\n2. Verify identity: from 1:30, 149.5 s (active 89.5 s)',
    });
    expect(minimalRow).toMatchObject({
      'started (Europe/Berlin)': '2026-07-02 00:30:00',
      'UTC offset': 'UTC+02:00',
      'outcome reason': '',
      'elapsed s': '0',
      SEQ: '',
      notes: '',
      'pain points': '',
      'step times': '',
    });
  });

  it('lists every note and pain point, one per line in time order, and time before the first mark', () => {
    const w = makeWalkthrough(
      {
        elapsedMs: 60_000,
        stepMarks: [{ stepId: null, name: 'Pay', atMs: 20_000, source: 'manual' }],
        notes: [
          { id: ids(), atMs: 5_000, text: 'first' },
          { id: ids(), atMs: 30_000, text: '=1+1 then, "quoted"' },
        ],
        painPoints: [{ id: ids(), atMs: 45_000, severity: 'blocker', text: 'Card refused' }],
      },
      ids,
    );
    const [row] = parseCsvRecords(walkthroughsToCsv([w], localTime('UTC')));
    // A formula inside a later line is harmless: spreadsheets only look at the start of a cell.
    expect(row?.notes).toBe('0:05 first\n0:30 =1+1 then, "quoted"');
    expect(row?.['pain points']).toBe('0:45 (blocker) Card refused');
    expect(row?.['step times']).toBe('Before the first step: from 0:00, 20 s\n1. Pay: from 0:20, 40 s');
  });

  it('reads back every journey name and comment, with formulas defused', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    fc.assert(
      fc.property(
        text.filter((s) => s.trim() === s && s !== ''),
        fc
          .tuple(fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', '"', ','), fc.string({ maxLength: 40 }))
          .map(([start, rest]) => `${start}${rest}`),
        (journeyName, comment) => {
          const w = makeWalkthrough({ journeyName, ratings: { comment } }, ids);
          const [row] = parseCsvRecords(walkthroughsToCsv([w], berlin));
          const defused = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
          expect(row?.journey).toBe(defused(journeyName));
          expect(row?.comment).toBe(defused(comment));
        },
      ),
    );
  });
});
