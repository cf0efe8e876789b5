import type SqliteDatabase from 'better-sqlite3';
import { toSafeInteger } from '../core/normalise.ts';
import { addRemoval, type Holder, type PushRow, type PushStatements, type Removal } from './push-batch.ts';

type HolderRow = { id: string; team_id: string; sampler_id: string | null; rev: number | bigint };

/**
 * The push statements (push-batch.ts) for SQLite, prepared once per connection and run synchronously on the
 * better-sqlite3 handle. Compiling a 500-row Kysely upsert cost more than writing the rows; prepared one-row
 * statements run per row cost what a raw insert does. Lists travel as one JSON array (json_each), so each statement
 * has one shape whatever the batch size. Only call them while holding the connection in a transaction
 * (group-commit.ts): they run on the raw handle, beside Kysely.
 */
export function sqlitePushStatements(database: SqliteDatabase.Database): PushStatements {
  const holders = database.prepare<[string], HolderRow>(
    'select id, team_id, sampler_id, rev from walkthroughs where id in (select value from json_each(?))',
  );
  const journeys = database
    .prepare<[string, string], string>(
      'select id from journeys where team_id = ? and id in (select value from json_each(?))',
    )
    .pluck();
  const reserve = database
    .prepare<[number, string], number | bigint>(
      'update change_counters set value = value + ? where team_id = ? returning value',
    )
    .pluck();
  const removed = database.prepare<[string, string], { walkthrough_id: string; by_this_team: number | bigint }>(
    `select walkthrough_id, team_id = ? as by_this_team from walkthrough_removals
     where walkthrough_id in (select value from json_each(?))`,
  );
  // The Kysely upsert's meaning in two statements: SQLite ran `insert … on conflict do update set <indexed
  // columns>` at well under half the speed of a plain insert even for new rows, so a new id is inserted plainly
  // (nothing happens if it exists) and only an existing one is updated, behind the same guard: same team, same
  // owner, older rev, judged against the row as it is now.
  const insert = database.prepare<PushRow>(
    `insert into walkthroughs
       (id, team_id, rev, change_seq, journey_id, sampler_id, started_at, outcome, elapsed_ms, record_json,
        pushed_by_client)
     values
       (@id, @team_id, @rev, @change_seq, @journey_id, @sampler_id, @started_at, @outcome, @elapsed_ms, @record_json,
        @pushed_by_client)
     on conflict (id) do nothing`,
  );
  const update = database.prepare<PushRow>(
    `update walkthroughs set
       rev = @rev, change_seq = @change_seq, journey_id = @journey_id, started_at = @started_at, outcome = @outcome,
       elapsed_ms = @elapsed_ms, record_json = @record_json, pushed_by_client = @pushed_by_client
     where id = @id and team_id = @team_id and sampler_id = @sampler_id and rev < @rev`,
  );
  return {
    holders(ids) {
      const found = new Map<string, Holder>();
      for (const row of holders.all(JSON.stringify(ids))) {
        found.set(row.id, {
          teamId: row.team_id,
          samplerId: row.sampler_id,
          rev: toSafeInteger(row.rev, 'walkthroughs.rev'),
        });
      }
      return found;
    },
    journeysOfTeam: (teamId, ids) => new Set(journeys.all(teamId, JSON.stringify(ids))),
    reserveChangeSeqs(teamId, count) {
      if (!Number.isSafeInteger(count) || count < 1) throw new Error(`cannot reserve ${count} change sequence numbers`);
      const value = reserve.get(count, teamId);
      if (value === undefined) throw new Error(`team ${teamId} has no change counter; create teams with createTeam`);
      return toSafeInteger(value, 'change_counters.value') - count + 1;
    },
    removed(teamId, ids) {
      const found = new Map<string, Removal>();
      for (const row of removed.all(teamId, JSON.stringify(ids))) {
        addRemoval(found, row.walkthrough_id, Number(row.by_this_team) === 1);
      }
      return found;
    },
    upsert(rows) {
      const written = new Set<string>();
      // `changes` is 1 when the row was inserted, or replaced; 0 when the guard kept the stored one.
      for (const row of rows) if (insert.run(row).changes > 0 || update.run(row).changes > 0) written.add(row.id);
      return written;
    },
  };
}
