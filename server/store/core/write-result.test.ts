import { describe, expect, it } from 'vitest';
import { decideRevisionedWrite, settleLostRace } from './write-result.ts';

describe('decideRevisionedWrite', () => {
  it('writes a new record, and a newer rev of the same team', () => {
    expect(decideRevisionedWrite(undefined, 'team-a', 1)).toBe('write');
    expect(decideRevisionedWrite({ teamId: 'team-a', rev: 1 }, 'team-a', 2)).toBe('write');
  });

  it('calls the same or an older rev a duplicate', () => {
    expect(decideRevisionedWrite({ teamId: 'team-a', rev: 2 }, 'team-a', 2)).toEqual({ status: 'duplicate' });
    expect(decideRevisionedWrite({ teamId: 'team-a', rev: 2 }, 'team-a', 1)).toEqual({ status: 'duplicate' });
  });

  it("refuses another team's id whatever the rev", () => {
    expect(decideRevisionedWrite({ teamId: 'team-b', rev: 1 }, 'team-a', 99)).toEqual({
      status: 'rejected',
      reason: 'id_in_use',
    });
  });
});

describe('settleLostRace', () => {
  it('explains a guarded upsert that wrote nothing, and treats "should have written" as a bug', () => {
    expect(settleLostRace({ teamId: 'team-a', rev: 3 }, 'team-a', 3)).toEqual({ status: 'duplicate' });
    expect(() => settleLostRace({ teamId: 'team-a', rev: 1 }, 'team-a', 3)).toThrow();
  });
});
