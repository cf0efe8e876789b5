const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A moment on the walkthrough's clock, like a video player: "0:42", "12:05", "1:02:03". One writer for the
 * History page (ui/format re-exports it) and the CSV exports, so both show a note at the same time.
 */
export const formatOffset = (ms: number): string => {
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
};
