import { describe, expect, it } from 'vitest';
import {
  accessTokenSchema,
  accountNameSchema,
  createTokenRequestSchema,
  lowerRole,
  signInRequestSchema,
} from './accounts.ts';

describe('account schemas', () => {
  it('accept a well-formed token and sign-in request, and refuse stray fields', () => {
    const token = `jsp_${'A'.repeat(43)}`;
    expect(accessTokenSchema.parse(token)).toBe(token);
    expect(accessTokenSchema.safeParse(`jsp_${'A'.repeat(42)}`).success).toBe(false);
    expect(signInRequestSchema.safeParse({ token }).success).toBe(true);
    expect(signInRequestSchema.safeParse({ code: 'A'.repeat(43) }).success).toBe(true);
    expect(signInRequestSchema.safeParse({ code: 'A'.repeat(43), token }).success).toBe(false);
    expect(createTokenRequestSchema.safeParse({ label: 'x', admin: true }).success).toBe(false);
  });

  it('trim names and refuse control characters, lone surrogates and blanks', () => {
    expect(accountNameSchema.parse('  Field support ')).toBe('Field support');
    expect(accountNameSchema.parse('Zoë 😀')).toBe('Zoë 😀');
    for (const bad of ['', '   ', 'a\nb', 'a\u0000b', 'a\u001bb', 'a\uD800b', 'x'.repeat(201)]) {
      expect(accountNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('take the lower of two roles', () => {
    expect(lowerRole('lead', 'staff')).toBe('staff');
    expect(lowerRole('admin', 'lead')).toBe('lead');
    expect(lowerRole('admin', 'admin')).toBe('admin');
  });
});
