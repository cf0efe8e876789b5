/**
 * The page's element `#id`, of the type the script expects. The markup is served with the script
 * (server/web/*-page.ts), so a missing or different element is a bug of ours: it throws.
 *
 * @example
 * ```ts
 * const field = elementById('link', HTMLInputElement);
 * ```
 */
export function elementById<T extends HTMLElement>(id: string, type: abstract new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}
