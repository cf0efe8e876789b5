/**
 * A duration as a clock shows it: "m:ss"-style "04:07" under an hour, "1:02:07" from an hour on. Whole seconds,
 * rounded down, so the display never shows a second that has not fully passed.
 */
export const formatElapsed = (ms: number): string => {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
};

/** The same duration in words, for screen readers ("4 minutes 7 seconds"); a timer read digit by digit helps no one. */
export const speakElapsed = (ms: number): string => {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const unit = (n: number, word: string) => (n === 1 ? `1 ${word}` : `${n} ${word}s`);
  const parts = [hours > 0 && unit(hours, 'hour'), minutes > 0 && unit(minutes, 'minute'), unit(seconds, 'second')];
  return parts.filter((p) => p !== false).join(' ');
};
