import { describe, expect, it } from 'vitest';
import { redactUrl, scrubPassword } from './redact-url.ts';

describe('redactUrl', () => {
  it('replaces the password and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/x?sslmode=require')).toBe(
      'postgres://app:***@db:5432/x?sslmode=require',
    );
  });

  it('leaves a URL without password alone, and refuses what is not a URL', () => {
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/test')).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(redactUrl('user:pw at somewhere')).toBeNull();
    expect(redactUrl('postgres:s3cret@db/x')).toBeNull();
    expect(redactUrl('postgres:///x')).toBeNull();
  });
});

describe('scrubPassword', () => {
  it('removes the password, raw or percent-decoded, from any text', () => {
    expect(scrubPassword('login as app/p@ss failed', 'postgres://app:p%40ss@db/x')).toBe('login as app/*** failed');
    expect(scrubPassword('p%40ss', 'postgres://app:p%40ss@db/x')).toBe('***');
    expect(scrubPassword('no secret here', 'postgres://app@db/x')).toBe('no secret here');
    expect(scrubPassword('bad %zz', 'postgres://app:%zz@db/x')).toBe('bad ***');
  });
});
