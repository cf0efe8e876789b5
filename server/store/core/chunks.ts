/**
 * `items` in consecutive runs of at most `size`: how the store keeps one statement's bound parameters (or an IN
 * list) below SQLite's 32,766 and PostgreSQL's 65,535.
 */
export const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
