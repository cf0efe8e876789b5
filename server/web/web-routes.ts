import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { PageSecurity } from '../middleware/secure-headers.ts';
import { assetRoutes } from './asset-routes.ts';
import { pageCsp, pageRoutes } from './page-shell.ts';
import { PAIRING_PAGE } from './pairing-page.ts';
import { SIGN_IN_PAGE } from './sign-in-page.ts';
import type { WebBundle } from './web-bundle.ts';

/** Every HTML page the server serves; a new one is added here and nowhere else. */
const WEB_PAGES = [SIGN_IN_PAGE, PAIRING_PAGE] as const;

/** Each page's own CSP on its path (app.ts hands this to secureHeadersByPath); everything else gets deny-all. */
export const WEB_PAGE_SECURITY: readonly PageSecurity[] = WEB_PAGES.map((page) => ({
  paths: [page.path],
  contentSecurityPolicy: pageCsp(page),
}));

/**
 * The web front end, open to anyone: each page at its path, and the bundled scripts they load at `/assets/…`
 * (vite.web.config.ts names the folder; web-bundle.ts reads it).
 */
export function webRoutes(bundle: WebBundle) {
  const app = new Hono<AppEnv>();
  for (const page of WEB_PAGES) app.route(page.path, pageRoutes(page, bundle));
  return app.route('/assets', assetRoutes(bundle));
}
