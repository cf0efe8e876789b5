import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { WebBundle } from './web-bundle.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
};

/**
 * `GET /:file`, mounted at `/assets`: the files of the web bundle, from memory. Their names carry a hash of their
 * content, so a browser may keep them for good; a name not in the bundle is 404.
 */
export const assetRoutes = (bundle: WebBundle) =>
  new Hono<AppEnv>().get('/:file', (c) => {
    const bytes = bundle.ok ? bundle.files.get(c.req.path) : undefined;
    if (bytes === undefined) return errorResponse(c, 404, 'not_found', 'no such file');
    const type = CONTENT_TYPES[c.req.path.slice(c.req.path.lastIndexOf('.'))] ?? 'application/octet-stream';
    return c.body(bytes, 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
