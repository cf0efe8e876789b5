import { describe, expect, it } from 'vitest';
import { errorCode } from './error-code.ts';

describe('errorCode', () => {
  it('prefers the code of a system error', () => {
    expect(errorCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED',
    );
  });

  it('looks inside an AggregateError, whose own message is empty', () => {
    const inner = Object.assign(new Error('x'), { code: 'ECONNREFUSED' });
    expect(errorCode(new AggregateError([inner], ''))).toBe('ECONNREFUSED');
  });

  it('prefers the message of a database error, whose code is an opaque SQLSTATE', () => {
    expect(errorCode(Object.assign(new Error('database "x" does not exist'), { code: '3D000' }))).toBe(
      'database "x" does not exist',
    );
  });

  it('falls back to the message, then to the value', () => {
    expect(errorCode(new Error('database "x" does not exist'))).toBe('database "x" does not exist');
    expect(errorCode('plain')).toBe('plain');
  });
});
