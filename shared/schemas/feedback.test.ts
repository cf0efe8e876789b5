import { describe, expect, it } from 'vitest';
import { feedbackSchema } from './feedback.ts';

const feedback = {
  id: '019a0000-0000-7000-8000-0000000000a1',
  serviceId: '019a0000-0000-7000-8000-0000000000b1',
  rating: 4,
  pageUrl: 'https://portal.example.com/reset',
  createdAt: '2026-11-25T10:00:00.000Z',
};

describe('feedbackSchema', () => {
  it('accepts a one-tap rating', () => {
    expect(feedbackSchema.parse(feedback)).toEqual(feedback);
  });

  it.each([
    ['a query string, which may carry personal data', { pageUrl: 'https://portal.example.com/reset?email=a@b.c' }],
    ['a fragment', { pageUrl: 'https://portal.example.com/reset#token=x' }],
    ['a non-web URL', { pageUrl: 'javascript:alert(1)' }],
    ['a rating of 0', { rating: 0 }],
    ['a rating of 6', { rating: 6 }],
    ['a fractional rating', { rating: 4.5 }],
    ['an extra field', { ip: '127.0.0.1' }],
    ['a comment over the limit', { comment: 'x'.repeat(2001) }],
    ['a step without its journey', { stepId: '019a0000-0000-7000-8000-0000000000c1' }],
  ])('rejects %s', (_name, override) => {
    expect(feedbackSchema.safeParse({ ...feedback, ...override }).success).toBe(false);
  });
});

describe('ids', () => {
  it('accepts only the lowercase spelling, so one id cannot be stored twice', () => {
    expect(feedbackSchema.safeParse({ ...feedback, id: feedback.id.toUpperCase() }).success).toBe(false);
  });
});
