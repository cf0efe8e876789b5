import type { Environment } from '../../shared/schemas/index.ts';

type NavigatorLike = {
  userAgent: string;
  /** Network Information API (Chromium): not in TypeScript's DOM types, so read defensively. */
  connection?: unknown;
};

const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/Edg\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari\//, 'Safari'],
];

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/Windows/, 'Windows'],
  [/CrOS/, 'ChromeOS'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

const networkType = (connection: unknown): string | undefined => {
  if (typeof connection !== 'object' || connection === null) return undefined;
  const type = 'type' in connection ? connection.type : undefined;
  const effective = 'effectiveType' in connection ? connection.effectiveType : undefined;
  const value = typeof type === 'string' && type !== 'unknown' ? type : effective;
  return typeof value === 'string' && value !== '' ? value.slice(0, 50) : undefined;
};

/**
 * The browser, OS and network a walkthrough was recorded on: coarse names and a major version only, enough for
 * a lead to compare samples, too little to fingerprint anyone. Read from the page, not from a browser API.
 */
export const readEnvironment = (nav: NavigatorLike = navigator): Environment => {
  const browserMatch = BROWSERS.map(([re, name]) => {
    const match = re.exec(nav.userAgent);
    return match ? `${name} ${match[1] ?? ''}`.trim() : null;
  }).find((found) => found !== null);
  const os = SYSTEMS.find(([re]) => re.test(nav.userAgent))?.[1] ?? 'unknown';
  const network = networkType(nav.connection);
  return {
    browser: browserMatch ?? 'unknown',
    os,
    ...(network === undefined ? {} : { networkType: network }),
  };
};
