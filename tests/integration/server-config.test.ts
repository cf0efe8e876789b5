import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExitedServer, runServerUntilExit, spawnServer } from '../helpers/server-process.ts';

/** A config failure is one line on stderr that names the variable: no stack, nothing on stdout, exit code 1. */
function expectOneLineNaming(result: ExitedServer, variable: string): string {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  const [line = ''] = lines;
  expect(line).toMatch(new RegExp(`^Configuration error: ${variable} must be `));
  expect(line).not.toMatch(/\bat .+:\d+:\d+/);
  return line;
}

// Each case starts its own server process; they are independent, so run them side by side.
describe.concurrent('server startup refuses a bad configuration', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'js-config-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('PORT that is not a number', async () => {
    const line = expectOneLineNaming(await runServerUntilExit({ PORT: 'abc' }), 'PORT');
    expect(line).toBe('Configuration error: PORT must be an integer 0–65535 (got "abc")');
  });

  it('PORT out of range', async () => {
    expectOneLineNaming(await runServerUntilExit({ PORT: '70000' }), 'PORT');
  });

  it('DATA_DIR that cannot be a directory (a path under a regular file)', async () => {
    const file = path.join(scratch, 'regular-file');
    await writeFile(file, 'not a directory');
    const line = expectOneLineNaming(await runServerUntilExit({ DATA_DIR: path.join(file, 'data') }), 'DATA_DIR');
    expect(line).toContain('ENOTDIR');
  });

  it('DATABASE_URL that nothing listens on, without printing its password', async () => {
    const result = await runServerUntilExit({ DATABASE_URL: 'postgres://postgres:s3cret-pw@127.0.0.1:1/x' });
    const line = expectOneLineNaming(result, 'DATABASE_URL');
    expect(line).toContain('ECONNREFUSED');
    expect(result.stderr).not.toContain('s3cret-pw');
  });

  it('DATABASE_URL that is not a postgres URL, without echoing it', async () => {
    const result = await runServerUntilExit({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expectOneLineNaming(result, 'DATABASE_URL');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('PORT already taken by another server', async () => {
    const first = await spawnServer();
    try {
      const port = new URL(first.url).port;
      const line = expectOneLineNaming(await runServerUntilExit({ PORT: port }), 'PORT');
      expect(line).toContain('EADDRINUSE');
    } finally {
      await first.stop();
    }
  });
});
