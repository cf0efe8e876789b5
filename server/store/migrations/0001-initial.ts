import { type Kysely, type Migration, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * The first schema. Frozen once released: later changes are new migrations, and the literal values below (enum
 * members, bounds) are copied rather than imported so that editing a shared constant cannot rewrite history.
 *
 * Portability rules for both SQLite and PostgreSQL: ids and timestamps are `text`, JSON is `text` (not jsonb,
 * which would reorder keys and lose byte-equality), booleans are 0/1 `integer`, anything that can pass 2^31 is
 * `bigint`. Records of a team reference each other through composite keys `(team_id, id)`, so the database itself
 * refuses a journey that points at another team's service; a null `journey_id` is not checked (MATCH SIMPLE).
 */
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createTable('teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await trx.schema
        .createTable('change_counters')
        .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id'))
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();

      await trx.schema
        .createTable('services')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('change_seq', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('archived', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('services_team_id_id_key', ['team_id', 'id'])
        .addCheckConstraint('services_archived_check', sql`archived in (0, 1)`)
        .execute();
      await trx.schema
        .createIndex('services_team_change_idx')
        .on('services')
        .columns(['team_id', 'change_seq'])
        .execute();

      await trx.schema
        .createTable('journeys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('change_seq', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('steps_json', 'text', (c) => c.notNull())
        .addColumn('archived', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('journeys_team_id_id_key', ['team_id', 'id'])
        .addForeignKeyConstraint('journeys_service_fkey', ['team_id', 'service_id'], 'services', ['team_id', 'id'])
        .addCheckConstraint('journeys_archived_check', sql`archived in (0, 1)`)
        .execute();
      await trx.schema
        .createIndex('journeys_team_change_idx')
        .on('journeys')
        .columns(['team_id', 'change_seq'])
        .execute();
      await trx.schema
        .createIndex('journeys_team_service_idx')
        .on('journeys')
        .columns(['team_id', 'service_id'])
        .execute();

      await trx.schema
        .createTable('journey_targets')
        .addColumn('journey_id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('change_seq', 'bigint', (c) => c.notNull())
        .addColumn('duration_threshold_ms', 'bigint', (c) => c.notNull())
        .addColumn('duration_share', 'double precision', (c) => c.notNull())
        .addColumn('completion_rate', 'double precision')
        .addColumn('csat', 'double precision')
        .addColumn('seq_mean', 'double precision')
        .addColumn('ces_mean', 'double precision')
        .addColumn('apdex_t_ms', 'bigint')
        .addColumn('min_samples', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('journey_targets_journey_fkey', ['team_id', 'journey_id'], 'journeys', [
          'team_id',
          'id',
        ])
        .execute();
      await trx.schema
        .createIndex('journey_targets_team_change_idx')
        .on('journey_targets')
        .columns(['team_id', 'change_seq'])
        .execute();

      await trx.schema
        .createTable('walkthroughs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('change_seq', 'bigint', (c) => c.notNull())
        .addColumn('journey_id', 'text')
        .addColumn('sampler_id', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('elapsed_ms', 'bigint', (c) => c.notNull())
        .addColumn('record_json', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('walkthroughs_journey_fkey', ['team_id', 'journey_id'], 'journeys', ['team_id', 'id'])
        .addCheckConstraint('walkthroughs_outcome_check', sql`outcome in ('completed', 'abandoned', 'failed')`)
        .execute();
      // Listing newest first (dashboard), per journey (scorecards), by change (pull), a sampler's own (pull).
      await trx.schema
        .createIndex('walkthroughs_team_started_idx')
        .on('walkthroughs')
        .columns(['team_id', 'started_at', 'id'])
        .execute();
      await trx.schema
        .createIndex('walkthroughs_team_journey_started_idx')
        .on('walkthroughs')
        .columns(['team_id', 'journey_id', 'started_at'])
        .execute();
      await trx.schema
        .createIndex('walkthroughs_team_change_idx')
        .on('walkthroughs')
        .columns(['team_id', 'change_seq'])
        .execute();
      await trx.schema
        .createIndex('walkthroughs_team_sampler_change_idx')
        .on('walkthroughs')
        .columns(['team_id', 'sampler_id', 'change_seq'])
        .execute();

      await trx.schema
        .createTable('feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('journey_id', 'text')
        .addColumn('step_id', 'text')
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('page_url', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('feedback_service_fkey', ['team_id', 'service_id'], 'services', ['team_id', 'id'])
        .addForeignKeyConstraint('feedback_journey_fkey', ['team_id', 'journey_id'], 'journeys', ['team_id', 'id'])
        .addCheckConstraint('feedback_rating_check', sql`rating between 1 and 5`)
        .execute();
      await trx.schema
        .createIndex('feedback_team_created_idx')
        .on('feedback')
        .columns(['team_id', 'created_at', 'id'])
        .execute();
      await trx.schema
        .createIndex('feedback_team_service_created_idx')
        .on('feedback')
        .columns(['team_id', 'service_id', 'created_at'])
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      for (const table of [
        'feedback',
        'walkthroughs',
        'journey_targets',
        'journeys',
        'services',
        'change_counters',
        'teams',
      ]) {
        await trx.schema.dropTable(table).execute();
      }
    });
  },
};
