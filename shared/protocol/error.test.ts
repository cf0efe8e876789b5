import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from './error.ts';

describe('errorEnvelopeSchema', () => {
  it('accepts the envelope every server error uses', () => {
    const envelope = { code: 'not_found', message: 'No route GET /nope', requestId: 'abc' };
    expect(errorEnvelopeSchema.parse(envelope)).toEqual(envelope);
  });

  it('rejects codes outside the contract and stray fields such as a stack', () => {
    expect(errorEnvelopeSchema.safeParse({ code: 'oops', message: 'x', requestId: 'r' }).success).toBe(false);
    expect(
      errorEnvelopeSchema.safeParse({ code: 'internal', message: 'x', requestId: 'r', stack: 'Error: at ...' }).success,
    ).toBe(false);
  });
});
