import { describe, expect, it, vi } from 'vitest';
import type { ContentScriptMessage, MessageResponse } from '../messaging/protocol.ts';
import type { Delivery } from '../recorder/deliveries.ts';
import { createEvidenceOutbox } from './evidence-outbox.ts';

const INSTANCE = '01900000-0000-7000-8000-000000000001';
const effort = (clicks: number): ContentScriptMessage => ({ type: 'effort', clicks, keyPresses: 0 });
const ACK: MessageResponse = { ok: true, capturing: true };

/** A background whose replies the test decides: each send waits until `answer` is called. */
const scripted = () => {
  const sent: {
    message: ContentScriptMessage;
    delivery: Delivery;
    answer: (r: MessageResponse | undefined) => void;
  }[] = [];
  const send = vi.fn(
    (message: ContentScriptMessage, delivery: Delivery) =>
      new Promise<MessageResponse | undefined>((resolve) => sent.push({ message, delivery, answer: resolve })),
  );
  return { sent, send };
};

describe('createEvidenceOutbox', () => {
  it('keeps a message until acknowledged and resends it after a send that got no reply', async () => {
    const { sent, send } = scripted();
    const outbox = createEvidenceOutbox(INSTANCE, send, () => {});
    outbox.add(effort(2));
    expect(sent.map((s) => s.delivery)).toEqual([{ instance: INSTANCE, seq: 1, acked: 0 }]);
    outbox.flush(); // still awaiting its reply: not sent again
    expect(sent).toHaveLength(1);
    sent[0]?.answer(undefined); // the worker stopped: the port closed without a reply
    await Promise.resolve();
    // A new message waits behind the unacknowledged one, so the instance's order is kept.
    outbox.add(effort(3));
    expect(sent).toHaveLength(1);
    outbox.flush();
    expect(sent.slice(1).map((s) => [s.delivery.seq, s.message])).toEqual([
      [1, effort(2)],
      [2, effort(3)],
    ]);
    sent[1]?.answer({ ok: false, code: 'failed' }); // not applied: kept
    sent[2]?.answer(ACK); // applied, and so was everything before it
    await Promise.resolve();
    expect(outbox.size()).toBe(0);
    outbox.flush();
    expect(sent).toHaveLength(3);
    outbox.add(effort(1));
    expect(sent[3]?.delivery).toEqual({ instance: INSTANCE, seq: 3, acked: 2 });
  });

  it('drops a refused message without holding back the rest, and reports replies', async () => {
    const { sent, send } = scripted();
    const replies: MessageResponse[] = [];
    const outbox = createEvidenceOutbox(INSTANCE, send, (reply) => replies.push(reply));
    outbox.add(effort(1));
    outbox.add(effort(2));
    sent[0]?.answer({ ok: false, code: 'invalid' });
    sent[1]?.answer({ ok: true, capturing: false });
    await Promise.resolve();
    expect(outbox.size()).toBe(0);
    expect(replies).toEqual([
      { ok: false, code: 'invalid' },
      { ok: true, capturing: false },
    ]);
  });

  it('is bounded: past the cap the oldest waiting effort reports merge, then the oldest waiting message goes', async () => {
    const { sent, send } = scripted();
    const outbox = createEvidenceOutbox(INSTANCE, send, () => {}, 4);
    outbox.add(effort(1));
    sent[0]?.answer(undefined);
    await Promise.resolve();
    // From here on everything waits behind seq 1 (the background is unreachable).
    outbox.add(effort(10));
    outbox.add({ type: 'page-timings', visitId: INSTANCE, timings: { lcpMs: 900 } });
    outbox.add(effort(100));
    expect(outbox.size()).toBe(4);
    outbox.add(effort(1000));
    expect(outbox.size()).toBe(4);
    outbox.flush();
    // The sent one is never merged (the background may have applied it); 10 and 100 became one, first.
    expect(sent.slice(1).map((s) => s.message)).toEqual([
      effort(1),
      effort(110),
      { type: 'page-timings', visitId: INSTANCE, timings: { lcpMs: 900 } },
      effort(1000),
    ]);
    expect(sent.slice(1).map((s) => s.delivery.seq)).toEqual([1, 2, 3, 4]);

    // Only messages that cannot merge: the oldest waiting one is dropped.
    const second = scripted();
    const small = createEvidenceOutbox(INSTANCE, second.send, () => {}, 2);
    small.add(effort(1));
    second.sent[0]?.answer(undefined);
    await Promise.resolve();
    small.add({ type: 'page-timings', visitId: INSTANCE, timings: { lcpMs: 1 } });
    small.add({ type: 'page-timings', visitId: INSTANCE, timings: { lcpMs: 2 } });
    small.flush();
    expect(second.sent.slice(1).map((s) => s.message)).toEqual([
      effort(1),
      { type: 'page-timings', visitId: INSTANCE, timings: { lcpMs: 2 } },
    ]);
  });
});
