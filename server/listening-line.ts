import type { Store } from './store/store.ts';

/**
 * The one line the server prints on stdout once it accepts connections. `spawnServer`
 * (tests/helpers/server-process.ts) and scripts wait for it and read the URL from it: keep its shape stable.
 * The PostgreSQL URL is never printed, because it may carry a password.
 */
export function listeningLine(host: string, port: number, store: Pick<Store, 'kind' | 'location'>): string {
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const where = store.kind === 'sqlite' ? `sqlite ${store.location ?? ''}` : 'postgres';
  return `Journey Sampler server listening on http://${hostInUrl}:${port} (store: ${where})`;
}
