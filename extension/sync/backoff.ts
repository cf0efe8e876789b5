/** The first retry comes within this long; each further failure doubles the window. */
export const BACKOFF_BASE_MS = 30_000;
/** The window never grows beyond this: a server back after a night is found within half an hour. */
export const BACKOFF_CAP_MS = 30 * 60_000;

/**
 * "Full jitter" exponential backoff: a uniformly random wait in [0, min(cap, base * 2^attempt)). The randomness
 * keeps a fleet of extensions that lost the server at the same moment from coming back at the same moment.
 *
 * @param attempt failures in a row so far, counting the one just had (1 after the first failure)
 * @param random a number in [0, 1), Math.random in production
 */
export const backoffDelayMs = (
  attempt: number,
  random: () => number,
  { baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS }: { baseMs?: number; capMs?: number } = {},
): number => {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const window = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.floor(random() * window);
};
