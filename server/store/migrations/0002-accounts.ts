import { type Kysely, type Migration, sql } from 'kysely';
import { inTransaction } from './in-transaction.ts';

/**
 * Accounts: users, personal access tokens, dashboard sessions and one-time sign-in codes. Frozen once released,
 * like 0001; the role names below are copied, not imported.
 *
 * No secret is stored: tokens, session ids and sign-in codes are kept as SHA-256 hex digests (see
 * server/store/accounts/secret.ts). Users, tokens, sessions and codes reference their user through `(team_id, user_id)`,
 * so the database itself refuses a token whose team differs from its user's.
 */
export const accountsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      // Teams are looked up by name (the admin command, the first start's "Default"): one team per name.
      await trx.schema.createIndex('teams_name_key').on('teams').column('name').unique().execute();

      await trx.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addUniqueConstraint('users_team_id_id_key', ['team_id', 'id'])
        .addUniqueConstraint('users_team_id_name_key', ['team_id', 'name'])
        .addCheckConstraint('users_role_check', sql`role in ('staff', 'lead', 'admin')`)
        .execute();
      await trx.schema.createIndex('users_role_idx').on('users').column('role').execute();

      await trx.schema
        .createTable('access_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('hint', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .addForeignKeyConstraint('access_tokens_user_fkey', ['team_id', 'user_id'], 'users', ['team_id', 'id'])
        .addCheckConstraint('access_tokens_role_check', sql`role in ('staff', 'lead', 'admin')`)
        .execute();
      await trx.schema
        .createIndex('access_tokens_team_user_idx')
        .on('access_tokens')
        .columns(['team_id', 'user_id'])
        .execute();

      await trx.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        // A session opened with a pasted token ends when that token is revoked.
        .addColumn('token_id', 'text', (c) => c.references('access_tokens.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('sessions_user_fkey', ['team_id', 'user_id'], 'users', ['team_id', 'id'])
        .addCheckConstraint('sessions_role_check', sql`role in ('staff', 'lead', 'admin')`)
        .execute();
      await trx.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

      await trx.schema
        .createTable('sign_in_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addForeignKeyConstraint('sign_in_codes_user_fkey', ['team_id', 'user_id'], 'users', ['team_id', 'id'])
        .execute();
    });
  },

  async down(db: Kysely<unknown>) {
    await inTransaction(db, async (trx) => {
      for (const table of ['sign_in_codes', 'sessions', 'access_tokens', 'users']) {
        await trx.schema.dropTable(table).execute();
      }
      await trx.schema.dropIndex('teams_name_key').execute();
    });
  },
};
