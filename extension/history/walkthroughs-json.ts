import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';

/**
 * The JSON export: an array of walkthroughs exactly in the shared schema's shape, so
 * `z.array(walkthroughSchema).parse(JSON.parse(text))` reads it back (and the server could import it).
 */
export const walkthroughsToJson = (walkthroughs: readonly Walkthrough[]): string =>
  `${JSON.stringify(walkthroughs, null, 2)}\n`;
