import { type Kysely, type Migration, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * The team's scores, rolled up off the push path (issue 11; server/store/scores/ holds the code and its map).
 * Frozen once released.
 *
 * - `score_facts`: one narrow row per walkthrough of a journey, what scoring reads of it (outcome, both clocks,
 *   ratings, day, owner, browser). It also remembers which bucket the walkthrough counts in, so a new rev that
 *   moves it to another journey or day takes it out of the old bucket.
 * - `score_rollups`: a JourneyAggregate (JSON text) per team, journey and bucket of days. `level` >= 0 is a
 *   dyadic bucket of 2^level days starting at `start_day` (days since 1970-01-01 UTC, a multiple of 2^level),
 *   so any range of days is at most ~2 log2(days) buckets; level -1 is a week, Monday to Sunday, for trends and
 *   sparklines. `n` and `within_target` copy two counts of the JSON so a sparkline reads no JSON at all.
 * - `score_rollup_cursors`: how far in the team's change sequence the rollups have caught up. Its row is the lock
 *   that keeps two server instances from catching up the same team at once (SELECT … FOR UPDATE).
 * - `walkthrough_removals`: a deleted walkthrough leaves its id here, stamped with a change_seq like any other
 *   change, so the catch-up learns of the deletion in sequence order.
 * - `feedback_day_counts`: customer ratings counted per journey and UTC day (r1..r5), kept by insertFeedback in
 *   the rating's own transaction (feedback is immutable, one upsert per rating), so the customer's CSAT over two
 *   years sums 730 rows a journey, not millions of ratings. Filled from the feedback already stored.
 * - A partial index on feedback that names a step, by journey and time, for the step breakdown.
 */
export const scoreRollupsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createTable('score_facts')
        .addColumn('walkthrough_id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('sampler_id', 'text')
        .addColumn('browser', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        // Null when the timeline cannot be measured: the walkthrough is kept out of every score (as in
        // scoreJourney), but its bucket is remembered.
        .addColumn('active_ms', 'bigint')
        .addColumn('elapsed_ms', 'bigint')
        .addColumn('satisfaction', 'integer')
        .addColumn('seq', 'integer')
        .addColumn('ces', 'integer')
        .execute();
      await trx.schema
        .createIndex('score_facts_team_journey_day_idx')
        .on('score_facts')
        .columns(['team_id', 'journey_id', 'day'])
        .execute();
      await trx.schema.createIndex('score_facts_team_day_idx').on('score_facts').columns(['team_id', 'day']).execute();

      await trx.schema
        .createTable('score_rollups')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('start_day', 'integer', (c) => c.notNull())
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('within_target', 'integer', (c) => c.notNull())
        .addColumn('aggregate_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('score_rollups_pkey', ['team_id', 'level', 'start_day', 'journey_id'])
        .execute();
      await trx.schema
        .createIndex('score_rollups_team_journey_idx')
        .on('score_rollups')
        .columns(['team_id', 'journey_id', 'level', 'start_day'])
        .execute();

      await trx.schema
        .createTable('score_rollup_cursors')
        .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id'))
        .addColumn('through_seq', 'bigint', (c) => c.notNull())
        .execute();

      await trx.schema
        .createTable('walkthrough_removals')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('walkthrough_id', 'text', (c) => c.notNull())
        .addColumn('change_seq', 'bigint', (c) => c.notNull())
        .execute();
      await trx.schema
        .createIndex('walkthrough_removals_team_change_idx')
        .on('walkthrough_removals')
        .columns(['team_id', 'change_seq'])
        .execute();

      // The step breakdown reads a journey's ratings of steps in a period, newest first. Partial: only ratings
      // that name a step, so the index stays small and the read never walks the journey's other ratings.
      await trx.schema
        .createIndex('feedback_team_journey_step_created_idx')
        .on('feedback')
        .columns(['team_id', 'journey_id', 'created_at'])
        .where(sql.ref('step_id'), 'is not', null)
        .execute();
      await trx.schema
        .createTable('feedback_day_counts')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('r1', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('r2', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('r3', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('r4', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('r5', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('feedback_day_counts_pkey', ['team_id', 'journey_id', 'day'])
        .execute();
      // substr() and a day computed here, not in SQL: the same statements on both databases.
      const stored = await sql<{
        team_id: string;
        journey_id: string;
        date: string;
        rating: number;
        count: number | string;
      }>`
        select team_id, journey_id, substr(created_at, 1, 10) as date, rating, count(*) as count from feedback
        where journey_id is not null group by team_id, journey_id, substr(created_at, 1, 10), rating`.execute(trx);
      const days = new Map<string, { team_id: string; journey_id: string; day: number; counts: number[] }>();
      for (const row of stored.rows) {
        const key = `${row.team_id}|${row.journey_id}|${row.date}`;
        const entry = days.get(key) ?? {
          team_id: row.team_id,
          journey_id: row.journey_id,
          day: Math.floor(Date.parse(`${row.date}T00:00:00.000Z`) / 86_400_000),
          counts: [0, 0, 0, 0, 0],
        };
        entry.counts[row.rating - 1] = Number(row.count);
        days.set(key, entry);
      }
      for (const { team_id, journey_id, day, counts } of days.values()) {
        const [r1, r2, r3, r4, r5] = counts;
        await sql`insert into feedback_day_counts (team_id, journey_id, day, r1, r2, r3, r4, r5)
          values (${team_id}, ${journey_id}, ${day}, ${r1}, ${r2}, ${r3}, ${r4}, ${r5})`.execute(trx);
      }
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.dropIndex('feedback_team_journey_step_created_idx').execute();
      for (const table of [
        'feedback_day_counts',
        'walkthrough_removals',
        'score_rollup_cursors',
        'score_rollups',
        'score_facts',
      ]) {
        await trx.schema.dropTable(table).execute();
      }
    });
  },
};
