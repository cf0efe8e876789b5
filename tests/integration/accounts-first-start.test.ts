import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meResponseSchema } from '../../shared/protocol/accounts.ts';
import { type RunningServer, spawnServer } from '../helpers/server-process.ts';
import { createIsolatedPostgres, type IsolatedPostgres, TEST_DATABASE_URL } from '../helpers/store-postgres.ts';

const FIRST_START =
  /^First start: .*?(http:\/\/\S+)\/sign-in#code=([A-Za-z0-9_-]{43}) \(single use, expires (\S+)\)$/gm;

function firstStartLines(output: string) {
  return [...output.matchAll(FIRST_START)].map(([, origin = '', code = '', expiresAt = '']) => ({
    origin,
    code,
    expiresAt,
  }));
}

const signIn = (server: RunningServer, code: string) =>
  fetch(`${server.url}/api/v1/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'fetch' },
    body: JSON.stringify({ code }),
  });

describe('first start over SQLite', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'js-first-start-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints one sign-in link for a new admin, which works once; a restart prints none', async () => {
    const first = await spawnServer({ DATA_DIR: dataDir });
    let code: string;
    try {
      // The line follows the listening line in the same write burst; give it a moment if it lags.
      await expect.poll(() => firstStartLines(first.output()).length).toBe(1);
      const [line] = firstStartLines(first.output());
      if (line === undefined) throw new Error('no first-start line');
      code = line.code;
      expect(line.origin).toBe(first.url);
      expect(Date.parse(line.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);

      const response = await signIn(first, code);
      expect(response.status).toBe(200);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const me = meResponseSchema.parse(
        await (await fetch(`${first.url}/api/v1/me`, { headers: { Cookie: cookie } })).json(),
      );
      expect(me).toMatchObject({ role: 'admin', via: 'session', user: { name: 'admin' }, team: { name: 'Default' } });

      expect((await signIn(first, code)).status).toBe(401);
      // The code appears only in that one line, never in a log entry.
      expect(first.output().split(code).length - 1).toBe(1);
    } finally {
      await first.stop();
    }

    const again = await spawnServer({ DATA_DIR: dataDir });
    try {
      expect(firstStartLines(again.output())).toEqual([]);
      expect(again.output()).not.toContain('First start');
      expect((await signIn(again, code)).status).toBe(401);
    } finally {
      await again.stop();
    }
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)('first start over PostgreSQL', () => {
  let isolated: IsolatedPostgres;
  beforeAll(async () => {
    isolated = await createIsolatedPostgres(TEST_DATABASE_URL ?? '');
  });
  afterAll(async () => {
    await isolated?.drop();
  });

  it('two instances starting together over one database print one link between them', async () => {
    const servers = await Promise.all([1, 2].map(() => spawnServer({ DATABASE_URL: isolated.url })));
    try {
      await expect.poll(() => servers.flatMap((s) => firstStartLines(s.output())).length).toBe(1);
      const printedBy = servers.find((s) => firstStartLines(s.output()).length === 1);
      const other = servers.find((s) => s !== printedBy);
      const [line] = firstStartLines(printedBy?.output() ?? '');
      if (line === undefined || other === undefined) throw new Error('expected one link');
      // Either instance honours it, once.
      expect((await signIn(other, line.code)).status).toBe(200);
      expect((await signIn(printedBy ?? other, line.code)).status).toBe(401);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});
