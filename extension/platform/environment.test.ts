import { describe, expect, it } from 'vitest';
import { environmentSchema } from '../../shared/schemas/index.ts';
import { readEnvironment } from './environment.ts';

const CHROMIUM_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

describe('readEnvironment', () => {
  it('names the browser, its major version, the OS and the network type', () => {
    const env = readEnvironment({ userAgent: CHROMIUM_LINUX, connection: { effectiveType: '4g' } });
    expect(env).toEqual({ browser: 'Chrome 156', os: 'Linux', networkType: '4g' });
    expect(environmentSchema.parse(env)).toEqual(env);
  });

  it('tells Edge and Firefox apart and leaves out an unknown network', () => {
    expect(
      readEnvironment({
        userAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36 Edg/150.0',
      }),
    ).toEqual({ browser: 'Edge 150', os: 'Windows' });
    expect(
      readEnvironment({
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:140.0) Gecko/20100101 Firefox/140.0',
      }),
    ).toEqual({ browser: 'Firefox 140', os: 'macOS' });
    expect(readEnvironment({ userAgent: 'curl/8' })).toEqual({ browser: 'unknown', os: 'unknown' });
  });
});
