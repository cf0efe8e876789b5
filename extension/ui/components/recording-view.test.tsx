import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import type { Recording } from '../../db/recording.ts';
import { TEST_ENVIRONMENT, unwrap, useRecorderHarness } from '../../recorder/testing/recorder-harness.ts';
import { RecordingView, type RecordingViewProps } from './recording-view.tsx';

const harness = useRecorderHarness();

const noop = () => {};
const saved = () => Promise.resolve(true);

/** The view over the stored recording, re-rendered after each write, its naming wired to the real recorder. */
const renderView = async (recording: Recording, onNameStep?: (name: string) => Promise<boolean>) => {
  const props: RecordingViewProps = {
    recording,
    elapsedMs: 0,
    shortcut: 'Alt+Shift+M',
    captureShortcut: null,
    busy: false,
    message: null,
    siteAccessDenied: false,
    onRequestSiteAccess: noop,
    onNextStep: noop,
    onUndo: noop,
    onPause: saved,
    onResume: noop,
    onNote: saved,
    onPainPoint: saved,
    onFinish: saved,
    ...(onNameStep === undefined ? {} : { onNameStep }),
  };
  return render(<RecordingView {...props} />);
};

describe('recording view: naming steps', () => {
  it('names the current step of an ad-hoc walkthrough while recording', async () => {
    const { recorder } = harness();
    const started = unwrap(await recorder.start({ adHocName: 'Buy a ticket' }, TEST_ENVIRONMENT));
    let rendered: ReturnType<typeof render> | undefined;
    const onNameStep = async (name: string) => {
      const result = await recorder.nameStep(name);
      if (result.ok) rendered?.rerender(<RecordingView {...currentProps(result.value)} />);
      return result.ok;
    };
    const currentProps = (recording: Recording): RecordingViewProps => ({
      recording,
      elapsedMs: 0,
      shortcut: null,
      captureShortcut: null,
      busy: false,
      message: null,
      siteAccessDenied: false,
      onRequestSiteAccess: noop,
      onNextStep: noop,
      onUndo: noop,
      onPause: saved,
      onResume: noop,
      onNote: saved,
      onPainPoint: saved,
      onFinish: saved,
      onNameStep,
    });
    rendered = render(<RecordingView {...currentProps(started)} />);

    fireEvent.click(screen.getByRole('button', { name: 'Name this step' }));
    const input = screen.getByLabelText('Step name');
    expect(document.activeElement).toBe(input);
    // An empty name is said, not saved.
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    screen.getByText('Type a name for this step.');
    fireEvent.input(input, { target: { value: 'Choose the train' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save name' }));

    await waitFor(() => expect(document.querySelector('.current-step-name')?.textContent).toBe('Choose the train'));
    expect((await recorder.current())?.stepMarks.map((m) => m.name)).toEqual(['Choose the train']);
    expect(screen.queryByRole('form', { name: 'Name this step' })).toBeNull();
  });

  it('offers no naming for a catalog journey, whose steps the journey names', async () => {
    const { recorder } = harness();
    const started = unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    await renderView(started, saved);
    expect(screen.queryByRole('button', { name: 'Name this step' })).toBeNull();
  });
});
