// The CSV writer itself (RFC 4180, formula guard) is shared with the server's exports: shared/protocol/csv.ts.

/** Milliseconds as seconds (decimals, to the millisecond), the unit every duration column uses. */
export const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

const pad = (n: number): string => String(n).padStart(2, '0');

/** A moment on a walkthrough's clock, as the History page writes it: "0:42", "12:05", "1:02:03". */
export const offsetText = (ms: number): string => {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(total % 60)}` : `${minutes}:${pad(total % 60)}`;
};
