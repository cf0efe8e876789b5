import type { ServerUrlSetting } from '../../db/server-url-setting.ts';

export type ConnectionStatusProps = {
  server: ServerUrlSetting;
  onOpenSettings: () => void;
};

/** Which server this device syncs with, and the way to change it. */
export function ConnectionStatus({ server, onOpenSettings }: ConnectionStatusProps) {
  return (
    <div class="connection-status">
      {server.status === 'set' ? (
        <p>
          Server: <span class="server-url">{server.url}</span>
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
