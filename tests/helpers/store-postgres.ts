import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Set in CI (`postgres://postgres@127.0.0.1:5432/test`); without it the PostgreSQL variants of suites are skipped. */
export const TEST_DATABASE_URL: string | undefined = process.env.TEST_DATABASE_URL || undefined;

export type IsolatedPostgres = {
  /** TEST_DATABASE_URL with `options=-c search_path=<schema>`: everything unqualified lands in the fresh schema. */
  readonly url: string;
  readonly schema: string;
  drop(): Promise<void>;
};

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, randomly named schema in the test database, for one store or one server process. Test files run in
 * parallel against the same database; each sees only its own schema because the connection's search_path names
 * nothing else (not even public). `drop()` removes the schema and everything in it.
 */
export async function createIsolatedPostgres(baseUrl: string): Promise<IsolatedPostgres> {
  const schema = `js_test_${randomBytes(6).toString('hex')}`;
  await withClient(baseUrl, (client) => client.query(`create schema "${schema}"`));
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    schema,
    drop: () =>
      withClient(baseUrl, (client) => client.query(`drop schema if exists "${schema}" cascade`)).then(() => {}),
  };
}
