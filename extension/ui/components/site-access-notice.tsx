import type { SiteAccess } from '../models/side-panel-model.ts';

export type SiteAccessNoticeProps = {
  access: SiteAccess;
  /** The hosts the walkthrough needs ("portal.example.com"), named so the sampler knows what to allow. */
  hosts: readonly string[];
  /** Asks again (a click, so the browser shows its prompt). */
  onRequest: () => void;
};

const named = (hosts: readonly string[]): string =>
  hosts.length === 0 ? 'the journey’s sites' : hosts.length === 1 ? (hosts[0] ?? '') : hosts.join(', ');

/**
 * What site access means for the walkthrough in progress, while the browser's prompt is open and after it was
 * declined: steps are then not detected from the pages visited and page timings are not captured, so the
 * sampler marks steps by hand. Says how to grant it later: the button here, or the browser's extension settings.
 * Nothing when access is granted, not needed, or not known yet.
 */
export function SiteAccessNotice({ access, hosts, onRequest }: SiteAccessNoticeProps) {
  if (access !== 'pending' && access !== 'denied') return null;
  const sites = named(hosts);
  return (
    <aside class="page site-access-notice" aria-label="Site access">
      <div class="notice">
        {/* One status line for both states, so the change from waiting to declined is announced. */}
        <p role="status">
          {access === 'pending'
            ? `Waiting for your answer to the browser’s site-access request for ${sites}. Until you allow it, steps are not detected from the pages you visit: mark them with “Next step”.`
            : `Site access was not granted for ${sites}, so steps are not detected automatically and page timings are not captured: mark steps with “Next step”.`}
        </p>
        {access === 'denied' && (
          <>
            <p class="hint">
              Press “Allow site access” at any time during this walkthrough: pages you visit from then on are captured.
              Sites can also be allowed in the browser’s extension settings, under Site access.
            </p>
            <div class="actions">
              <button type="button" onClick={onRequest}>
                Allow site access
              </button>
            </div>
          </>
        )}
      </div>
    </aside>
  );
}
