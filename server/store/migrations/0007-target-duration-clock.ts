import { type Kysely, type Migration, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * Which clock a journey's duration target judges (issue 11): `active` (pauses the sampler could not control taken
 * out, the SLA's clock) or `elapsed` (everything the customer waited through). A field of the targets, versioned
 * with them. Every row stored before this migration gets `active`, the meaning targets had until now, so an
 * existing target keeps judging what it judged. Frozen once released.
 */
export const targetDurationClockMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .alterTable('journey_targets')
        .addColumn('duration_clock', 'text', (c) =>
          c.notNull().defaultTo('active').check(sql`duration_clock in ('active', 'elapsed')`),
        )
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.alterTable('journey_targets').dropColumn('duration_clock').execute();
    });
  },
};
