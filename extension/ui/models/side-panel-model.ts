import { batch, computed, effect, type ReadonlySignal, signal, untracked } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { Environment } from '../../../shared/schemas/index.ts';
import { draftFromJourney, emptyDraft } from '../../catalog/journey-draft.ts';
import { type Catalog, readCatalog } from '../../catalog/local-catalog.ts';
import type { ClockReading } from '../../db/clock-reading.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { readLocalOverview } from '../../db/local-overview.ts';
import { readPairing } from '../../db/pairing-setting.ts';
import type { Recording } from '../../db/recording.ts';
import type { ServerUrlSetting } from '../../db/server-url-setting.ts';
import { type PairingSummary, summarisePairing } from '../../pairing/pairing-summary.ts';
import type { Recorder, StartInput } from '../../recorder/recorder.ts';
import { DEFAULT_AD_HOC_NAME } from '../../recorder/start.ts';
import { formatElapsed } from '../format/format-elapsed.ts';
import { describeError } from './describe-error.ts';
import { createJourneyEditorModel, type JourneyEditorModel } from './journey-editor-model.ts';
import { createRatingModel, type RatingModel } from './rating-model.ts';
import { createRecordingModel, type RecordingModel } from './recording-model.ts';
import { type Scheduler, timeoutScheduler } from './scheduler.ts';

export type SidePanelDeps = {
  db: JourneySamplerDb;
  recorder: Recorder;
  readClock: () => Promise<ClockReading>;
  newId: () => string;
  now: () => Date;
  readEnvironment: () => Environment;
  /**
   * Asks for host access to the origins a journey walks. Called synchronously inside the Start click: the
   * browser shows its prompt only during a user gesture. Resolves false when declined (recording goes on).
   */
  requestSiteAccess: (origins: readonly string[]) => Promise<boolean>;
  /** Whether the origins are granted already (checked when a panel opens on a recording). */
  hasSiteAccess: (origins: readonly string[]) => Promise<boolean>;
  /** The origins a journey's (or a recording's) step URL patterns need. */
  originsFor: (journey: WithStepPatterns) => string[];
  /**
   * Calls the listener when site access is granted or removed anywhere (our prompt, or the browser's extensions
   * menu); returns the function that stops. Absent where a test does not need it.
   */
  onSiteAccessChanged?: (listener: () => void) => () => void;
  captureVisibleTab: () => Promise<Blob | null>;
  /** Tells the background the recording changed state (it starts or stops evidence capture). */
  onRecordingChanged: () => void;
  /** The "next step" keyboard shortcut as the browser has it (the sampler can change it); null when unset. */
  readShortcut: () => Promise<string | null>;
  /** The "screenshot note" shortcut, which also lets the panel capture that tab (it grants activeTab). */
  readCaptureShortcut: () => Promise<string | null>;
  schedule?: Scheduler;
};

export type HomeState =
  | { status: 'loading' }
  | {
      status: 'ready';
      server: ServerUrlSetting;
      /** Null when this device is not paired: walkthroughs are then kept on it, and nothing waits to sync. */
      pairing: PairingSummary | null;
      walkthroughCount: number;
    }
  | { status: 'failed'; message: string };

/** A message from the last thing that happened: a walkthrough saved, or a start that could not happen. */
export type HomeNotice = { tone: 'info' | 'error'; text: string };

/** What the picker shows for one journey. */
export type PickerJourney = {
  id: string;
  name: string;
  serviceName: string | null;
  stepCount: number;
  /** Created on this device, so it can be edited here. */
  editable: boolean;
};

/** Anything with steps carrying URL patterns: a journey, or a recording's snapshot of its steps. */
export type WithStepPatterns = { steps: readonly { urlPatterns: readonly string[] }[] };

/**
 * Host access for the walkthrough in progress: not needed (no URL patterns), granted, asked for and not answered
 * yet (the browser's prompt is open), or declined (steps are then marked by hand and no page evidence is
 * captured). Read from the browser, not remembered.
 */
export type SiteAccess = 'unknown' | 'not-needed' | 'granted' | 'pending' | 'denied';

export type Screen = 'loading' | 'home' | 'editor' | 'recording' | 'rating';

/** Start was pressed while a walkthrough exists: what exists, and what the sampler wanted to start. */
export type Conflict = {
  existing: Recording;
  elapsedMs: number;
  start: StartInput;
  access: Promise<boolean> | null;
};

export type ConflictChoice = 'resume' | 'abandon' | 'discard';

