// The prepared SQLite push statements on a real file: the upsert's guard (same team, same owner, older rev) is
// what the push's decision relies on when a row changed since it was read, so it is checked here row by row.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { makeService } from '../../../tests/fixtures/make-service.ts';
import { createIdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import { type SeededTeam, seedTeamMembers } from '../../../tests/helpers/api-harness.ts';
import { createMemoryLogger } from '../../logger.ts';
import { createStore } from '../create-store.ts';
import type { PushRow, PushStatements } from './push-batch.ts';
import { sqlitePushStatements } from './push-statements-sqlite.ts';

const ids = createIdGenerator(0x57a);

let dir: string;
let database: SqliteDatabase.Database;
let statements: PushStatements;
let teamA: SeededTeam;
let teamB: SeededTeam;
let journeyA: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'js-push-statements-'));
  const file = path.join(dir, 'journey-sampler.db');
  const store = createStore({ kind: 'sqlite', file }, { logger: createMemoryLogger() });
  await store.migrate();
  teamA = await seedTeamMembers(store, 'Team A');
  teamB = await seedTeamMembers(store, 'Team B');
  const service = makeService({ id: ids(), teamId: teamA.teamId });
  await store.putService(teamA.teamId, service);
  const journey = makeJourney({ id: ids(), teamId: teamA.teamId, serviceId: service.id });
  expect((await store.putJourney(teamA.teamId, journey)).status).toBe('accepted');
  journeyA = journey.id;
  await store.close();
  database = new SqliteDatabase(file);
  database.pragma('foreign_keys = ON');
  statements = sqlitePushStatements(database);
});

afterAll(async () => {
  database.close();
  await rm(dir, { recursive: true, force: true });
});

const row = (id: string, overrides: Partial<PushRow> = {}): PushRow => ({
  id,
  team_id: teamA.teamId,
  rev: 1,
  change_seq: 1,
  journey_id: null,
  sampler_id: teamA.staff.userId,
  started_at: '2026-01-05T09:00:00.000Z',
  outcome: 'completed',
  elapsed_ms: 60_000,
  record_json: `{"id":"${id}"}`,
  pushed_by_client: ids(),
  ...overrides,
});

describe('SQLite push statements', () => {
  it('writes a new row or a newer rev of the same owner, and nothing else', async () => {
    const id = ids();
    const stored = () =>
      database.prepare('select record_json, pushed_by_client from walkthroughs where id = ?').get(id);
    // Every attempt comes from a device of its own (row() makes a new clientId each time).
    const upsert = async (overrides: Partial<PushRow>) => [...(await statements.upsert([row(id, overrides)]))];
    const firstDevice = ids();
    expect(await upsert({ rev: 2, record_json: 'first', pushed_by_client: firstDevice })).toEqual([id]);
    expect(stored()).toEqual({ record_json: 'first', pushed_by_client: firstDevice });
    expect(await upsert({ rev: 1, record_json: 'older' })).toEqual([]);
    expect(await upsert({ rev: 2, record_json: 'same rev' })).toEqual([]);
    // A refused write leaves the device that stored the rev in place.
    expect(stored()).toEqual({ record_json: 'first', pushed_by_client: firstDevice });
    expect(await upsert({ rev: 5, sampler_id: teamA.otherStaff.userId, record_json: 'another owner' })).toEqual([]);
    expect(
      await upsert({ rev: 5, team_id: teamB.teamId, sampler_id: teamB.staff.userId, record_json: 'another team' }),
    ).toEqual([]);
    const laterDevice = ids();
    expect(await upsert({ rev: 3, record_json: 'newer', pushed_by_client: laterDevice })).toEqual([id]);
    expect(await statements.holders([id, ids()])).toEqual(
      new Map([[id, { teamId: teamA.teamId, samplerId: teamA.staff.userId, rev: 3 }]]),
    );
    expect(stored()).toEqual({ record_json: 'newer', pushed_by_client: laterDevice });
  });

  it("reads a team's journeys and reserves consecutive change sequence numbers", async () => {
    expect(await statements.journeysOfTeam(teamA.teamId, [journeyA, ids()])).toEqual(new Set([journeyA]));
    expect(await statements.journeysOfTeam(teamB.teamId, [journeyA])).toEqual(new Set());
    const first = await statements.reserveChangeSeqs(teamA.teamId, 3);
    expect(await statements.reserveChangeSeqs(teamA.teamId, 1)).toBe(first + 3);
  });
});
