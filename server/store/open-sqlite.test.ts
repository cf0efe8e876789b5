// The SQLite connection the store runs on: the statement cache under Kysely (bounded, least recently used out)
// and its one risk, a statement prepared before a schema change, which SQLite re-prepares by itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite, STATEMENT_CACHE_SIZE, withStatementCache } from './open-sqlite.ts';

/** An in-memory database whose prepare() calls are recorded. */
function countingDatabase() {
  const prepared: string[] = [];
  const database = new SqliteDatabase(':memory:');
  const counting = new Proxy(database, {
    get(target, key) {
      if (key === 'prepare') {
        return (text: string) => {
          prepared.push(text);
          return target.prepare(text);
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { database, counting, prepared };
}

describe('the statement cache Kysely runs on', () => {
  it('prepares a query once, keeps the recently used ones, and drops the least recently used', () => {
    const { database, counting, prepared } = countingDatabase();
    const cached = withStatementCache(counting);
    const first = 'select 1';
    const kept = 'select 2';
    expect(cached.prepare(first)).toBe(cached.prepare(first));
    cached.prepare(kept);
    // One more than the cache holds besides these two: the least recently used goes.
    for (let i = 0; i < STATEMENT_CACHE_SIZE - 1; i += 1) {
      cached.prepare(`select ${i + 10}`);
      // `kept` stays in use all along; `first` is left alone.
      if (i % 100 === 0) cached.prepare(kept);
    }
    expect(prepared.filter((text) => text === first)).toHaveLength(1);
    cached.prepare(first);
    cached.prepare(kept);
    expect(prepared.filter((text) => text === first)).toHaveLength(2);
    expect(prepared.filter((text) => text === kept)).toHaveLength(1);
    database.close();
  });

  it('follows schema changes: a cached statement sees a column added after it was prepared', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'js-open-sqlite-'));
    const { db } = openSqlite(path.join(dir, 'journey-sampler.db'));
    try {
      await sql`create table notes (id integer primary key)`.execute(db);
      await sql`insert into notes (id) values (1)`.execute(db);
      const read = () => sql<Record<string, unknown>>`select * from notes`.execute(db);
      expect((await read()).rows).toEqual([{ id: 1 }]);
      await sql`alter table notes add column text text default 'hello'`.execute(db);
      expect((await read()).rows).toEqual([{ id: 1, text: 'hello' }]);
    } finally {
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