export type SidePanelModel = {
  screen: ReadonlySignal<Screen>;
  home: ReadonlySignal<HomeState>;
  catalog: ReadonlySignal<Catalog | null>;
  query: ReadonlySignal<string>;
  /** Journeys matching the query, for the picker. */
  visibleJourneys: ReadonlySignal<PickerJourney[]>;
  notice: ReadonlySignal<HomeNotice | null>;
  starting: ReadonlySignal<boolean>;
  siteAccess: ReadonlySignal<SiteAccess>;
  /** The hosts the walkthrough in progress needs access to ("portal.example.com"), for the notice to name. */
  siteAccessHosts: ReadonlySignal<string[]>;
  conflict: ReadonlySignal<Conflict | null>;
  resolvingConflict: ReadonlySignal<boolean>;
  editor: ReadonlySignal<JourneyEditorModel | null>;
  recording: RecordingModel;
  rating: RatingModel;
  /** "<service> made it easy for me to <task>", for the CES question. */
  cesStatement: ReadonlySignal<string>;
  shortcut: ReadonlySignal<string | null>;
  captureShortcut: ReadonlySignal<string | null>;
  /** Follows IndexedDB (catalog, overview, recording); returns the function that stops. */
  follow(): () => void;
  editQuery(text: string): void;
  /** Call straight from the click handler: the site-access prompt needs the user gesture. */
  startJourney(journeyId: string): Promise<void>;
  startAdHoc(): Promise<void>;
  /** Asks again for the site access the walkthrough in progress needs. Call straight from the click. */
  requestSiteAccess(): Promise<void>;
  resolveConflict(choice: ConflictChoice): Promise<void>;
  newJourney(): void;
  editJourney(journeyId: string): void;
  closeEditor(): void;
  saveEditor(): Promise<void>;
  saveRating(): Promise<void>;
  skipRating(): Promise<void>;
};

const ABANDONED_FOR_NEW = 'Left unfinished when another walkthrough was started.';

const lowerFirst = (text: string): string =>
  text.length > 1 && text[1] === text[1]?.toUpperCase() && /[A-Z]/.test(text[1] ?? '')
    ? text // an acronym ("VPN access") keeps its capitals
    : text.charAt(0).toLowerCase() + text.slice(1);

const matches = (journey: PickerJourney, query: string): boolean => {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${journey.name} ${journey.serviceName ?? ''}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
};

/**
 * The side panel: home (journey picker, local journey editor), then the recording and rating of one
 * walkthrough. Which screen shows is derived from IndexedDB: a stored recording means the recording (or, once
 * finished, rating) screen, whoever started it and however often the panel was closed meanwhile.
 */
