import { URL_PATTERN_RE } from '../schemas/url-pattern.ts';

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** `[::1]:8080` or `portal.example.com:8443` or `*.example.com`: the host and the optional explicit port. */
const HOST_PORT_RE = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/;

const escapeRegExp = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** A host in the form URL gives it (lowercase, punycode), or null when it is not a host. */
const canonicalHost = (host: string): string | null => {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
};

/**
 * Whether `url` matches the WebExtension match pattern `pattern`, for the patterns `urlPatternSchema` allows:
 *
 * - scheme `http`, `https`, or `*` (either of the two);
 * - host exact (`portal.example.com`), `*.example.com` (that host or any subdomain of it, not
 *   `badexample.com`), or `*` (any host); compared case-insensitively, international names in punycode;
 *   an explicit port must match the URL's port (80/443 when the URL has none); no port matches any port,
 *   as in Chrome;
 * - path a glob in which each `*` matches any run of characters, `/` included; without `*` the path must be
 *   equal. Matched against the URL's path only: Journey Sampler strips query and fragment before it matches
 *   (toPageUrl), so a pattern cannot depend on them.
 *
 * Never throws: an invalid pattern or URL matches nothing.
 *
 * @example matchUrlPattern('https://*.example.com/reset/*', 'https://portal.example.com/reset/2/') // true
 */
export const matchUrlPattern = (pattern: string, url: string): boolean => {
  const parts = URL_PATTERN_RE.exec(pattern);
  if (parts === null) return false;
  const [, scheme = '', hostPart = ''] = parts;
  const path = pattern.slice(scheme.length + 3 + hostPart.length);

  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const protocols = scheme === '*' ? ['http:', 'https:'] : [`${scheme}:`];
  if (!protocols.includes(target.protocol)) return false;

  if (hostPart !== '*') {
    const hostPort = HOST_PORT_RE.exec(hostPart);
    if (hostPort === null) return false;
    const [, rawHost = '', port] = hostPort;
    if (port !== undefined) {
      const targetPort = target.port === '' ? DEFAULT_PORTS[target.protocol] : target.port;
      if (Number(port) !== Number(targetPort)) return false;
    }
    const wildcard = rawHost.startsWith('*.');
    const host = canonicalHost(wildcard ? rawHost.slice(2) : rawHost);
    if (host === null) return false;
    const hostMatches = target.hostname === host || (wildcard && target.hostname.endsWith(`.${host}`));
    if (!hostMatches) return false;
  }

  const glob = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return glob.test(target.pathname);
};

/** Whether `url` matches any of `patterns`. */
export const matchesAnyUrlPattern = (patterns: readonly string[], url: string): boolean =>
  patterns.some((pattern) => matchUrlPattern(pattern, url));
