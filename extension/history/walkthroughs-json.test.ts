import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import {
  FULL_WALKTHROUGH_OVERRIDES,
  MINIMAL_WALKTHROUGH_OVERRIDES,
  makeWalkthrough,
} from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { walkthroughArbitrary } from '../../tests/fixtures/walkthrough-arbitrary.ts';
import { walkthroughsToJson } from './walkthroughs-json.ts';

const ids = createIdGenerator(41);
const exportSchema = z.array(walkthroughSchema);

describe('walkthroughsToJson', () => {
  it('writes an array that parses with walkthroughSchema back to the same walkthroughs', () => {
    const walkthroughs = [
      makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES, ids),
      makeWalkthrough(MINIMAL_WALKTHROUGH_OVERRIDES, ids),
    ];
    expect(exportSchema.parse(JSON.parse(walkthroughsToJson(walkthroughs)))).toEqual(walkthroughs);
  });

  it('round-trips any valid walkthrough', () => {
    fc.assert(
      fc.property(fc.array(walkthroughArbitrary(), { maxLength: 3 }), (walkthroughs) => {
        expect(exportSchema.parse(JSON.parse(walkthroughsToJson(walkthroughs)))).toEqual(walkthroughs);
      }),
      { numRuns: 50 },
    );
  });

  it('is an empty array for no walkthroughs', () => {
    expect(JSON.parse(walkthroughsToJson([]))).toEqual([]);
  });
});
