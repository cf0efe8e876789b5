import { describe, expect, it } from 'vitest';
import type { Caller } from '../middleware/auth.ts';
import { canMintFor, canSeeTeam, canSeeTokensOf, canSeeUser } from './account-access.ts';

const A = 'team-a';
const B = 'team-b';
const caller = (role: Caller['role'], teamId = A, userId = `${role}-1`): Caller => ({
  userId,
  teamId,
  role,
  tokenId: null,
});
const user = (role: Caller['role'], teamId = A, id = `${role}-2`) => ({ id, teamId, role });

describe('account visibility', () => {
  it('admins see every team, user and token; others only their team', () => {
    expect(canSeeTeam(caller('admin'), B)).toBe(true);
    expect(canSeeTeam(caller('lead'), B)).toBe(false);
    expect(canSeeTeam(caller('staff'), A)).toBe(true);
    expect(canSeeUser(caller('admin'), user('lead', B))).toBe(true);
    expect(canSeeTokensOf(caller('admin'), user('lead', B))).toBe(true);
    expect(canMintFor(caller('admin'), user('admin', B))).toBe(true);
  });

  it("leads see their team's users, but the tokens only of themselves and their staff", () => {
    const lead = caller('lead');
    expect(canSeeUser(lead, user('lead'))).toBe(true);
    expect(canSeeTokensOf(lead, user('staff'))).toBe(true);
    expect(canSeeTokensOf(lead, user('lead'))).toBe(false);
    expect(canSeeTokensOf(lead, user('admin'))).toBe(false);
    expect(canSeeTokensOf(lead, { id: lead.userId, teamId: A, role: 'lead' })).toBe(true);
    expect(canSeeTokensOf(lead, user('staff', B))).toBe(false);
    expect(canMintFor(lead, user('staff'))).toBe(true);
  });

  it('staff see themselves and their own tokens, and mint none', () => {
    const staff = caller('staff');
    const self = { id: staff.userId, teamId: A, role: 'staff' as const };
    expect(canSeeUser(staff, self)).toBe(true);
    expect(canSeeUser(staff, user('staff'))).toBe(false);
    expect(canSeeTokensOf(staff, self)).toBe(true);
    expect(canMintFor(staff, self)).toBe(false);
  });
});
