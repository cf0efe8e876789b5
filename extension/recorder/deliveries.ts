import { MAX_DELIVERY_INSTANCES } from '../db/applied-delivery.ts';
import type { Recording } from '../db/recording.ts';

/**
 * Which evidence message this is: `seq` numbers the messages of one content-script instance (1, 2, 3… in the
 * order it made them), `acked` is the highest seq that instance has had acknowledged (all below it are then
 * applied too, because the background applies an instance's messages strictly in order).
 */
export type Delivery = { instance: string; seq: number; acked: number };

export type DeliveryState = 'fresh' | 'duplicate' | 'gap';

/**
 * `fresh`: the next message of its instance, to apply. `duplicate`: applied already (its acknowledgement was
 * lost, so it was sent again): acknowledge, apply nothing. `gap`: an earlier message is missing (lost with a
 * stopped worker, to be resent): apply nothing and do not acknowledge, so the instance resends in order.
 * An instance the recording does not remember (new, or dropped from the bounded list) continues from its
 * own `acked`.
 */
export const deliveryState = (recording: Recording, delivery: Delivery): DeliveryState => {
  const known = recording.deliveries?.find((d) => d.instance === delivery.instance)?.seq ?? 0;
  const applied = Math.max(known, delivery.acked);
  if (delivery.seq <= applied) return 'duplicate';
  return delivery.seq === applied + 1 ? 'fresh' : 'gap';
};

/** The recording remembering `delivery` as applied (most recent first, bounded). */
export const withDelivery = (recording: Recording, delivery: Delivery): Recording => ({
  ...recording,
  deliveries: [
    { instance: delivery.instance, seq: delivery.seq },
    ...(recording.deliveries ?? []).filter((d) => d.instance !== delivery.instance),
  ].slice(0, MAX_DELIVERY_INSTANCES),
});
