import { z } from 'zod';
import { idSchema } from '../../shared/schemas/index.ts';

/**
 * Where journeys created on this device live until sync exists: a local team id and one local service row
 * ("My services"). Both are fresh UUIDv7s made on first use, so two devices never share them, and a journey
 * is editable here exactly when its serviceId is this device's local service (a pulled journey belongs to the
 * team lead and is not edited locally).
 */
export const localCatalogSchema = z.strictObject({
  teamId: idSchema,
  serviceId: idSchema,
});
export type LocalCatalog = z.infer<typeof localCatalogSchema>;

/** The name of the local service row; a service name like any other (the sampler may see it in lists). */
export const LOCAL_SERVICE_NAME = 'My services';
