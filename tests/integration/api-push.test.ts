import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../server/config.ts';
import { createMemoryLogger } from '../../server/logger.ts';
import type { Store } from '../../server/store/store.ts';
import { testDatabase } from '../../server/store/testing/test-database.ts';
import { pullResponseSchema } from '../../shared/protocol/pull.ts';
import { MAX_PUSH_RECORDS, type PushResponse, pushResponseSchema } from '../../shared/protocol/push.ts';
import { pushRejectCode } from '../../shared/protocol/push-reject.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import {
  FULL_WALKTHROUGH_OVERRIDES,
  MINIMAL_WALKTHROUGH_OVERRIDES,
  makeWalkthrough,
} from '../fixtures/make-walkthrough.ts';
import type { Overrides } from '../fixtures/overrides.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import {
  API,
  type Client,
  client,
  dumpRecords,
  envelope,
  openTwoTeams,
  type SeededTeam,
  seedJourney,
  testApp,
} from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const ids = createIdGenerator(0x9054);
const CLIENT_ID = ids();

const wrap = (data: unknown) => ({ type: 'walkthrough', data });

describe.each(storeFactories())('push API on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let teamA: SeededTeam;
  let teamB: SeededTeam;
  let journeyA: string;
  let staffA: Client;

  /** A valid walkthrough of team A's journey by team A's staff member. */
  const walkthrough = (overrides: Overrides<Walkthrough> = {}): Walkthrough =>
    makeWalkthrough({ journeyId: journeyA, samplerId: teamA.staff.userId, ...overrides }, ids);

  const push = async (as: Client, walkthroughs: readonly unknown[]): Promise<PushResponse> => {
    const answer = await as.push(walkthroughs.map(wrap), CLIENT_ID);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return pushResponseSchema.parse(answer.body);
  };

  beforeEach(async () => {
    const setUp = await openTwoTeams(open);
    ({ opened, store, teamA, teamB } = setUp);
    const { app } = setUp;
    staffA = client(app, teamA.staff.token);
    journeyA = await seedJourney(client(app, teamA.lead.token));
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('answers every record at its index: accepted, duplicate or rejected with a coded reason', async () => {
    const first = walkthrough(FULL_WALKTHROUGH_OVERRIDES);
    const adHoc = walkthrough({ ...MINIMAL_WALKTHROUGH_OVERRIDES, samplerId: teamA.staff.userId });
    expect((await push(staffA, [first])).results).toEqual([{ id: first.id, index: 0, status: 'accepted', rev: 1 }]);

    const broken = { ...walkthrough(), journeyName: '' };
    const results = (
      await push(staffA, [
        first,
        { ...first, rev: 2, journeyName: 'Renamed' },
        broken,
        adHoc,
        walkthrough({ journeyId: ids() }),
        { not: 'a walkthrough' },
      ])
    ).results;
    expect(results.map((r) => [r.index, r.status, r.rev])).toEqual([
      [0, 'duplicate', 1],
      [1, 'accepted', 2],
      [2, 'rejected', undefined],
      [3, 'accepted', 1],
      [4, 'rejected', undefined],
      [5, 'rejected', undefined],
    ]);
    expect(results[2]).toMatchObject({
      id: broken.id,
      reason: expect.stringMatching(/^invalid_record: journeyName: /),
    });
    expect(pushRejectCode(results[4]?.reason ?? '')).toBe('unknown_journey');
    expect(results[5]?.id).toBeNull();
    // A duplicate tells the rev the server holds, which may be newer than the one pushed.
    expect((await push(staffA, [first])).results[0]).toMatchObject({ status: 'duplicate', rev: 2 });
    expect(await store.getWalkthrough(teamA.teamId, first.id)).toStrictEqual({
      ...first,
      rev: 2,
      journeyName: 'Renamed',
    });
    expect(await store.getWalkthrough(teamA.teamId, adHoc.id)).toStrictEqual(adHoc);
  });

  it('rejects a record of an unknown type on its own', async () => {
    const good = walkthrough();
    const answer = await staffA.push([{ type: 'invoice', data: { id: good.id } }, wrap(good)], CLIENT_ID);
    const { results } = pushResponseSchema.parse(answer.body);
    expect(results[0]).toEqual({
      id: good.id,
      index: 0,
      status: 'rejected',
      reason: 'invalid_record: unknown record type "invoice"',
    });
    expect(results[1]?.status).toBe('accepted');
  });

  describe('sampler rule', () => {
    it('stores a record without a sampler as the caller’s, the record itself unchanged', async () => {
      const unpaired = walkthrough({ samplerId: null });
      expect((await push(staffA, [unpaired])).results[0]?.status).toBe('accepted');
      const row = await testDatabase(store)
        .selectFrom('walkthroughs')
        .select(['sampler_id', 'record_json'])
        .where('id', '=', unpaired.id)
        .executeTakeFirstOrThrow();
      expect(row.sampler_id).toBe(teamA.staff.userId);
      expect(row.record_json).toBe(JSON.stringify(unpaired));
      // It is the caller's now: it comes back in their pull, byte-equal, and a newer rev from them lands.
      const pulled = pullResponseSchema.parse((await staffA.pull(null)).body);
      expect(JSON.stringify(pulled.walkthroughs)).toBe(JSON.stringify([unpaired]));
      expect((await push(staffA, [{ ...unpaired, rev: 2 }])).results[0]?.status).toBe('accepted');
    });

    it("rejects a record naming another sampler, and another sampler's id, even in the same team", async () => {
      const mine = walkthrough();
      const { app } = testApp(store);
      const otherStaffA = client(app, teamA.otherStaff.token);
      const leadA = client(app, teamA.lead.token);
      const claimed = (await push(otherStaffA, [mine])).results[0];
      expect(pushRejectCode(claimed?.reason ?? '')).toBe('sampler_mismatch');

      expect((await push(staffA, [mine])).results[0]?.status).toBe('accepted');
      for (const other of [otherStaffA, leadA]) {
        const takeover = (await push(other, [{ ...mine, rev: 9, samplerId: null }])).results[0];
        expect(pushRejectCode(takeover?.reason ?? '')).toBe('not_owner');
      }
      const fromB = (
        await push(client(app, teamB.staff.token), [{ ...mine, rev: 9, samplerId: null, journeyId: null }])
      ).results[0];
      expect(pushRejectCode(fromB?.reason ?? '')).toBe('id_in_use');
      expect(await store.getWalkthrough(teamA.teamId, mine.id)).toStrictEqual(mine);
    });
  });

  it('applies a batch holding one id several times as if record by record', async () => {
    const w = walkthrough();
    const results = (await push(staffA, [w, { ...w, rev: 3 }, { ...w, rev: 2 }, { ...w, rev: 4 }])).results;
    expect(results.map((r) => [r.status, r.rev])).toEqual([
      ['accepted', 1],
      ['accepted', 3],
      ['duplicate', 3],
      ['accepted', 4],
    ]);
    expect((await store.getWalkthrough(teamA.teamId, w.id))?.rev).toBe(4);
  });

  it('a replayed push changes nothing, however often: every table byte-equal', async () => {
    const existing = walkthrough();
    await push(staffA, [existing]);
    const batch = [
      walkthrough(FULL_WALKTHROUGH_OVERRIDES),
      { ...existing, rev: 2 },
      existing,
      walkthrough({ journeyId: ids() }),
      { ...walkthrough(), elapsedMs: -1 },
      walkthrough({ samplerId: null }),
    ];
    const first = await push(staffA, batch);
    const dump = await dumpRecords(store);
    for (let replay = 0; replay < 5; replay += 1) {
      const again = await push(staffA, batch);
      expect(again.results.map((r) => r.status)).toEqual(
        first.results.map((r) => (r.status === 'accepted' ? 'duplicate' : r.status)),
      );
      expect(again.results.filter((r) => r.status === 'rejected')).toEqual(
        first.results.filter((r) => r.status === 'rejected'),
      );
      expect(await dumpRecords(store)).toBe(dump);
    }
  });

  it('lands the whole batch or none of it when the database fails mid-batch', async () => {
    // A trigger stands in for an infrastructure failure on the third record.
    if (store.kind === 'sqlite') {
      await sql`create trigger fail_push before insert on walkthroughs when new.elapsed_ms = 4242
        begin select raise(abort, 'injected failure'); end`.execute(testDatabase(store));
    } else {
      await sql`create function fail_push() returns trigger language plpgsql as $$
        begin if new.elapsed_ms = 4242 then raise exception 'injected failure'; end if; return new; end $$`.execute(
        testDatabase(store),
      );
      await sql`create trigger fail_push before insert on walkthroughs for each row execute function fail_push()`.execute(
        testDatabase(store),
      );
    }
    const before = await dumpRecords(store);
    const batch = [walkthrough(), walkthrough(), walkthrough({ elapsedMs: 4242 }), walkthrough()].map(wrap);
    const answer = await staffA.push(batch, CLIENT_ID);
    expect(answer.status).toBe(500);
    expect(envelope(answer).code).toBe('internal');
    expect(await dumpRecords(store)).toBe(before);
  });

  describe('envelope', () => {
    it('answers an unknown protocol version with unsupported_protocol, whatever else the body holds', async () => {
      const { app } = testApp(store);
      for (const [protocolVersion, advice] of [
        [PROTOCOL_VERSION + 1, /update the Journey Sampler server/],
        [0, /update the extension/],
      ] as const) {
        const answer = await app.request(`${API}/sync/push`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${teamA.staff.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ protocolVersion, changes: 'a shape this server has never seen' }),
        });
        expect(answer.status).toBe(400);
        const error = envelope({ status: answer.status, body: await answer.json(), response: answer });
        expect(error.code).toBe('unsupported_protocol');
        expect(error.message).toMatch(advice);
      }
    });

    it('takes the same body in protocols 1, 2 and 3 and answers in the version asked', async () => {
      for (const protocolVersion of [1, 2, 3]) {
        const w = walkthrough();
        const answer = await staffA.request('POST', '/sync/push', {
          protocolVersion,
          clientId: CLIENT_ID,
          records: [wrap(w)],
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(pushResponseSchema.parse(answer.body)).toEqual({
          protocolVersion,
          results: [{ id: w.id, index: 0, status: 'accepted', rev: 1 }],
        });
      }
    });

    it('refuses an empty batch, a batch over 500 records and extra fields as a whole', async () => {
      const one = wrap(walkthrough());
      for (const records of [[], Array(MAX_PUSH_RECORDS + 1).fill(one)]) {
        const answer = await staffA.push(records, CLIENT_ID);
        expect(answer.status).toBe(400);
        expect(envelope(answer).code).toBe('validation_failed');
      }
      const extra = await staffA.request('POST', '/sync/push', {
        protocolVersion: PROTOCOL_VERSION,
        clientId: CLIENT_ID,
        records: [one],
        sudo: true,
      });
      expect(extra.status).toBe(400);
    });

    it('refuses a body over 1 MB plus the envelope with 413, even where the app allows more', async () => {
      const app = createApp({ store, logger: createMemoryLogger(), bodyLimitBytes: 8 * 1024 * 1024 });
      const big = walkthrough({ ratings: { comment: 'x'.repeat(5000) } });
      const records = Array.from({ length: Math.ceil(DEFAULT_BODY_LIMIT_BYTES / 5000) + 1 }, () => wrap(big));
      const body = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, clientId: CLIENT_ID, records });
      expect(body.length).toBeGreaterThan(DEFAULT_BODY_LIMIT_BYTES);
      const answer = await app.request(`${API}/sync/push`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${teamA.staff.token}`, 'Content-Type': 'application/json' },
        body,
      });
      expect(answer.status).toBe(413);
      expect((await answer.json()).code).toBe('payload_too_large');
    });
  });
});
