// Every text/background pair the front ends use, checked against WCAG 2 AA in both colour schemes, with the
// values read from tokens.css itself (what ships), so lightening a grey or adding a dark colour that is too dim
// fails here before axe has to find it on a page.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Read from disk: Vitest empties every CSS import, `?raw` included, unless the project enables CSS. */
const tokensCss = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'tokens.css'), 'utf8');

/** WCAG 2 minimums: normal text, and non-text (control borders, the focus ring, large text). */
const TEXT = 4.5;
const NON_TEXT = 3;

type Pair = { fg: string; bg: string; min: number; use: string };

const STATUSES = ['met', 'at-risk', 'breached', 'not-enough-data'] as const;

/** Foreground on background, as the front ends combine them. */
const PAIRS: readonly Pair[] = [
  { fg: '--color-text', bg: '--color-bg', min: TEXT, use: 'body text' },
  { fg: '--color-text', bg: '--color-surface', min: TEXT, use: 'text on a toast or raised panel' },
  { fg: '--color-text', bg: '--color-control-bg', min: TEXT, use: 'button labels' },
  { fg: '--color-text-muted', bg: '--color-bg', min: TEXT, use: 'hints and metadata' },
  { fg: '--color-text-muted', bg: '--color-surface', min: TEXT, use: 'metadata on a toast' },
  { fg: '--color-text-muted', bg: '--color-control-bg', min: TEXT, use: 'metadata inside a button' },
  { fg: '--color-link', bg: '--color-bg', min: TEXT, use: 'links and link buttons' },
  { fg: '--color-link', bg: '--color-surface', min: TEXT, use: 'link buttons on a toast' },
  { fg: '--color-danger', bg: '--color-bg', min: TEXT, use: 'error messages' },
  { fg: '--color-danger', bg: '--color-surface', min: TEXT, use: 'an error on a toast' },
  { fg: '--color-danger', bg: '--color-control-bg', min: TEXT, use: 'a destructive button' },
  { fg: '--color-warning', bg: '--color-bg', min: TEXT, use: 'flags and interruptions' },
  ...STATUSES.map((s) => ({
    fg: `--color-status-${s}-text`,
    bg: `--color-status-${s}-bg`,
    min: TEXT,
    use: `the "${s}" status badge`,
  })),
  { fg: '--color-border', bg: '--color-bg', min: NON_TEXT, use: 'input, button and panel borders' },
  { fg: '--color-border', bg: '--color-surface', min: NON_TEXT, use: 'borders on a toast' },
  { fg: '--color-focus-ring', bg: '--color-bg', min: NON_TEXT, use: 'the focus ring' },
  { fg: '--color-focus-ring', bg: '--color-surface', min: NON_TEXT, use: 'the focus ring on a toast' },
  { fg: '--color-accent', bg: '--color-bg', min: NON_TEXT, use: 'the selected rating point, the notice bar' },
];

/** Colours that carry no information (WCAG 1.4.11 exempts decoration), so no pair needs them. */
const DECORATIVE = new Set(['--color-border-subtle']);

const withoutComments = (css: string): string => css.replace(/\/\*[\s\S]*?\*\//g, '');

/** The body of the first `:root { ... }` at or after `from` (custom properties hold no braces here). */
const rootBlock = (css: string, from: number): string => {
  const open = css.indexOf(':root', from);
  const start = css.indexOf('{', open);
  const end = css.indexOf('}', start);
  if (open < 0 || start < 0 || end < 0) throw new Error('tokens.css has no :root block where one is expected');
  return css.slice(start + 1, end);
};

const declarations = (block: string): Map<string, string> =>
  new Map([...block.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()]));

/** The tokens of each scheme: light is the top :root; dark is light overridden by the dark media query. */
const readSchemes = (css: string) => {
  const plain = withoutComments(css);
  const media = plain.indexOf('@media (prefers-color-scheme: dark)');
  if (media < 0) throw new Error('tokens.css has no dark scheme');
  const light = declarations(rootBlock(plain, 0));
  const darkOnly = declarations(rootBlock(plain, media));
  return { light, darkOnly, dark: new Map([...light, ...darkOnly]) };
};

const HEX = /^#[0-9a-f]{6}$/i;

/** WCAG 2 relative luminance of a #rrggbb colour. */
const luminance = (hex: string): number => {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
};

const contrastRatio = (a: string, b: string): number => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
};

/** Every declared pair below its minimum in `tokens`, as readable lines (empty when all pass). */
const failingPairs = (tokens: ReadonlyMap<string, string>): string[] =>
  PAIRS.flatMap(({ fg, bg, min, use }) => {
    const [f, b] = [tokens.get(fg), tokens.get(bg)];
    if (f === undefined || b === undefined || !HEX.test(f) || !HEX.test(b))
      return [`${fg} on ${bg} (${use}): not both #rrggbb tokens (${f} on ${b})`];
    const ratio = contrastRatio(f, b);
    return ratio >= min ? [] : [`${fg} ${f} on ${bg} ${b} (${use}): ${ratio.toFixed(2)}:1, needs ${min}:1`];
  });

const schemes = readSchemes(tokensCss);
const colourTokens = (tokens: ReadonlyMap<string, string>) =>
  [...tokens.keys()].filter((k) => k.startsWith('--color-'));

describe('design tokens', () => {
  it('computes WCAG contrast the standard way', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // The grey hints the extension showed before the tokens (GrayText on white), which axe measured at 3.94.
    expect(contrastRatio('#808080', '#ffffff')).toBeCloseTo(3.95, 2);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`every declared pair reaches its minimum contrast in the ${scheme} scheme`, () => {
      expect(failingPairs(schemes[scheme])).toEqual([]);
    });
  }

  it('defines every colour as #rrggbb in both schemes, and the dark scheme overrides each one', () => {
    const light = colourTokens(schemes.light);
    expect(light.length).toBeGreaterThan(10);
    expect(colourTokens(schemes.darkOnly).sort()).toEqual([...light].sort());
    for (const scheme of [schemes.light, schemes.dark]) {
      expect(colourTokens(scheme).filter((k) => !HEX.test(scheme.get(k) ?? ''))).toEqual([]);
    }
  });

  it('puts every colour token in a checked pair unless it is decorative', () => {
    const paired = new Set(PAIRS.flatMap((p) => [p.fg, p.bg]));
    expect(colourTokens(schemes.light).filter((k) => !paired.has(k) && !DECORATIVE.has(k))).toEqual([]);
  });

  it('fails when the muted grey is lightened to the old GrayText', () => {
    const lightened = new Map(schemes.light).set('--color-text-muted', '#808080');
    expect(failingPairs(lightened)).toContain(
      '--color-text-muted #808080 on --color-bg #ffffff (hints and metadata): 3.95:1, needs 4.5:1',
    );
  });
});
