// How a rollup row holds its aggregate: JSON text, written by the catch-up and merged by every period read.
import type { JourneyAggregate } from '../../../shared/schemas/journey-aggregate.ts';
import { StoredRecordError } from '../core/stored-record-error.ts';

/**
 * A stored rollup back to its aggregate. Plain JSON.parse, not the schema: a rollup is derived data that only the
 * catch-up writes, from aggregates the domain built, and an overview merges thousands of them per answer (the
 * schema's checks of every sketch would cost more than the rest of the answer). A row that is not an aggregate at
 * all is still refused. The property test (store-score-rollups.test.ts) holds every row to a recount.
 */
export const parseAggregate = (json: string, what: string): JourneyAggregate => {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || !('n' in value) || !('active' in value)) {
    throw new StoredRecordError(`${what}: not a journey aggregate`);
  }
  return value as JourneyAggregate;
};
