import { describe, expect, it } from 'vitest';
import { knownServerUrls } from './known-server-urls.ts';
import { forgetPairing, savePairing } from './pairing-setting.ts';
import { serverUrlSchema } from './server-url.ts';
import { saveServerUrl } from './server-url-setting.ts';
import { useFreshDbs } from './testing/fresh-db.ts';

const freshDb = useFreshDbs();

describe('knownServerUrls', () => {
  it('lists the paired and the saved server once each, and keeps the saved one after Disconnect', async () => {
    const db = freshDb();
    expect(await knownServerUrls(db)).toEqual([]);
    const url = serverUrlSchema.parse('http://127.0.0.1:8787');
    await saveServerUrl(db, url);
    await savePairing(db, {
      serverUrl: url,
      token: `jsp_${'t'.repeat(43)}`,
      userId: '019b8d62-7a8a-751c-8000-000000000001',
      userName: 'Sam',
      role: 'staff',
      teamId: '019b8d62-7a8a-751c-8000-000000000002',
      teamName: 'Service desk',
    });
    expect(await knownServerUrls(db)).toEqual(['http://127.0.0.1:8787']);
    await saveServerUrl(db, serverUrlSchema.parse('https://journeys.example.com'));
    expect(await knownServerUrls(db)).toEqual(['http://127.0.0.1:8787', 'https://journeys.example.com']);
    await forgetPairing(db);
    expect(await knownServerUrls(db)).toEqual(['https://journeys.example.com']);
  });
});