export const createSidePanelModel = (deps: SidePanelDeps): SidePanelModel => {
  const { db, recorder } = deps;
  const recording = createRecordingModel({
    recorder,
    readClock: deps.readClock,
    captureVisibleTab: deps.captureVisibleTab,
    schedule: deps.schedule ?? timeoutScheduler,
    onRecordingChanged: deps.onRecordingChanged,
  });
  const rating = createRatingModel(recording);

  const home = signal<HomeState>({ status: 'loading' });
  const catalog = signal<Catalog | null>(null);
  const query = signal('');
  const notice = signal<HomeNotice | null>(null);
  const starting = signal(false);
  const siteAccess = signal<SiteAccess>('unknown');
  /** A Start's permission prompt has not been answered yet. */
  let accessAnswerPending = false;
  /** The recording whose site access this panel already knows (asked at its Start). */
  let accessKnownFor: string | null = null;
  const conflict = signal<Conflict | null>(null);
  const resolvingConflict = signal(false);
  const editor = signal<JourneyEditorModel | null>(null);
  /** Holds the home screen still while a conflict is resolved (finish, save, start happen in a row). */
  const holdHome = signal(false);
  const shortcut = signal<string | null>(null);
  const captureShortcut = signal<string | null>(null);

  const pickerJourneys = computed<PickerJourney[]>(() =>
    (catalog.value?.entries ?? []).map((entry) => ({
      id: entry.journey.id,
      name: entry.journey.name,
      serviceName: entry.serviceName,
      stepCount: entry.journey.steps.length,
      editable: entry.editable,
    })),
  );
  const visibleJourneys = computed(() => pickerJourneys.value.filter((j) => matches(j, query.value)));

  const screen = computed<Screen>(() => {
    const current = recording.state.value;
    if (holdHome.value) return 'home';
    if (current.status === 'loading' || home.value.status === 'loading') return 'loading';
    if (current.status === 'active') return current.recording.status === 'finished' ? 'rating' : 'recording';
    return editor.value === null ? 'home' : 'editor';
  });

  const siteAccessHosts = computed<string[]>(() => {
    const current = recording.state.value;
    if (current.status !== 'active') return [];
    // `https://portal.example.com/*` -> `portal.example.com`; `*` stays as the journey said it ("any host").
    return deps.originsFor(current.recording).map((origin) => origin.replace(/^[^:]+:\/\//, '').replace(/\/\*$/, ''));
  });

  const cesStatement = computed(() => {
    const current = recording.state.value;
    if (current.status !== 'active') return '';
    const { journeyId, journeyName } = current.recording;
    const entry = catalog.value?.entries.find((e) => e.journey.id === journeyId);
    // The local "My services" row is a placeholder, not a service a customer would name.
    const service = entry?.serviceName && !entry.editable ? entry.serviceName : 'The service';
    const task = lowerFirst(
      journeyId === null ? rating.draft.value.name.trim() || 'do what I set out to do' : journeyName,
    );
    return `${service} made it easy for me to ${task}`;
  });

  const begin = async (start: StartInput, access: Promise<boolean> | null): Promise<void> => {
    starting.value = true;
    notice.value = null;
    try {
      const result = await recorder.start(start, deps.readEnvironment());
      if (result.ok) {
        deps.onRecordingChanged();
        // The prompt may still be open: the walkthrough runs meanwhile, and the answer is shown when it comes.
        accessKnownFor = result.value.id;
        siteAccess.value = access === null ? 'not-needed' : 'pending';
        if (access) {
          accessAnswerPending = true;
          try {
            siteAccess.value = (await access.catch(() => false)) ? 'granted' : 'denied';
          } finally {
            accessAnswerPending = false;
          }
        }
        return;
      }
      const existing = result.error.current;
      if (result.error.code === 'already-recording' && existing) {
        const reading = await deps.readClock();
        conflict.value = { existing, elapsedMs: recorder.elapsed(existing, reading), start, access };
      } else notice.value = { tone: 'error', text: `Could not start: ${result.error.message}` };
    } catch (error) {
      notice.value = { tone: 'error', text: `Could not start: ${describeError(error)}` };
    } finally {
      starting.value = false;
    }
  };

  const savedNotice = (name: string, elapsedMs: number, outcome: string): HomeNotice => ({
    tone: 'info',
    text: `Saved “${name}” (${formatElapsed(elapsedMs)}, ${outcome}). It is in History.`,
  });

  return {
    screen,
    home,
    catalog,
    query,
    visibleJourneys,
    notice,
    starting,
    siteAccess,
    siteAccessHosts,
    conflict,
    resolvingConflict,
    editor,
    recording,
    rating,
    cesStatement,
    shortcut,
    captureShortcut,

    follow() {
      const stopRecording = recording.follow();
      for (const [read, target] of [
        [deps.readShortcut, shortcut],
        [deps.readCaptureShortcut, captureShortcut],
      ] as const) {
        read().then(
          (keys) => {
            target.value = keys;
          },
          () => {},
        );
      }
      const subscription = liveQuery(async () => ({
        overview: await readLocalOverview(db),
        catalog: await readCatalog(db),
        pairing: await readPairing(db),
      })).subscribe({
        next: (data) => {
          batch(() => {
            catalog.value = data.catalog;
            home.value = {
              status: 'ready',
              server: data.overview.server,
              pairing: data.pairing.status === 'paired' ? summarisePairing(data.pairing.pairing) : null,
              walkthroughCount: data.overview.walkthroughCount,
            };
          });
        },
        error: (error: unknown) => {
          home.value = { status: 'failed', message: describeError(error) };
        },
      });
      // Site access of the recording on screen, asked of the browser once per recording (the panel may have
      // been closed since the prompt was answered), and again whenever access changes anywhere (the sampler may
      // grant it in the browser's extensions menu rather than with our button).
      let accessCheckedFor: string | null = null;
      const recheckAccess = () => {
        const current = recording.state.peek();
        if (current.status !== 'active' || accessAnswerPending) return;
        const origins = deps.originsFor(current.recording);
        if (origins.length === 0) return;
        const checking = current.recording.id;
        deps.hasSiteAccess(origins).then(
          (granted) => {
            const now = recording.state.peek();
            if (!accessAnswerPending && now.status === 'active' && now.recording.id === checking) {
              siteAccess.value = granted ? 'granted' : 'denied';
            }
          },
          () => {},
        );
      };
      const stopAccessChanges = deps.onSiteAccessChanged?.(recheckAccess) ?? (() => {});
      const stopAccessCheck = effect(() => {
        const current = recording.state.value;
        if (current.status !== 'active' || current.recording.id === accessCheckedFor) return;
        accessCheckedFor = current.recording.id;
        const origins = deps.originsFor(current.recording);
        const checking = current.recording.id;
        untracked(() => {
          if (origins.length === 0) {
            siteAccess.value = 'not-needed';
            return;
          }
          // Started here: the answer to Start's prompt, not this check, decides.
          if (accessAnswerPending || checking === accessKnownFor) return;
          deps.hasSiteAccess(origins).then(
            (granted) => {
              if (!accessAnswerPending && accessCheckedFor === checking) {
                siteAccess.value = granted ? 'granted' : 'denied';
              }
            },
            () => {},
          );
        });
      });
      // A fresh rating form for each finished recording (kept across "Back to recording" and back).
      const stopPreparing = effect(() => {
        const current = recording.state.value;
        if (current.status !== 'active' || current.recording.status !== 'finished') return;
        const { journeyId, journeyName } = current.recording;
        // An ad-hoc walkthrough still called by its placeholder name has not been named yet.
        const initialName = journeyId === null && journeyName !== DEFAULT_AD_HOC_NAME ? journeyName : '';
        untracked(() => rating.prepare(current.recording, initialName));
      });
      return () => {
        stopAccessChanges();
        stopAccessCheck();
        stopPreparing();
        subscription.unsubscribe();
        stopRecording();
      };
    },

    editQuery(text) {
      query.value = text;
    },

    startJourney(journeyId) {
      if (starting.peek()) return Promise.resolve();
      const entry = catalog.peek()?.entries.find((e) => e.journey.id === journeyId);
      if (!entry) {
        notice.value = { tone: 'error', text: 'That journey is no longer in the catalog.' };
        return Promise.resolve();
      }
      const { journey } = entry;
      // Before any await: the permission prompt only appears inside the click's user gesture.
      const origins = deps.originsFor(journey);
      const access = origins.length > 0 ? deps.requestSiteAccess(origins) : null;
      return begin({ journey }, access);
    },

    startAdHoc() {
      if (starting.peek()) return Promise.resolve();
      return begin({}, null);
    },

    async requestSiteAccess() {
      const current = recording.state.peek();
      if (current.status !== 'active') return;
      const origins = deps.originsFor(current.recording);
      if (origins.length === 0) return;
      // First thing in the click, as at Start.
      const asking = deps.requestSiteAccess(origins);
      accessAnswerPending = true;
      siteAccess.value = 'pending';
      try {
        siteAccess.value = (await asking.catch(() => false)) ? 'granted' : 'denied';
      } finally {
        accessAnswerPending = false;
      }
    },

    async resolveConflict(choice) {
      const pending = conflict.peek();
      if (!pending || resolvingConflict.peek()) return;
      if (choice === 'resume') {
        conflict.value = null;
        return;
      }
      resolvingConflict.value = true;
      holdHome.value = true;
      try {
        if (choice === 'discard') {
          const discarded = await recorder.discard();
          if (!discarded.ok && discarded.error.code !== 'no-recording') {
            notice.value = { tone: 'error', text: `Could not discard it: ${discarded.error.message}` };
            return;
          }
        } else {
          const existing = pending.existing;
          if (existing.status !== 'finished') {
            const finished = await recorder.finish({ outcome: 'abandoned', reason: ABANDONED_FOR_NEW });
            if (!finished.ok && finished.error.code !== 'not-running') {
              notice.value = { tone: 'error', text: `Could not finish it: ${finished.error.message}` };
              return;
            }
          }
          const saved = await recorder.complete({ ratings: {} });
          if (!saved.ok) {
            notice.value = { tone: 'error', text: `Could not save it: ${saved.error.message}` };
            return;
          }
          notice.value = savedNotice(saved.value.journeyName, saved.value.elapsedMs, saved.value.outcome);
        }
        deps.onRecordingChanged();
        conflict.value = null;
        await begin(pending.start, pending.access);
      } finally {
        batch(() => {
          conflict.value = null;
          resolvingConflict.value = false;
          holdHome.value = false;
        });
      }
    },

    newJourney() {
      editor.value = createJourneyEditorModel(db, deps, emptyDraft(deps.newId));
      notice.value = null;
    },

    editJourney(journeyId) {
      const entry = catalog.peek()?.entries.find((e) => e.journey.id === journeyId);
      if (!entry?.editable) return;
      editor.value = createJourneyEditorModel(db, deps, draftFromJourney(entry.journey));
      notice.value = null;
    },

    closeEditor() {
      editor.value = null;
    },

    async saveEditor() {
      const open = editor.peek();
      if (!open) return;
      const saved = await open.save();
      if (saved === null || editor.peek() !== open) return;
      batch(() => {
        editor.value = null;
        notice.value = { tone: 'info', text: `Saved the journey “${saved.name}”.` };
      });
    },

    async saveRating() {
      const walkthrough = await rating.save();
      if (walkthrough) notice.value = savedNotice(walkthrough.journeyName, walkthrough.elapsedMs, walkthrough.outcome);
    },

    async skipRating() {
      const walkthrough = await rating.skip();
      if (walkthrough) notice.value = savedNotice(walkthrough.journeyName, walkthrough.elapsedMs, walkthrough.outcome);
    },
  };
};
