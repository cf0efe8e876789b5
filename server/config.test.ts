import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_BODY_LIMIT_BYTES, parseConfig } from './config.ts';

const CWD = '/srv/journey-sampler';

describe('parseConfig', () => {
  it('defaults to 127.0.0.1:8787 and SQLite under ./data', () => {
    expect(parseConfig({}, CWD)).toEqual({
      ok: true,
      config: {
        port: 8787,
        host: '127.0.0.1',
        dataDir: path.join(CWD, 'data'),
        bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
        attachmentMaxBytes: DEFAULT_ATTACHMENT_MAX_BYTES,
        trustProxy: false,
        store: { kind: 'sqlite', file: path.join(CWD, 'data', 'journey-sampler.db') },
      },
    });
  });

  it('reads every variable, and uses PostgreSQL when DATABASE_URL is set', () => {
    const result = parseConfig(
      {
        PORT: '0',
        HOST: '::',
        DATA_DIR: '/var/lib/js',
        DATABASE_URL: 'postgresql://app:pw@db.internal:5432/journeys',
        BODY_LIMIT_BYTES: '2048',
        TRUST_PROXY: 'true',
        ATTACHMENT_MAX_BYTES: '5242880',
      },
      CWD,
    );
    expect(result).toEqual({
      ok: true,
      config: {
        port: 0,
        host: '::',
        dataDir: '/var/lib/js',
        bodyLimitBytes: 2048,
        attachmentMaxBytes: 5 * 1024 * 1024,
        trustProxy: true,
        store: { kind: 'postgres', url: 'postgresql://app:pw@db.internal:5432/journeys' },
      },
    });
  });

  it('treats an empty variable as unset', () => {
    const result = parseConfig({ PORT: '', DATABASE_URL: '', HOST: '' }, CWD);
    expect(result.ok && result.config.port).toBe(8787);
    expect(result.ok && result.config.store.kind).toBe('sqlite');
  });

  it.each([
    ['PORT', 'abc', 'Configuration error: PORT must be an integer 0–65535 (got "abc")'],
    ['PORT', '65536', 'Configuration error: PORT must be an integer 0–65535 (got "65536")'],
    ['PORT', '-1', 'Configuration error: PORT must be an integer 0–65535 (got "-1")'],
    ['PORT', '80.5', 'Configuration error: PORT must be an integer 0–65535 (got "80.5")'],
    ['HOST', 'bad host', 'Configuration error: HOST must be a host name or IP address to listen on (got "bad host")'],
    ['BODY_LIMIT_BYTES', '10', 'Configuration error: BODY_LIMIT_BYTES must be an integer 1024–67108864 (got "10")'],
    ['TRUST_PROXY', 'yes', 'Configuration error: TRUST_PROXY must be true or false (got "yes")'],
    [
      'ATTACHMENT_MAX_BYTES',
      '20971521',
      'Configuration error: ATTACHMENT_MAX_BYTES must be an integer 1024–20971520 (got "20971521")',
    ],
    [
      'ATTACHMENT_MAX_BYTES',
      '10MB',
      'Configuration error: ATTACHMENT_MAX_BYTES must be an integer 1024–20971520 (got "10MB")',
    ],
  ])('refuses %s=%s with one line naming it', (variable, value, line) => {
    expect(parseConfig({ [variable]: value }, CWD)).toEqual({ ok: false, error: line });
  });

  it('refuses a DATABASE_URL that is not postgres, hiding its password', () => {
    const result = parseConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' }, CWD);
    expect(result).toEqual({
      ok: false,
      error:
        'Configuration error: DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://root:***@db/x")',
    });
  });

  it('does not echo a DATABASE_URL it cannot parse at all: the password could be anywhere in it', () => {
    const result = parseConfig({ DATABASE_URL: 'hunter2@db' }, CWD);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^Configuration error: DATABASE_URL must be /);
    expect(!result.ok && result.error).not.toContain('hunter2');
  });

  it('reports the first problem only, so the output stays one line', () => {
    const result = parseConfig({ PORT: 'x', HOST: 'bad host' }, CWD);
    expect(!result.ok && result.error.split('\n')).toHaveLength(1);
  });
});
