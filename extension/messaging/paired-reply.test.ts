import { describe, expect, it } from 'vitest';
import { pairedReply, readPairedReply } from './paired-reply.ts';
import { pairedReplySchema } from './protocol.ts';

const SYNCED = { status: 'synced', pushed: 0, rejected: 0, pulled: 2, uploaded: 0, uploadsFailed: 0 } as const;

describe('pairedReply', () => {
  it('cuts a failure’s over-long message to the reply’s bound, so the page still reads which failure it was', () => {
    const message = `Server said: ${'x'.repeat(5000)}`;
    const reply = pairedReply({ status: 'failed', problem: 'unreachable', message });
    expect(pairedReplySchema.safeParse(reply).success).toBe(true);
    expect(readPairedReply(reply)).toEqual({
      status: 'failed',
      problem: 'unreachable',
      message: `${message.slice(0, 1999)}…`,
    });
    // The uncut reply is what the page could not read before.
    expect(
      pairedReplySchema.safeParse({ ok: true, sync: { status: 'failed', problem: 'unreachable', message } }).success,
    ).toBe(false);
  });

  it('passes every other outcome, and a message within the bound, as it is', () => {
    expect(pairedReply(SYNCED)).toEqual({ ok: true, sync: SYNCED });
    const fits = { status: 'failed', problem: 'unreachable', message: 'y'.repeat(2000) } as const;
    expect(pairedReply(fits)).toEqual({ ok: true, sync: fits });
    expect(pairedReply({ status: 'skipped', why: 'busy' })).toEqual({
      ok: true,
      sync: { status: 'skipped', why: 'busy' },
    });
  });
});

describe('readPairedReply', () => {
  it('reads no reply (the background stopped mid-sync) as unanswered, not as a sync under way', () => {
    expect(readPairedReply(undefined)).toEqual({ status: 'unanswered' });
  });

  it('reads the sync’s outcome, and an unreadable reply as a failure', () => {
    expect(readPairedReply({ ok: true, sync: SYNCED })).toEqual(SYNCED);
    expect(readPairedReply({ ok: true, sync: { status: 'skipped', why: 'busy' } })).toEqual({
      status: 'skipped',
      why: 'busy',
    });
    expect(readPairedReply({ ok: false, code: 'failed' })).toEqual({
      status: 'failed',
      problem: 'failed',
      message: 'The extension could not run the first sync.',
    });
  });
});
