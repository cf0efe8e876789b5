import type { ServerUrlSetting } from '../../db/server-url-setting.ts';
import type { PairingSummary } from '../../pairing/pairing-summary.ts';

export type ConnectionStatusProps = {
  server: ServerUrlSetting;
  /** Null when not paired: a saved address alone does not sync anything, and the header says so. */
  pairing: PairingSummary | null;
  onOpenSettings: () => void;
};

/** Which server this device syncs with (or that it is not paired yet), and the way to change it. */
export function ConnectionStatus({ server, pairing, onOpenSettings }: ConnectionStatusProps) {
  return (
    <div class="connection-status">
      {pairing !== null ? (
        <p>
          Server: <span class="server-url">{pairing.serverUrl}</span>
        </p>
      ) : server.status === 'set' ? (
        <p>
          Server: <span class="server-url">{server.url}</span> (not paired yet)
        </p>
      ) : server.status === 'unset' ? (
        <p>Not connected</p>
      ) : (
        <p role="alert">Not connected: the saved server address could not be read ({server.message}).</p>
      )}
      <button type="button" class="link-button" onClick={onOpenSettings}>
        Server settings
      </button>
    </div>
  );
}
