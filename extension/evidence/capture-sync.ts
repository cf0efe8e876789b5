import type { Recording } from '../recorder/recording.ts';

/** The browser side of evidence capture (extension/platform), injected so the decision logic is testable. */
export type CaptureControl = {
  /** Host-permission origins the user has granted, as match patterns (`https://portal.example.com/*`). */
  grantedOrigins(): Promise<string[]>;
  /** The match patterns of the registered evidence script, or null when it is not registered. */
  registeredMatches(): Promise<string[] | null>;
  register(matches: string[]): Promise<void>;
  update(matches: string[]): Promise<void>;
  unregister(): Promise<void>;
  /** Runs the evidence script in tabs already open on these patterns (best effort). */
  injectIntoOpenTabs(matches: string[]): Promise<void>;
};

export type CaptureSyncOutcome = 'registered' | 'updated' | 'unregistered' | 'unchanged' | 'idle';

/** Evidence is wanted while a recording runs or is paused; a finished one waits for its rating. */
export const wantsEvidence = (recording: Recording | null): recording is Recording =>
  recording !== null && recording.status !== 'finished';

const httpPatterns = (origins: readonly string[]): string[] =>
  [...new Set(origins.filter((origin) => /^(\*|https?):\/\//.test(origin)))].sort();

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((value, i) => value === [...b].sort()[i]);

/**
 * Brings the evidence content script's registration in line with the recording in IndexedDB and the origins
 * the user granted: registered for exactly those origins while a recording wants evidence, unregistered
 * otherwise. Idempotent, so the background runs it whenever it wakes and whenever something changed; the
 * registration itself (persisted by the browser) is the only memory of what was done before.
 *
 * When the script is newly registered for an origin, it is also injected into tabs already open there, so
 * the page the sampler is on when pressing Start counts too.
 */
export const syncEvidenceCapture = async (
  recording: Recording | null,
  control: CaptureControl,
): Promise<CaptureSyncOutcome> => {
  const wanted = wantsEvidence(recording) ? httpPatterns(await control.grantedOrigins()) : [];
  const registered = await control.registeredMatches();
  if (wanted.length === 0) {
    if (registered === null) return 'idle';
    await control.unregister();
    return 'unregistered';
  }
  if (registered === null) {
    await control.register(wanted);
    await control.injectIntoOpenTabs(wanted);
    return 'registered';
  }
  if (sameSet(registered, wanted)) return 'unchanged';
  await control.update(wanted);
  const added = wanted.filter((origin) => !registered.includes(origin));
  if (added.length > 0) await control.injectIntoOpenTabs(added);
  return 'updated';
};
