import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareDataDir } from './data-dir.ts';

describe('prepareDataDir', () => {
  let scratch: string;
  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'js-data-dir-'));
  });
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('creates missing parents and leaves no probe file behind', async () => {
    const dir = path.join(scratch, 'a', 'b');
    expect(await prepareDataDir(dir)).toEqual({ ok: true });
    expect(existsSync(dir)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('names DATA_DIR in one line when the path runs through a regular file', async () => {
    const file = path.join(scratch, 'file');
    await writeFile(file, '');
    const result = await prepareDataDir(path.join(file, 'data'));
    expect(result).toEqual({
      ok: false,
      error: `Configuration error: DATA_DIR must be a readable, writable directory (got ${JSON.stringify(path.join(file, 'data'))}: ENOTDIR)`,
    });
  });
});
