import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm test without Chromium', () => {
  it('stops at once with one line that says how to install it', () => {
    const result = spawnSync('node', ['--import', 'tsx', 'scripts/test.ts'], {
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('apt-get install -y chromium');
    expect(lines[0]).toContain('/nonexistent/chromium');
  });
});
