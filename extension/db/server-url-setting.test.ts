import { describe, expect, it } from 'vitest';
import { serverUrlSchema } from './server-url.ts';
import { forgetServerUrl, readServerUrl, saveServerUrl } from './server-url-setting.ts';
import { useFreshDbs } from './testing/fresh-db.ts';

const freshDb = useFreshDbs();

describe('server address setting', () => {
  it('is unset in a new database', async () => {
    expect(await readServerUrl(freshDb())).toEqual({ status: 'unset' });
  });

  it('reads back what was saved, and is gone once forgotten', async () => {
    const db = freshDb();
    await saveServerUrl(db, serverUrlSchema.parse('http://127.0.0.1:8787/'));
    expect(await readServerUrl(db)).toEqual({ status: 'set', url: 'http://127.0.0.1:8787' });
    await forgetServerUrl(db);
    expect(await readServerUrl(db)).toEqual({ status: 'unset' });
  });

  it('reports a stored value that no longer parses instead of treating it as unset', async () => {
    const db = freshDb();
    // Written around the typed API on purpose: this is what an older, laxer version might have left behind.
    await db.table('settings').put({ key: 'serverUrl', value: 'ftp://old.example.com' });
    const read = await readServerUrl(db);
    expect(read.status).toBe('unreadable');
    // The row is still there: reading never deletes what it cannot parse.
    expect(await db.table('settings').count()).toBe(1);
  });
});
