import { describe, expect, it } from 'vitest';
import { pairingLink, parsePairingLink, redeemPairingRequestSchema } from './pairing.ts';

const CODE = 'Ab0_-'.repeat(8).concat('xyz');

describe('pairing links', () => {
  it('round-trip: the link a server makes gives back its base address and the code', () => {
    expect(CODE).toHaveLength(43);
    const link = pairingLink('https://journeys.example.com/', CODE);
    expect(link).toBe(`https://journeys.example.com/pair#code=${CODE}`);
    expect(parsePairingLink(`  ${link}\n`)).toEqual({
      ok: true,
      serverBase: 'https://journeys.example.com',
      code: CODE,
    });
    // A server mounted under a path prefix, on a port.
    expect(parsePairingLink(pairingLink('http://127.0.0.1:8787/tools/js', CODE))).toEqual({
      ok: true,
      serverBase: 'http://127.0.0.1:8787/tools/js',
      code: CODE,
    });
  });

  it('refuses what is not a whole pairing link, without repeating the code', () => {
    const refusals = [
      '',
      'journeys.example.com/pair#code=x',
      `ftp://journeys.example.com/pair#code=${CODE}`,
      `https://journeys.example.com/sign-in#code=${CODE}`,
      `https://journeys.example.com/pair?x=1#code=${CODE}`,
      `https://user:pw@journeys.example.com/pair#code=${CODE}`,
      'https://journeys.example.com/pair',
      `https://journeys.example.com/pair#code=${CODE.slice(0, 40)}`,
    ];
    for (const text of refusals) {
      const parsed = parsePairingLink(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).not.toContain(CODE.slice(0, 20));
    }
  });

  it('redeem requests are strict', () => {
    expect(redeemPairingRequestSchema.safeParse({ code: CODE }).success).toBe(true);
    expect(redeemPairingRequestSchema.safeParse({ code: CODE, label: 'Journey Sampler on Chrome' }).success).toBe(true);
    expect(redeemPairingRequestSchema.safeParse({ code: CODE, role: 'admin' }).success).toBe(false);
  });
});
