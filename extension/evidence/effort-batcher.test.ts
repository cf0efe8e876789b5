import { describe, expect, it } from 'vitest';
import { createEffortBatcher, type EffortCounts } from './effort-batcher.ts';

describe('createEffortBatcher', () => {
  it('sends the counts since the last flush, then starts again from zero', () => {
    const sent: EffortCounts[] = [];
    const batcher = createEffortBatcher((counts) => sent.push(counts));
    batcher.click();
    for (let i = 0; i < 5; i += 1) batcher.keyPress();
    batcher.flush();
    batcher.click();
    batcher.flush();
    expect(sent).toEqual([
      { clicks: 1, keyPresses: 5 },
      { clicks: 1, keyPresses: 0 },
    ]);
  });

  it('sends nothing when nothing was counted', () => {
    const sent: EffortCounts[] = [];
    const batcher = createEffortBatcher((counts) => sent.push(counts));
    batcher.flush();
    batcher.flush();
    expect(sent).toEqual([]);
  });
});
