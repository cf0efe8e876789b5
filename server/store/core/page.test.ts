import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSize, toPage } from './page.ts';

describe('pageSize', () => {
  it('defaults, and clamps whatever is asked to 1..MAX_PAGE_SIZE', () => {
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(Number.NaN)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(0)).toBe(1);
    expect(pageSize(-5)).toBe(1);
    expect(pageSize(2.9)).toBe(2);
    expect(pageSize(10_000)).toBe(MAX_PAGE_SIZE);
  });
});

describe('toPage', () => {
  const row = (n: number) => ({ at: `t${n}`, id: `id${n}` });

  it('uses the extra row only to know that more exist', () => {
    const page = toPage(
      [row(1), row(2), row(3)],
      2,
      (r) => r.id,
      (r) => r,
    );
    expect(page).toEqual({ items: ['id1', 'id2'], next: { at: 't2', id: 'id2' } });
  });

  it('has no next cursor on the last page', () => {
    expect(
      toPage(
        [row(1)],
        2,
        (r) => r.id,
        (r) => r,
      ),
    ).toEqual({ items: ['id1'], next: null });
    expect(
      toPage(
        [],
        2,
        (r: { at: string; id: string }) => r.id,
        (r) => r,
      ),
    ).toEqual({ items: [], next: null });
  });
});
