import { describe, expect, it } from 'vitest';
import { createEffortBatcher, type EffortCounts } from './effort-batcher.ts';

describe('createEffortBatcher', () => {
  it('sends the first count at once, then the counts since the last flush, then starts again from zero', () => {
    const sent: EffortCounts[] = [];
    const batcher = createEffortBatcher((counts) => sent.push(counts));
    batcher.click();
    expect(sent).toEqual([{ clicks: 1, keyPresses: 0 }]);
    for (let i = 0; i < 5; i += 1) batcher.keyPress();
    expect(sent).toHaveLength(1);
    batcher.flush();
    batcher.click();
    batcher.flush();
    expect(sent).toEqual([
      { clicks: 1, keyPresses: 0 },
      { clicks: 0, keyPresses: 5 },
      { clicks: 1, keyPresses: 0 },
    ]);
  });

  it('sends a first key press at once too', () => {
    const sent: EffortCounts[] = [];
    const batcher = createEffortBatcher((counts) => sent.push(counts));
    batcher.keyPress();
    batcher.keyPress();
    expect(sent).toEqual([{ clicks: 0, keyPresses: 1 }]);
  });

  it('sends nothing when nothing was counted', () => {
    const sent: EffortCounts[] = [];
    const batcher = createEffortBatcher((counts) => sent.push(counts));
    batcher.flush();
    batcher.flush();
    expect(sent).toEqual([]);
  });
});
