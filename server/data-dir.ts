import { constants } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { configErrorLine } from './config.ts';
import { errorCode } from './error-code.ts';

export type DataDirResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Creates DATA_DIR if needed and proves it is readable and writable by writing a probe file. `access()` alone
 * is not proof: it answers yes for root even on a read-only mount, and SQLite must create its -wal file here.
 */
export async function prepareDataDir(dir: string): Promise<DataDirResult> {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    await writeFile(probe, '');
    await rm(probe);
    return { ok: true };
  } catch (error) {
    return {
      ok: false,
      error: configErrorLine(
        'DATA_DIR',
        'a readable, writable directory',
        `${JSON.stringify(dir)}: ${errorCode(error)}`,
      ),
    };
  }
}
