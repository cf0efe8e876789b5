// Bundled by the evidence browser test (vite build, iife) and evaluated inside an
// extension page of the BUILT extension, so the test drives the same recorder, clock, database and platform
// code the side panel ships with, against the real IndexedDB and browser APIs, without depending on the UI.
import './zod-jitless.ts';
import { browser } from 'wxt/browser';
import { createDb } from '../../../extension/db/journey-sampler-db.ts';
import { uuidV7 } from '../../../extension/lib/uuid-v7.ts';
import { readClock } from '../../../extension/platform/clock.ts';
import { grantedOrigins, originsFor, requestSiteAccess } from '../../../extension/platform/host-permissions.ts';
import { announceRecordingChanged } from '../../../extension/platform/runtime-messages.ts';
import { captureVisibleTab } from '../../../extension/platform/screenshot.ts';
import { createRecorder } from '../../../extension/recorder/recorder.ts';

const db = createDb();
const recorder = createRecorder({ db, readClock, newId: uuidV7 });

const driver: Driver = {
  recorder,
  originsFor,
  requestSiteAccess,
  announceRecordingChanged,
  // Any value: the tests send malformed and forbidden messages too.
  sendRaw: (message) => browser.runtime.sendMessage(message),
  captureVisibleTab,
  newId: uuidV7,
  grantedOrigins,
  registeredScripts: () => browser.scripting.getRegisteredContentScripts(),
  commands: () => browser.commands.getAll(),
  storedRecordingRow: (id) => db.recordings.get(id),
};
Reflect.set(globalThis, 'journeySamplerDriver', driver);

export type Driver = {
  recorder: typeof recorder;
  originsFor: typeof originsFor;
  requestSiteAccess: typeof requestSiteAccess;
  announceRecordingChanged: typeof announceRecordingChanged;
  sendRaw: (message: unknown) => Promise<unknown>;
  captureVisibleTab: typeof captureVisibleTab;
  newId: typeof uuidV7;
  grantedOrigins: typeof grantedOrigins;
  registeredScripts: () => Promise<{ id: string; matches?: string[] | undefined }[]>;
  commands: () => Promise<{ name?: string | undefined; shortcut?: string | undefined }[]>;
  /** The recording row as stored (without its sealed step marks): what an action writes, for the benchmarks. */
  storedRecordingRow: (id: string) => Promise<unknown>;
};
