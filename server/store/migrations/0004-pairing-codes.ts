import { type Kysely, type Migration, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * One-time pairing codes (shared/protocol/pairing.ts): a code in a pairing link is exchanged once, within ten
 * minutes, for a new access token of its user. Frozen once released, like the migrations before it; role names
 * are copied, not imported.
 *
 * Kept as SHA-256 hex like every other secret (server/store/accounts/secret.ts). `role` is the role the token will carry
 * (at most the user's, chosen by whoever minted the link); `token_id` records the token a redeemed code made, so
 * a lead can trace a device's token back to the link that paired it.
 */
export const pairingCodesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema
        .createTable('pairing_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('token_id', 'text', (c) => c.references('access_tokens.id'))
        .addForeignKeyConstraint('pairing_codes_user_fkey', ['team_id', 'user_id'], 'users', ['team_id', 'id'])
        .addCheckConstraint('pairing_codes_role_check', sql`role in ('staff', 'lead', 'admin')`)
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      await trx.schema.dropTable('pairing_codes').execute();
    });
  },
};
