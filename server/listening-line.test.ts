import { describe, expect, it } from 'vitest';
import { listeningLine } from './listening-line.ts';

describe('listeningLine', () => {
  it('names the SQLite file', () => {
    expect(listeningLine('127.0.0.1', 8787, { kind: 'sqlite', location: '/srv/data/journey-sampler.db' })).toBe(
      'Journey Sampler server listening on http://127.0.0.1:8787 (store: sqlite /srv/data/journey-sampler.db)',
    );
  });

  it('says postgres and nothing more, and brackets an IPv6 host so the URL stays valid', () => {
    const line = listeningLine('::1', 4000, { kind: 'postgres', location: null });
    expect(line).toBe('Journey Sampler server listening on http://[::1]:4000 (store: postgres)');
    expect(URL.canParse(line.split(' ')[5] ?? '')).toBe(true);
  });
});
