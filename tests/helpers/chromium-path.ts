/** Debian's Chromium; Playwright cannot download its own browser on this project's machines. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
