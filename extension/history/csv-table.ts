// The CSV writer itself (RFC 4180, formula guard) is shared with the server's exports: shared/protocol/csv.ts.

/** Milliseconds as seconds (decimals, to the millisecond), the unit every duration column uses. */
export const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);
