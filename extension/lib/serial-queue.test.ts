import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './serial-queue.ts';

describe('createSerialQueue', () => {
  it('runs tasks in the order queued, even when an earlier one is slower', async () => {
    const queue = createSerialQueue();
    const log: string[] = [];
    const slow = queue(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push('first');
    });
    const fast = queue(async () => {
      log.push('second');
    });
    await Promise.all([slow, fast]);
    expect(log).toEqual(['first', 'second']);
  });

  it('keeps going after a task fails, and the caller sees the failure', async () => {
    const queue = createSerialQueue();
    const failed = queue(() => Promise.reject(new Error('boom')));
    const next = queue(() => Promise.resolve('still runs'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('still runs');
  });
});
