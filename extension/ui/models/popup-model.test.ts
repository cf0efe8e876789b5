import { describe, expect, it, vi } from 'vitest';
import { createPopupModel } from './popup-model.ts';

describe('popup model', () => {
  it('calls the opener synchronously from startWalkthrough, so the user gesture still counts', async () => {
    const opener = vi.fn(() => Promise.resolve());
    const onOpened = vi.fn();
    const model = createPopupModel(async () => opener, onOpened);
    await model.prepare();
    expect(model.state.value).toEqual({ status: 'ready' });

    const started = model.startWalkthrough();
    // Not awaited yet: the browser call must already have happened.
    expect(opener).toHaveBeenCalledOnce();
    expect(model.state.value).toEqual({ status: 'opening' });
    await started;
    expect(onOpened).toHaveBeenCalledOnce();
  });

  it('is unavailable without a side panel API', async () => {
    const model = createPopupModel(
      async () => null,
      () => {},
    );
    await model.prepare();
    expect(model.state.value.status).toBe('unavailable');
  });

  it('reports a refused open and stays usable', async () => {
    const model = createPopupModel(
      async () => () =>
        Promise.reject(new Error('`sidePanel.open()` may only be called in response to a user gesture.')),
      () => {},
    );
    await model.prepare();
    await model.startWalkthrough();
    expect(model.state.value).toEqual({
      status: 'failed',
      message: 'Cannot open the side panel: `sidePanel.open()` may only be called in response to a user gesture.',
    });
  });
});
