import { z } from 'zod';

/**
 * A WebExtension-style match pattern used to detect that a step was reached, e.g.
 * `https://portal.example.com/reset/*`. Only http(s) and `*` schemes: a journey never walks file:// or chrome://.
 */
export const URL_PATTERN_RE = /^(\*|https?):\/\/(\*|\*\.[^/*]+|[^/*]+)\/.*$/;

export const urlPatternSchema = z
  .string()
  .max(500)
  .regex(URL_PATTERN_RE, 'must look like https://host/path* (scheme http, https or *; host may start with *.)');
