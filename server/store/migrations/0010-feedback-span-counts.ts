import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * The customers' ratings per journey and 32-day span (issue 11; docs/decisions.md "Scores at a million
 * walkthroughs"). Frozen once released.
 *
 * An overview over two years summed 200 journeys x 730 days of feedback_day_counts (146,000 rows: 20 ms on a quiet
 * machine, 90 ms on a busy one). `feedback_span_counts` holds the same counts per span of 32 days starting at a
 * multiple of 32 (days since 1970-01-01), so a period sums its whole spans and only its ragged ends (under 32 days
 * each) from the day counts. A trigger on feedback_day_counts keeps it, in the rating's own transaction, whoever
 * writes the day counts: the spans always equal the sum of their days. Filled from the day counts already stored.
 */
const SPAN = 32;

export const feedbackSpanCountsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      const postgres = await isPostgres(trx);
      await trx.schema
        .createTable('feedback_span_counts')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('journey_id', 'text', (c) => c.notNull())
        .addColumn('start_day', 'integer', (c) => c.notNull())
        .addColumn('r1', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('r2', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('r3', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('r4', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('r5', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('feedback_span_counts_pkey', ['team_id', 'journey_id', 'start_day'])
        .execute();
      // The span of a day: floor(day / 32) * 32, written so that it also floors days before 1970.
      const spanOf = (day: string) => sql.raw(`${day} - ((${day} % ${SPAN}) + ${SPAN}) % ${SPAN}`);
      await sql`insert into feedback_span_counts (team_id, journey_id, start_day, r1, r2, r3, r4, r5)
        select team_id, journey_id, ${spanOf('day')}, sum(r1), sum(r2), sum(r3), sum(r4), sum(r5)
        from feedback_day_counts group by team_id, journey_id, ${spanOf('day')}`.execute(trx);
      const upsert = (r: (column: string) => string) =>
        sql.raw(`insert into feedback_span_counts (team_id, journey_id, start_day, r1, r2, r3, r4, r5)
          values (new.team_id, new.journey_id, ${spanOf('new.day').compile(trx).sql},
            ${['r1', 'r2', 'r3', 'r4', 'r5'].map(r).join(', ')})
          on conflict (team_id, journey_id, start_day) do update set
            ${['r1', 'r2', 'r3', 'r4', 'r5'].map((c) => `${c} = feedback_span_counts.${c} + excluded.${c}`).join(', ')}`);
      const added = upsert((c) => `new.${c}`);
      const changed = upsert((c) => `new.${c} - old.${c}`);
      if (postgres) {
        await sql`create function feedback_span_counts_follow() returns trigger language plpgsql as $$
          begin
            if tg_op = 'INSERT' then ${added}; else ${changed}; end if;
            return null;
          end $$`.execute(trx);
        await sql`create trigger feedback_day_counts_spans after insert or update on feedback_day_counts
          for each row execute function feedback_span_counts_follow()`.execute(trx);
      } else {
        await sql`create trigger feedback_day_counts_spans_insert after insert on feedback_day_counts
          begin ${added}; end`.execute(trx);
        await sql`create trigger feedback_day_counts_spans_update after update on feedback_day_counts
          begin ${changed}; end`.execute(trx);
      }
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      if (await isPostgres(trx)) {
        await sql`drop trigger feedback_day_counts_spans on feedback_day_counts`.execute(trx);
        await sql`drop function feedback_span_counts_follow()`.execute(trx);
      } else {
        await sql`drop trigger feedback_day_counts_spans_insert`.execute(trx);
        await sql`drop trigger feedback_day_counts_spans_update`.execute(trx);
      }
      await trx.schema.dropTable('feedback_span_counts').execute();
    });
  },
};

/**
 * Triggers are written in each database's own dialect; everything else here is the same SQL on both. The adapter
 * says which (Kysely marks getExecutor internal; the version is pinned, and a wrong answer fails the migration).
 */
const isPostgres = async (trx: Kysely<unknown>): Promise<boolean> =>
  trx.getExecutor().adapter instanceof PostgresAdapter;
