import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { PauseReason, Recording } from '../../db/recording.ts';
import type { FinishInput } from '../../recorder/recorder.ts';
import { isAtLastStep } from '../../recorder/steps.ts';
import { formatElapsed, speakElapsed } from '../format/format-elapsed.ts';
import type { ActionMessage, EvidenceRequest } from '../models/recording-model.ts';
import { EvidenceForm } from './evidence-form.tsx';
import { FinishForm } from './finish-form.tsx';
import { labelOf, PAUSE_REASON_CHOICES, SEVERITY_CHOICES } from './labels.ts';
import { PauseForm } from './pause-form.tsx';
import { StepNameForm } from './step-name-form.tsx';
import { StepTimeline } from './step-timeline.tsx';

export type RecordingViewProps = {
  recording: Recording;
  /** Elapsed time now, computed from the stored clock (never counted up in memory). */
  elapsedMs: number;
  /** The "next step" keyboard shortcut as the browser reports it, e.g. "Alt+Shift+N"; null when unset. */
  shortcut: string | null;
  /** The "screenshot note" shortcut; pressing it on a page is also what lets the panel capture that page. */
  captureShortcut: string | null;
  /** An action is being written; further clicks are ignored until it lands. */
  busy: boolean;
  message: ActionMessage | null;
  /** True when the sampler declined site access: steps are then only marked by hand. */
  siteAccessDenied: boolean;
  /** Asks for site access again (a click, so the browser shows its prompt). */
  onRequestSiteAccess: () => void;
  onNextStep: () => void;
  onUndo: () => void;
  /** Each resolves true when the action was saved, so its form can close. */
  onPause: (reason: PauseReason, detail: string) => Promise<boolean>;
  onResume: () => void;
  onNote: (input: EvidenceRequest) => Promise<boolean>;
  onPainPoint: (input: EvidenceRequest) => Promise<boolean>;
  onFinish: (input: FinishInput) => Promise<boolean>;
  /**
   * Names the current step of an ad-hoc walkthrough; resolves true when saved. Without it (or for a catalog
   * journey, whose steps the journey names) no naming is offered.
   */
  onNameStep?: (name: string) => Promise<boolean>;
};

type Panel = 'pause' | 'note' | 'pain-point' | 'finish' | 'name-step';

const PANEL_LABELS: Record<Panel, string> = {
  pause: 'Pause',
  note: 'Note',
  'pain-point': 'Pain point',
  finish: 'Finish',
  'name-step': 'Name this step',
};

/**
 * The walkthrough in progress: a big elapsed timer, the current step, every step reached, and the actions.
 * One action form is open at a time, below the buttons, and focus returns to its button when it closes.
 */
