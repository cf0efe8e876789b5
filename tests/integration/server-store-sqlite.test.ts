import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../server/logger.ts';
import { createStore } from '../../server/store/create-store.ts';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../server/store/open-sqlite.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { makeTeam } from '../fixtures/make-team.ts';

describe('SQLite store file settings', () => {
  let dir: string;
  let file: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'js-sqlite-'));
    file = path.join(dir, 'journey-sampler.db');
    store = createStore({ kind: 'sqlite', file }, { logger: createMemoryLogger() });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const pragma = async (name: string): Promise<unknown> => {
    const { rows } = await sql<Record<string, unknown>>`${sql.raw(`PRAGMA ${name}`)}`.execute(testDatabase(store));
    return Object.values(rows[0] ?? {})[0];
  };

  it('runs with WAL, synchronous=FULL, foreign keys on and a busy timeout on its connection', async () => {
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2); // 2 = FULL
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(SQLITE_BUSY_TIMEOUT_MS);
  });

  it('keeps WAL mode in the file itself, so every later connection uses it, and writes through the -wal file', async () => {
    await store.createTeam(makeTeam());
    expect(existsSync(`${file}-wal`)).toBe(true);
    const other = new SqliteDatabase(file, { readonly: true });
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(other.prepare('select name from teams').all()).toEqual([{ name: makeTeam().name }]);
    } finally {
      other.close();
    }
  });
});
