import { type Kysely, type Migration, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * Attachments (screenshots) and their bytes. Frozen once released, like 0001; the media types and the 20 MiB
 * ceiling below are copied from shared/protocol/attachments.ts, not imported.
 *
 * An attachment belongs to a walkthrough of the same team through the composite key `(team_id, walkthrough_id)`,
 * and its chunks to it through `(team_id, attachment_id)`: the database itself refuses a screenshot filed under
 * another team's walkthrough. walkthroughs had no unique key on `(team_id, id)` to point at, so one is added
 * (the id alone is already unique, so no existing row can violate it).
 *
 * Chunk bytes are `bytea`. PostgreSQL needs that name; SQLite takes any type name, and under the NUMERIC
 * affinity it gives `bytea` a bound Buffer is stored as a BLOB, unchanged (only TEXT is ever converted).
 */
export const attachmentsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createIndex('walkthroughs_team_id_id_key')
        .on('walkthroughs')
        .columns(['team_id', 'id'])
        .unique()
        .execute();

      await trx.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('walkthrough_id', 'text', (c) => c.notNull())
        .addColumn('uploader_id', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addUniqueConstraint('attachments_team_id_id_key', ['team_id', 'id'])
        .addForeignKeyConstraint('attachments_walkthrough_fkey', ['team_id', 'walkthrough_id'], 'walkthroughs', [
          'team_id',
          'id',
        ])
        .addForeignKeyConstraint('attachments_uploader_fkey', ['team_id', 'uploader_id'], 'users', ['team_id', 'id'])
        .addCheckConstraint('attachments_media_type_check', sql`media_type in ('image/png', 'image/jpeg')`)
        .addCheckConstraint('attachments_bytes_check', sql`bytes between 1 and 20971520`)
        .addCheckConstraint('attachments_received_check', sql`received between 0 and bytes`)
        .addCheckConstraint('attachments_completed_check', sql`completed_at is null or received = bytes`)
        .execute();
      // A walkthrough's screenshots, for the dashboard.
      await trx.schema
        .createIndex('attachments_team_walkthrough_idx')
        .on('attachments')
        .columns(['team_id', 'walkthrough_id'])
        .execute();

      await trx.schema
        .createTable('attachment_chunks')
        .addColumn('attachment_id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('start_byte', 'integer', (c) => c.notNull())
        .addColumn('data', 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint('attachment_chunks_pkey', ['attachment_id', 'start_byte'])
        .addForeignKeyConstraint('attachment_chunks_attachment_fkey', ['team_id', 'attachment_id'], 'attachments', [
          'team_id',
          'id',
        ])
        .addCheckConstraint('attachment_chunks_start_check', sql`start_byte >= 0`)
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.dropTable('attachment_chunks').execute();
      await trx.schema.dropTable('attachments').execute();
      await trx.schema.dropIndex('walkthroughs_team_id_id_key').execute();
    });
  },
};
