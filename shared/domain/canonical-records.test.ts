import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalRecords } from './canonical-records.ts';

describe('canonicalRecords', () => {
  it('keeps one record per id, the highest rev, sorted by id', () => {
    const records = [
      { id: 'b', rev: 1, v: 'b1' },
      { id: 'a', rev: 2, v: 'a2' },
      { id: 'b', rev: 3, v: 'b3' },
      { id: 'a', rev: 1, v: 'a1' },
    ];
    expect(canonicalRecords(records, (r) => r.rev).map((r) => r.v)).toEqual(['a2', 'b3']);
  });

  it('keeps the first of equal revisions', () => {
    expect(
      canonicalRecords([
        { id: 'a', v: 1 },
        { id: 'a', v: 2 },
      ]),
    ).toEqual([{ id: 'a', v: 1 }]);
  });

  it('does not depend on the order records arrive in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), rev: fc.integer({ min: 1, max: 9 }) }), {
          selector: (r) => `${r.id}/${r.rev}`,
        }),
        (records) => {
          const reversed = [...records].reverse();
          expect(canonicalRecords(reversed, (r) => r.rev)).toEqual(canonicalRecords(records, (r) => r.rev));
        },
      ),
    );
  });
});
