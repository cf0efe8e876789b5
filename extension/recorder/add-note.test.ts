import { describe, expect, it } from 'vitest';
import { MAX_NOTES } from '../../shared/schemas/index.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import type { PainSeverity } from '../db/recording.ts';
import { addNote, addPainPoint } from './add-note.ts';
import { finish } from './finish.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';

const ids = createIdGenerator(0x40e);

describe('addNote', () => {
  it('adds a note now, trimmed, with an optional screenshot id', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    clock.advance(7_000);
    const [id, screenshotId] = [ids(), ids()];
    r = unwrap(addNote(r, clock.now(), { id, text: '  Cookie banner twice ', screenshotId }));
    r = unwrap(addNote(r, clock.now(), { id: ids(), text: 'no picture' }));
    expect(r.notes).toEqual([
      { id, atMs: 7_000, text: 'Cookie banner twice', screenshotId },
      { id: expect.any(String), atMs: 7_000, text: 'no picture' },
    ]);
  });

  it('is allowed after Finish, at the end of the walkthrough', () => {
    const clock = createFakeClock();
    const started = startTestRecording(clock, {});
    clock.advance(3_000);
    const finished = unwrap(finish(started, clock.now(), { outcome: 'completed' }));
    clock.advance(60_000);
    const r = unwrap(addNote(finished, clock.now(), { id: ids(), text: 'afterthought' }));
    expect(r.notes[0]?.atMs).toBe(3_000);
  });

  it('refuses empty text, text too long and notes past the limit', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    expect(addNote(r, clock.now(), { id: ids(), text: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(addNote(r, clock.now(), { id: ids(), text: 'x'.repeat(5001) })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const full = { ...r, notes: Array.from({ length: MAX_NOTES }, () => ({ id: ids(), atMs: 0, text: 'n' })) };
    expect(addNote(full, clock.now(), { id: ids(), text: 'one more' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});

describe('addPainPoint', () => {
  it.each(['minor', 'major', 'blocker'] as const)('adds a %s pain point now', (severity) => {
    const clock = createFakeClock();
    const id = ids();
    const r = unwrap(addPainPoint(startTestRecording(clock), clock.now(), { id, severity, text: 'Logged in twice' }));
    expect(r.painPoints).toEqual([{ id, atMs: 0, severity, text: 'Logged in twice' }]);
  });

  it('places it at the current elapsed time', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    clock.advance(2_500);
    const screenshotId = ids();
    const next = unwrap(addPainPoint(r, clock.now(), { id: ids(), severity: 'major', text: 'slow', screenshotId }));
    expect(next.painPoints[0]).toMatchObject({ atMs: 2_500, screenshotId });
  });

  it('refuses an unknown severity, empty text and pain points past the limit', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    expect(addPainPoint(r, clock.now(), { id: ids(), severity: 'meh' as PainSeverity, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(addPainPoint(r, clock.now(), { id: ids(), severity: 'minor', text: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const full = {
      ...r,
      painPoints: Array.from({ length: MAX_NOTES }, () => ({
        id: ids(),
        atMs: 0,
        severity: 'minor' as const,
        text: 'p',
      })),
    };
    expect(addPainPoint(full, clock.now(), { id: ids(), severity: 'minor', text: 'more' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});
