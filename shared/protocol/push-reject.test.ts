import { describe, expect, it } from 'vitest';
import { PUSH_REJECT_CODES, pushRejectCode } from './push-reject.ts';

describe('pushRejectCode', () => {
  it('reads the code at the start of every reason the server writes', () => {
    for (const code of PUSH_REJECT_CODES) expect(pushRejectCode(`${code}: some explanation`)).toBe(code);
  });

  it('is null for free text', () => {
    expect(pushRejectCode('journeyName: too long')).toBeNull();
    expect(pushRejectCode('')).toBeNull();
  });
});
