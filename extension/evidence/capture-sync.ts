import type { Recording } from '../db/recording.ts';

/** Where the evidence script runs: `matches`, except pages matching `excludeMatches`. */
export type ScriptScope = { matches: string[]; excludeMatches: string[] };

/** The browser side of evidence capture (extension/platform), injected so the decision logic is testable. */
export type CaptureControl = {
  /** Host-permission origins the user has granted, as match patterns (`https://portal.example.com/*`). */
  grantedOrigins(): Promise<string[]>;
  /**
   * Pages the script must never run on, whatever is granted: the sync server's own (evidence/server-pages.ts).
   * Its origin is granted for syncing, not for capture.
   */
  excludedPages(): Promise<string[]>;
  /** Where the registered evidence script runs, or null when it is not registered. */
  registered(): Promise<ScriptScope | null>;
  register(scope: ScriptScope): Promise<void>;
  update(scope: ScriptScope): Promise<void>;
  unregister(): Promise<void>;
  /** Runs the evidence script in tabs already open on `matches`, none on an excluded page (best effort). */
  injectIntoOpenTabs(scope: ScriptScope): Promise<void>;
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
 * the user granted: registered for exactly those origins, minus the sync server's pages, while a recording wants
 * evidence, unregistered otherwise. Idempotent, so the background runs it whenever it wakes and whenever something changed; the
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
  const registered = await control.registered();
  if (wanted.length === 0) {
    if (registered === null) return 'idle';
    await control.unregister();
    return 'unregistered';
  }
  const excludeMatches = [...new Set(await control.excludedPages())].sort();
  const scope: ScriptScope = { matches: wanted, excludeMatches };
  if (registered === null) {
    await control.register(scope);
    await control.injectIntoOpenTabs(scope);
    return 'registered';
  }
  // A pairing made or changed since registering changes the exclusions even when the grants did not.
  if (sameSet(registered.matches, wanted) && sameSet(registered.excludeMatches, excludeMatches)) return 'unchanged';
  await control.update(scope);
  const added = wanted.filter((origin) => !registered.matches.includes(origin));
  if (added.length > 0) await control.injectIntoOpenTabs({ matches: added, excludeMatches });
  return 'updated';
};
