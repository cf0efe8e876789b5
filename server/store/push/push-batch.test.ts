// applyPushBatch's race path, which a single SQLite writer never takes: the guarded upsert wrote nothing because
// another writer (a second instance on PostgreSQL) stored the id between the read and the write. The statements
// are scripted here; the integration suites run the real ones on both databases.
import { describe, expect, it } from 'vitest';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import { applyPushBatch, type Holder, type PushRow, type PushStatements } from './push-batch.ts';

const ids = createIdGenerator(0xba7);
const teamId = ids();
const samplerId = ids();
const journeyId = ids();
const clientId = ids();

/** Statements over an empty table whose upsert loses every row to `winner`, found by the second read. */
function losingTo(winner: Holder | undefined) {
  const written: PushRow[][] = [];
  let reads = 0;
  const statements: PushStatements = {
    holders: (wanted) => {
      reads += 1;
      return new Map(reads === 1 || winner === undefined ? [] : wanted.map((id) => [id, winner]));
    },
    journeysOfTeam: () => new Set([journeyId]),
    reserveChangeSeqs: () => 41,
    removed: () => new Map(),
    upsert: (rows) => {
      written.push([...rows]);
      return new Set();
    },
  };
  return { statements, written };
}

describe('applyPushBatch', () => {
  it('answers a record that lost a race from what the winner stored', async () => {
    const w = makeWalkthrough({ journeyId, samplerId }, ids);
    const input = { teamId, samplerId, clientId, walkthroughs: [w, { ...w, rev: 2 }] };

    const newer = losingTo({ teamId, samplerId, rev: 5 });
    expect(await applyPushBatch(newer.statements, input)).toEqual([
      { status: 'duplicate', rev: 5 },
      { status: 'duplicate', rev: 5 },
    ]);
    // Only the batch's last winner for the id was sent, with the reserved sequence number, the client's JSON and
    // the pushing device.
    expect(newer.written).toEqual([
      [
        expect.objectContaining({
          id: w.id,
          rev: 2,
          change_seq: 41,
          record_json: JSON.stringify({ ...w, rev: 2 }),
          pushed_by_client: clientId,
        }),
      ],
    ]);

    const otherTeam = losingTo({ teamId: ids(), samplerId: ids(), rev: 1 });
    expect(await applyPushBatch(otherTeam.statements, input)).toEqual([
      { status: 'rejected', reason: 'id_in_use' },
      { status: 'rejected', reason: 'id_in_use' },
    ]);
  });

  it('treats an upsert that wrote nothing while nothing outranks the record as a bug', async () => {
    const w = makeWalkthrough({ journeyId, samplerId }, ids);
    await expect(
      applyPushBatch(losingTo(undefined).statements, { teamId, samplerId, clientId, walkthroughs: [w] }),
    ).rejects.toThrow(/wrote nothing although nothing outranks/);
  });
});
