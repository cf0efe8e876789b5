import { describe, expect, it } from 'vitest';
import { serverUrlSchema } from '../db/server-url.ts';
import { pairingTokenLabel, redeemPairingCode } from './pairing-redeem.ts';

const SERVER = serverUrlSchema.parse('https://journeys.example.com');
const CODE = 'c'.repeat(43);

const answering = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('redeemPairingCode', () => {
  it('says what to do for each refusal, never repeating the code', async () => {
    const envelope = (message: string) => ({ code: 'unauthorized', message, requestId: 'r' });
    const cases = [
      [
        answering(409, { ...envelope('This pairing link has already been used.'), code: 'conflict' }),
        'already been used',
      ],
      [answering(401, envelope('This pairing link has expired.')), 'expired'],
      [answering(429, { ...envelope('too many attempts'), code: 'rate_limited' }), 'wait a minute'],
      [answering(404, { ...envelope('no route'), code: 'not_found' }), 'does not take pairing links'],
      [answering(200, { token: 'nope' }), 'not like a Journey Sampler server'],
      [() => Promise.reject(new TypeError('Failed to fetch')), 'Could not reach https://journeys.example.com'],
    ] as const;
    for (const [fetch, said] of cases) {
      const result = await redeemPairingCode(SERVER, CODE, 'label', { fetch });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.message).toContain(said);
      expect(result.message).not.toContain(CODE);
    }
  });

  it('names the token for the browser, within the label rules', () => {
    expect(pairingTokenLabel({ browser: 'Chrome 140', os: 'Linux' })).toBe('Journey Sampler on Chrome 140 (Linux)');
    expect(pairingTokenLabel({ browser: 'x'.repeat(100), os: 'Linux' })).toHaveLength(100);
    expect(pairingTokenLabel({ browser: 'a\nb', os: 'Linux' })).toBe('Journey Sampler extension');
  });
});
