import type { ContentScriptMessage, MessageResponse } from '../messaging/protocol.ts';
import type { Delivery } from '../recorder/deliveries.ts';

/** Messages kept at most; past it, waiting effort reports are merged (oldest first), then the oldest dropped. */
export const OUTBOX_CAP = 200;
/** effortDeltaSchema's bound on one report's count. */
const MAX_EFFORT_DELTA = 10_000;

/** `seq` is 0 until the message is first sent; `inFlight` while a send awaits its reply. */
type Entry = { message: ContentScriptMessage; seq: number; inFlight: boolean };

export type OutboxSend = (message: ContentScriptMessage, delivery: Delivery) => Promise<MessageResponse | undefined>;

export type EvidenceOutbox = {
  /** Sends `message` now, unless earlier ones wait to be resent: then it waits behind them, in order. */
  add(message: ContentScriptMessage): void;
  /**
   * Sends every unacknowledged message not awaiting a reply, in order. Those awaiting one are not sent again:
   * a stopped worker answers them with no reply (the port closes), and they are resent after that.
   */
  flush(): void;
  /** How many messages are not acknowledged yet. */
  size(): number;
};

const isEffort = (entry: Entry): entry is Entry & { message: { type: 'effort' } } => entry.message.type === 'effort';

/**
 * At-least-once delivery of one content-script instance's evidence. Every message is kept until the
 * background acknowledges it, which it does only after the transaction that applied it has committed (or
 * with a definite refusal); a send that got no reply (the worker stopped or was starting) or `failed` is
 * resent by flush(). Each message carries its instance id and sequence number, and the background applies an
 * instance's messages once each and in order (recorder/deliveries.ts), so a resend never counts twice.
 * `acked` tells it how far this instance is settled: an acknowledgement of seq N settles every seq up to N.
 */
export const createEvidenceOutbox = (
  instance: string,
  send: OutboxSend,
  onReply: (reply: MessageResponse) => void,
  cap = OUTBOX_CAP,
): EvidenceOutbox => {
  let entries: Entry[] = [];
  let nextSeq = 1;

  const acked = (): number => {
    const first = entries.find((e) => e.seq > 0);
    return first === undefined ? nextSeq - 1 : first.seq - 1;
  };

  const settle = (entry: Entry, reply: MessageResponse | undefined): void => {
    entry.inFlight = false;
    // No reply, or the background could not apply it (yet): kept, resent by the next flush.
    if (reply === undefined || (!reply.ok && reply.code === 'failed')) return;
    // Applied (or a duplicate): the background applies in order, so everything up to it is done. A refusal
    // ('invalid', 'forbidden') settles only this message: resending it would be refused again.
    const seq = entry.seq;
    entries = entries.filter((e) => e !== entry && !(reply.ok && e.seq > 0 && e.seq <= seq));
    onReply(reply);
  };

  const transmit = (entry: Entry): void => {
    if (entry.seq === 0) entry.seq = nextSeq++;
    entry.inFlight = true;
    send(entry.message, { instance, seq: entry.seq, acked: acked() }).then(
      (reply) => settle(entry, reply),
      () => settle(entry, undefined),
    );
  };

  /** Over the cap: the two oldest waiting effort reports become one; with fewer than two, the oldest waiting goes. */
  const trim = (): void => {
    while (entries.length > cap) {
      const [first, second] = entries.filter((e) => e.seq === 0 && isEffort(e));
      if (first && second && isEffort(first) && isEffort(second)) {
        // The older report's address: where the merged counts began.
        const url = first.message.url ?? second.message.url;
        first.message = {
          type: 'effort',
          clicks: Math.min(MAX_EFFORT_DELTA, first.message.clicks + second.message.clicks),
          keyPresses: Math.min(MAX_EFFORT_DELTA, first.message.keyPresses + second.message.keyPresses),
          ...(url === undefined ? {} : { url }),
        };
        entries = entries.filter((e) => e !== second);
      } else {
        const oldest = entries.find((e) => e.seq === 0) ?? entries[0];
        entries = entries.filter((e) => e !== oldest);
      }
    }
  };

  return {
    add(message) {
      // Waiting (unsent, or sent and unanswered-to-resend) messages go first: an instance's order is kept.
      const waiting = entries.some((e) => e.seq === 0 || !e.inFlight);
      const entry: Entry = { message, seq: 0, inFlight: false };
      entries.push(entry);
      if (waiting) trim();
      else transmit(entry);
    },
    flush() {
      for (const entry of [...entries]) if (!entry.inFlight) transmit(entry);
    },
    size: () => entries.length,
  };
};
