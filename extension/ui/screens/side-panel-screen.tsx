import { useEffect, useRef } from 'preact/hooks';
import { AlreadyRecordingDialog } from '../components/already-recording-dialog.tsx';
import { HomeView } from '../components/home-view.tsx';
import { JourneyEditor } from '../components/journey-editor.tsx';
import { RatingView } from '../components/rating-view.tsx';
import { RecordingView } from '../components/recording-view.tsx';
import { SiteAccessNotice } from '../components/site-access-notice.tsx';
import { SyncStatusView } from '../components/sync-status-view.tsx';
import type { AttentionFixModel } from '../models/attention-fix-model.ts';
import type { Screen, SidePanelModel } from '../models/side-panel-model.ts';
import type { SyncStatusModel } from '../models/sync-status-model.ts';
import { AttentionFixSlot } from './attention-fix-slot.tsx';

export type SidePanelScreenProps = {
  model: SidePanelModel;
  onOpenSettings: () => void;
  /** Address of the History page. */
  historyHref: string;
  /** The sync section of the home view; absent where a test does not need it. */
  sync?: SyncStatusModel;
  /** Fixes for walkthroughs the server refused as `unknown_journey`, inside the sync section. */
  attentionFixes?: AttentionFixModel;
};

/** Binds the side panel model to its views: reading `.value` here re-renders on every change. */
export function SidePanelScreen({ model, onOpenSettings, historyHref, sync, attentionFixes }: SidePanelScreenProps) {
  useEffect(() => model.follow(), [model]);
  useEffect(() => sync?.follow(), [sync]);
  useEffect(() => attentionFixes?.follow(), [attentionFixes]);
  const screen = model.screen.value;
  const previous = useRef<Screen>(screen);
  const cameBack = previous.current !== 'loading' && previous.current !== screen;
  useEffect(() => {
    previous.current = screen;
  }, [screen]);

  const recordingState = model.recording.state.value;
  const active = recordingState.status === 'active' ? recordingState.recording : null;
  const editor = model.editor.value;
  const conflict = model.conflict.value;
  const { recording, rating } = model;

  return (
    <>
      {screen === 'loading' && (
        <div class="page">
          <p role="status">Loading…</p>
        </div>
      )}
      {screen === 'home' && (
        <HomeView
          state={model.home.value}
          notice={
            recordingState.status === 'failed'
              ? { tone: 'error', text: `Could not read the walkthrough in progress: ${recordingState.message}` }
              : model.notice.value
          }
          historyHref={historyHref}
          focusHeading={cameBack}
          picker={{
            journeys: model.visibleJourneys.value,
            total: model.catalog.value?.entries.length ?? 0,
            unreadable: model.catalog.value?.unreadable ?? 0,
            query: model.query.value,
            starting: model.starting.value,
            onQueryInput: model.editQuery,
            onStart: (journeyId) => void model.startJourney(journeyId),
            onEdit: model.editJourney,
          }}
          onStartAdHoc={() => void model.startAdHoc()}
          onNewJourney={model.newJourney}
          onOpenSettings={onOpenSettings}
          sync={
            sync && (
              <SyncStatusView
                state={sync.state.value}
                syncing={sync.syncing.value}
                note={sync.note.value}
                onSyncNow={() => void sync.syncNow()}
                onRetry={(id) => void sync.retry(id)}
                onDiscard={(id) => void sync.discard(id)}
                {...(attentionFixes === undefined
                  ? {}
                  : { renderAttentionFix: (item) => <AttentionFixSlot model={attentionFixes} item={item} /> })}
                onRetryScreenshot={(id) => void sync.retryScreenshot(id)}
                onDiscardScreenshot={(id) => void sync.discardScreenshot(id)}
              />
            )
          }
        />
      )}
      {screen === 'editor' && editor !== null && (
        <main class="page">
          <JourneyEditor
            editing={editor.editing}
            draft={editor.draft.value}
            errors={editor.errors.value}
            refusals={editor.refusals.value}
            saving={editor.saving.value}
            failure={editor.failure.value}
            onNameInput={editor.editName}
            onDescriptionInput={editor.editDescription}
            onStepNameInput={editor.editStepName}
            onStepPatternsInput={editor.editStepPatterns}
            onAddStep={editor.addStep}
            onRemoveStep={editor.removeStep}
            onMoveStep={editor.moveStep}
            onSave={() => void model.saveEditor()}
            onCancel={model.closeEditor}
          />
        </main>
      )}
      {screen === 'recording' && active !== null && (
        <SiteAccessNotice
          access={model.siteAccess.value}
          hosts={model.siteAccessHosts.value}
          onRequest={() => void model.requestSiteAccess()}
        />
      )}
      {screen === 'recording' && active !== null && (
        <RecordingView
          recording={active}
          elapsedMs={recording.elapsedMs.value}
          shortcut={model.shortcut.value}
          captureShortcut={model.captureShortcut.value}
          busy={recording.busy.value}
          message={recording.message.value}
          // SiteAccessNotice above says it (waiting for the prompt, or declined) with the way to grant it.
          siteAccessDenied={false}
          onRequestSiteAccess={() => void model.requestSiteAccess()}
          onNextStep={() => void recording.markNextStep()}
          onUndo={() => void recording.undoStep()}
          onPause={recording.pause}
          onResume={() => void recording.resume()}
          // Offered by the view for an ad-hoc walkthrough only: a catalog journey's steps have their names.
          onNameStep={recording.nameStep}
          onNote={recording.addNote}
          onPainPoint={recording.addPainPoint}
          onFinish={recording.finish}
        />
      )}
      {screen === 'rating' && active !== null && active.outcome !== undefined && (
        <RatingView
          journeyName={active.journeyName}
          adHoc={active.journeyId === null}
          outcome={active.outcome}
          elapsedMs={recording.elapsedMs.value}
          cesStatement={model.cesStatement.value}
          draft={rating.draft.value}
          nameError={rating.nameError.value}
          refusals={rating.refusals.value}
          busy={recording.busy.value}
          message={recording.message.value}
          onEdit={rating.edit}
          onSave={() => void model.saveRating()}
          onSkip={() => void model.skipRating()}
          onBack={() => void rating.back()}
        />
      )}
      {conflict !== null && (
        <AlreadyRecordingDialog
          journeyName={conflict.existing.journeyName}
          status={conflict.existing.status}
          elapsedMs={conflict.elapsedMs}
          busy={model.resolvingConflict.value}
          onResume={() => void model.resolveConflict('resume')}
          onAbandon={() => void model.resolveConflict('abandon')}
          onDiscard={() => void model.resolveConflict('discard')}
        />
      )}
    </>
  );
}