export function RecordingView(props: RecordingViewProps) {
  const { recording, elapsedMs, busy } = props;
  const [panel, setPanel] = useState<Panel | null>(null);
  const prefix = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const previousStatus = useRef(recording.status);
  const buttonId = (name: string) => `${prefix}-${name}`;
  const focus = (name: string) => document.getElementById(buttonId(name))?.focus();

  // A new screen: say where we are.
  useEffect(() => headingRef.current?.focus(), []);

  // Pausing hides "Next step" and shows "Resume" (and the reverse): keep focus on the control that matters now.
  useEffect(() => {
    const before = previousStatus.current;
    previousStatus.current = recording.status;
    if (before === recording.status) return;
    if (recording.status === 'paused') focus('resume');
    else if (before === 'paused' && recording.status === 'running' && panel === null)
      focus(lastStep ? 'finish' : 'next');
  }, [recording.status]);

  const paused = recording.status === 'paused' && recording.openPause !== null ? recording.openPause : null;
  // A catalog journey's last step: Finish is the main action, and there is no "next step" (see mark-step.ts).
  const lastStep = isAtLastStep(recording);
  const namesSteps = recording.journeyId === null && props.onNameStep !== undefined;
  const marks = recording.stepMarks;
  const current = marks[marks.length - 1];
  const position =
    recording.steps.length > 0
      ? `Step ${marks.length} of ${Math.max(recording.steps.length, marks.length)}`
      : `Step ${marks.length}`;
  const panelId = `${prefix}-panel`;

  const toggle = (name: Panel) => {
    if (panel === name) return close();
    setPanel(name);
  };
  const close = () => {
    const opener = panel;
    setPanel(null);
    if (opener) focus(opener);
  };
  const closeOn = (saved: Promise<boolean>) => {
    void saved.then((ok) => {
      if (!ok) return;
      const opener = panel;
      setPanel(null);
      // A pause replaces "Pause" by "Resume" (focused by the status effect); the others return to their button.
      if (opener && opener !== 'pause' && opener !== 'finish') focus(opener);
    });
  };
  const toggleButton = (name: Panel, extraClass = '') => (
    <button
      type="button"
      id={buttonId(name)}
      class={extraClass}
      aria-expanded={panel === name}
      aria-controls={panel === name ? panelId : undefined}
      onClick={() => toggle(name)}
    >
      {PANEL_LABELS[name]}
    </button>
  );

  return (
    <div class="page recording">
      <header class="recording-header">
        <p class="eyebrow">{paused ? 'Paused' : 'Recording'}</p>
        <h1 ref={headingRef} tabIndex={-1}>
          {recording.journeyName}
        </h1>
        <p class="timer" role="timer" aria-label={`Elapsed time: ${speakElapsed(elapsedMs)}`}>
          {formatElapsed(elapsedMs)}
        </p>
      </header>
      <main>
        <section class="current-step" aria-label="Current step">
          <p class="step-position">{position}</p>
          <p class="current-step-name">
            {current?.name}
            {current?.source === 'auto' && <span class="tag">detected</span>}
          </p>
          {namesSteps && toggleButton('name-step', 'link-button')}
        </section>
        {/* Announces every change of step, including ones the background marked (shortcut, detection). */}
        <p role="status" class="visually-hidden">
          {current ? `${position}: ${current.name}${current.source === 'auto' ? ', detected' : ''}` : ''}
        </p>

        {paused ? (
          <div class="paused-banner">
            <p class="paused-reason">
              {labelOf(PAUSE_REASON_CHOICES, paused.reason)}
              {paused.detail ? ` (${paused.detail})` : ''}
            </p>
            {/* Not a live region: a value that changes every second would be read out every second. */}
            <p>
              Pause length: <span class="pause-length">{formatElapsed(elapsedMs - paused.startMs)}</span>
            </p>
            <button
              type="button"
              id={buttonId('resume')}
              class="primary big"
              onClick={() => {
                if (!busy) props.onResume();
              }}
            >
              Resume
            </button>
          </div>
        ) : (
          <div class="actions main-actions">
            {lastStep ? (
              toggleButton('finish', 'primary big')
            ) : (
              <button
                type="button"
                id={buttonId('next')}
                class="primary big"
                aria-keyshortcuts={props.shortcut ?? undefined}
                onClick={() => {
                  if (!busy) props.onNextStep();
                }}
              >
                Next step
                {props.shortcut !== null && <kbd class="shortcut">{props.shortcut}</kbd>}
              </button>
            )}
            <button
              type="button"
              aria-disabled={marks.length < 2}
              onClick={() => {
                if (!busy && marks.length >= 2) props.onUndo();
              }}
            >
              Undo last step
            </button>
            {toggleButton('pause')}
          </div>
        )}
        <div class="actions">
          {toggleButton('note')}
          {toggleButton('pain-point')}
          {!lastStep && toggleButton('finish', 'finish-button')}
        </div>
        {lastStep && <p class="hint">This is the journey’s last step: press Finish when you are done.</p>}

        {panel !== null && (
          <div id={panelId} class="action-panel">
            {panel === 'pause' && !paused && (
              <PauseForm
                busy={busy}
                onCancel={close}
                onPause={(reason, detail) => closeOn(props.onPause(reason, detail))}
              />
            )}
            {(panel === 'note' || panel === 'pain-point') && (
              <EvidenceForm
                kind={panel}
                captureShortcut={props.captureShortcut}
                busy={busy}
                onCancel={close}
                onSave={(input) => {
                  const saved = panel === 'note' ? props.onNote(input) : props.onPainPoint(input);
                  closeOn(saved);
                  return saved;
                }}
              />
            )}
            {panel === 'name-step' && props.onNameStep !== undefined && (
              <StepNameForm
                current={current?.name ?? ''}
                busy={busy}
                onCancel={close}
                onSave={(name) => {
                  const saved = props.onNameStep?.(name) ?? Promise.resolve(false);
                  closeOn(saved);
                  return saved;
                }}
              />
            )}
            {panel === 'finish' && (
              <FinishForm busy={busy} onCancel={close} onFinish={(input) => closeOn(props.onFinish(input))} />
            )}
          </div>
        )}

        {props.message !== null &&
          (props.message.tone === 'error' ? (
            <p role="alert">{props.message.text}</p>
          ) : (
            <p role="status" class="notice">
              {props.message.text}
            </p>
          ))}
        {props.siteAccessDenied && (
          <div class="site-access">
            <p class="hint">
              Site access was not granted, so steps are not detected from the pages you visit and page timings are not
              captured: mark steps with “Next step”.
            </p>
            <button type="button" class="link-button" onClick={props.onRequestSiteAccess}>
              Allow site access
            </button>
          </div>
        )}

        <section aria-labelledby={`${prefix}-steps`}>
          <h2 id={`${prefix}-steps`}>Steps</h2>
          <StepTimeline
            labelledBy={`${prefix}-steps`}
            steps={recording.steps}
            marks={marks}
            canUndo={!busy}
            onUndo={() => {
              if (!busy) props.onUndo();
            }}
          />
        </section>

        {(recording.notes.length > 0 || recording.painPoints.length > 0) && (
          <section aria-labelledby={`${prefix}-evidence`}>
            <h2 id={`${prefix}-evidence`}>Notes and pain points</h2>
            <ul class="evidence-list">
              {[
                ...recording.notes.map((note) => ({
                  id: note.id,
                  atMs: note.atMs,
                  label: 'Note',
                  text: note.text,
                  screenshot: note.screenshotId !== undefined,
                })),
                ...recording.painPoints.map((pain) => ({
                  id: pain.id,
                  atMs: pain.atMs,
                  label: `Pain point (${labelOf(SEVERITY_CHOICES, pain.severity).toLowerCase()})`,
                  text: pain.text,
                  screenshot: pain.screenshotId !== undefined,
                })),
              ]
                .sort((a, b) => a.atMs - b.atMs)
                .map((item) => (
                  <li key={item.id}>
                    <span class="step-meta">
                      {formatElapsed(item.atMs)} · {item.label}
                      {item.screenshot ? ' · screenshot' : ''}
                    </span>{' '}
                    {item.text}
                  </li>
                ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}
