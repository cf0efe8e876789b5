// `node --import tsx scripts/make-icons.ts`: draws the extension's icon (a stopwatch with a check: a timed
// walkthrough that reached its goal) and writes it as PNG at every size the manifests name into
// extension/public/icon/ (WXT copies public/ into each build). Chrome and Firefox want PNG for `icons` and the
// toolbar. The PNGs are committed; run this again after changing the drawing.
// No image tool is needed: the project's Chromium (the one the browser tests use) renders the SVG.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../tests/helpers/chromium-path.ts';

/** shared/ui/tokens.css --color-accent (light): 6.6:1 against white, so the white check stays legible. */
const ACCENT = '#0b57d0';
const WHITE = '#ffffff';

/**
 * The drawing on a 32-unit grid, whole units where it matters, so that 16 px (half a unit per pixel) still
 * shows a round body, a crown on top and a check: the three things that make it a stopwatch that says "done".
 */
const DRAWING = `
  <rect x="12.5" y="0.5" width="7" height="3" rx="1" fill="${ACCENT}"/>
  <rect x="14.5" y="3" width="3" height="3" fill="${ACCENT}"/>
  <rect x="24" y="4.5" width="4" height="3" rx="1" transform="rotate(45 26 6)" fill="${ACCENT}"/>
  <circle cx="16" cy="18.5" r="13" fill="${ACCENT}"/>
  <polyline points="9.5,18.5 14,23 22.5,13.5" fill="none" stroke="${WHITE}" stroke-width="3.6"
    stroke-linecap="round" stroke-linejoin="round"/>`;

/**
 * Sizes written, and their padding in pixels. The 128 px store icon keeps Chrome Web Store's 16 px transparent
 * margin (96 px of artwork); the small ones fill their square, as toolbar and menu icons should.
 */
const SIZES: ReadonlyArray<readonly [size: number, padding: number]> = [
  [16, 0],
  [24, 0],
  [32, 0],
  [48, 0],
  [128, 16],
];

const svg = (size: number, padding: number): string => {
  // Padding in drawing units: the drawing's 32 units span size - 2 * padding pixels.
  const unit = 32 / (size - 2 * padding);
  const margin = padding * unit;
  const extent = 32 + 2 * margin;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="${-margin} ${-margin} ${extent} ${extent}">${DRAWING}</svg>`;
};

const outDir = fileURLToPath(new URL('../extension/public/icon/', import.meta.url));
await mkdir(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const [size, padding] of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">${svg(size, padding)}</body></html>`,
    );
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await writeFile(`${outDir}${size}.png`, png);
    console.log(`extension/public/icon/${size}.png`);
  }
} finally {
  await browser.close();
}
