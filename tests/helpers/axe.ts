// axe-core in the real browser, on the BUILT extension's pages. Extension pages have a CSP without inline
// scripts, so axe is not added as a <script>: its source is evaluated over the DevTools protocol (Playwright's
// evaluate, Runtime.evaluate), which the page's CSP does not govern.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Axe from 'axe-core';
import type { Page } from 'playwright-core';
import { z } from 'zod';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One rule broken on one screen, short enough to read in a failed assertion: the rule id and where. */
const axeViolationSchema = z.strictObject({
  /** "light" or "dark": the colour scheme the page was checked in. */
  scheme: z.enum(['light', 'dark']),
  rule: z.string(),
  impact: z.string().nullable(),
  help: z.string(),
  /** CSS selectors of the offending elements, each with the first line of axe's explanation. */
  targets: z.array(z.string()),
});
export type AxeViolation = z.infer<typeof axeViolationSchema>;

const pageViolationsSchema = z.array(axeViolationSchema.omit({ scheme: true }));

export type AxeCheckOptions = {
  /** Both by default: every colour pair must be readable in the light and in the dark theme. */
  schemes?: ReadonlyArray<'light' | 'dark'>;
};

/** Evaluates axe's source in the page unless it is there already (a navigation or reload drops it). */
const injectAxe = async (page: Page): Promise<void> => {
  const present = await page.evaluate(() => Reflect.has(globalThis, 'axe'));
  if (!present) await page.evaluate(AXE_SOURCE);
};

/** Runs every axe rule that is on by default (WCAG 2.x A and AA plus best practices) on the whole page. */
const runAxe = async (page: Page) => {
  await injectAxe(page);
  const raw = await page.evaluate(async () => {
    const axe: typeof Axe = Reflect.get(globalThis, 'axe');
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => {
        const where = node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' ');
        const why = node.failureSummary?.split('\n')[1]?.trim();
        return why ? `${where}: ${why}` : where;
      }),
    }));
  });
  return pageViolationsSchema.parse(raw);
};

/**
 * The axe violations of what `page` shows now, in each colour scheme (emulated with prefers-color-scheme,
 * then the emulation is lifted). Assert `toEqual([])`, so a failure prints every rule id and target.
 * The caller waits first for the screen it means to check (a heading, a field), as a user would.
 */
export const axeViolations = async (page: Page, options: AxeCheckOptions = {}): Promise<AxeViolation[]> => {
  const found: AxeViolation[] = [];
  try {
    for (const scheme of options.schemes ?? (['light', 'dark'] as const)) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const violation of await runAxe(page)) found.push({ scheme, ...violation });
    }
  } finally {
    await page.emulateMedia({ colorScheme: null });
  }
  return found;
};
