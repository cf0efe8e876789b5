// Two small static sites for the evidence browser tests, on two loopback hosts (127.0.0.1 and 127.0.0.2), so
// they are two origins with two host permissions, as two real services would be.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const SITES_DIR = fileURLToPath(new URL('.', import.meta.url));
const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

export type TestSites = {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  a: string;
  /** e.g. `http://127.0.0.2:41235`. */
  b: string;
  close(): Promise<void>;
};

const listen = (server: Server, host: string): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (typeof address === 'object' && address !== null) resolve(`http://${host}:${address.port}`);
      else reject(new Error(`no port for ${host}`));
    });
  });

/**
 * Serves tests/browser/sites/a and /b. `{{A}}` and `{{B}}` in a page become the other site's origin (ports
 * are chosen at run time). Any path under /spa/ serves spa.html, as a single-page app's server would.
 */
export const serveSites = async (): Promise<TestSites> => {
  const origins = { a: '', b: '' };
  const serverFor = (site: 'a' | 'b') =>
    createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const file = path.startsWith('/spa/') ? '/spa.html' : path === '/' ? '/index.html' : path;
      const full = normalize(join(SITES_DIR, site, file));
      if (!full.startsWith(join(SITES_DIR, site))) {
        response.writeHead(403).end();
        return;
      }
      readFile(full, 'utf8').then(
        (text) => {
          response.writeHead(200, {
            'content-type': TYPES[extname(full)] ?? 'text/plain',
            'cache-control': 'no-store',
          });
          response.end(text.replaceAll('{{A}}', origins.a).replaceAll('{{B}}', origins.b));
        },
        () => response.writeHead(404).end(),
      );
    });
  const servers = [serverFor('a'), serverFor('b')] as const;
  origins.a = await listen(servers[0], '127.0.0.1');
  origins.b = await listen(servers[1], '127.0.0.2');
  return {
    ...origins,
    close: async () => {
      // Chromium keeps connections alive; close() alone would wait for them.
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
};
