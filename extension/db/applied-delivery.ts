import { z } from 'zod';
import { idSchema } from '../../shared/schemas/common.ts';

/** How many content-script instances' high-water marks a recording remembers (the most recently seen first). */
export const MAX_DELIVERY_INSTANCES = 32;
export const MAX_DELIVERY_SEQ = 2 ** 31 - 1;

/** Stored in the recording: the highest seq applied per instance, so a resent message is applied once. */
export const appliedDeliverySchema = z.strictObject({ instance: idSchema, seq: z.int().min(0).max(MAX_DELIVERY_SEQ) });
