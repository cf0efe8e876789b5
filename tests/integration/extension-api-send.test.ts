// createApiSend (extension/pairing/server-api.ts), the one way the extension sends its paired token, against real
// HTTP servers on loopback: a redirect is never followed (the token stays with the paired server), a raw 2xx
// body is left for the caller, a refusal's envelope is still read, and the caller's signal aborts the request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serverUrlSchema } from '../../extension/db/server-url.ts';
import { createApiSend } from '../../extension/pairing/server-api.ts';

const TOKEN = `jsp_${'a'.repeat(43)}`;
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A loopback server answering with `handle`; its requests' Authorization headers are recorded. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const authorizations: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, authorizations };
}

const sendTo = (url: string, timeoutMs = 5_000) => createApiSend(serverUrlSchema.parse(url), TOKEN, { timeoutMs });

describe('createApiSend over real HTTP', () => {
  it('does not follow a redirect: the request fails and the other server never sees the token', async () => {
    const elsewhere = await serve((_req, res) => res.end('{}'));
    const paired = await serve((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}/api/v1/sync/pull` }).end();
    });
    const answer = await sendTo(paired.url)({ method: 'POST', path: '/sync/pull', body: '{}' });
    expect(answer).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(paired.authorizations).toEqual([`Bearer ${TOKEN}`]);
    expect(elsewhere.authorizations).toEqual([]);
  });

  it('leaves a 2xx body unread with rawBody, and still reads a refusal envelope as JSON', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const server = await serve((req, res) => {
      if (req.url?.endsWith('/mine')) res.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
      else
        res
          .writeHead(404, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ code: 'not_found', message: 'no such attachment', requestId: 'r1' }));
    });
    const send = sendTo(server.url);
    const image = await send({ method: 'GET', path: '/attachments/mine', rawBody: true });
    if (!image.ok) throw new Error(image.message);
    expect(image.json).toBeNull();
    expect(Buffer.from(await image.response.arrayBuffer())).toEqual(png);

    const refused = await send({ method: 'GET', path: '/attachments/other', rawBody: true });
    if (!refused.ok) throw new Error(refused.message);
    expect(refused.response.status).toBe(404);
    expect(refused.json).toMatchObject({ code: 'not_found' });
  });

  it("aborts with the caller's signal", async () => {
    // Answers only headers and never ends the body: the abort must end the wait.
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{');
    });
    const stop = new AbortController();
    // A timeout far beyond the test's own: only the signal can end this request in time.
    const pending = sendTo(server.url, 3_600_000)({ method: 'GET', path: '/me', signal: stop.signal });
    stop.abort();
    await expect(pending).resolves.toMatchObject({ ok: false, kind: 'unreachable' });
  });
});
