import { type Insertable, type Kysely, sql } from 'kysely';
import { nextChangeSeq } from './change-seq.ts';
import type { Database } from './database.ts';
import { toSafeInteger } from './normalise.ts';
import {
  ACCEPTED,
  decideRevisionedWrite,
  type RejectReason,
  rejected,
  type StoredRevision,
  settleLostRace,
  type WriteResult,
} from './write-result.ts';

/** The tables written by rev, each with the column that keys its records (targets: one set per journey). */
const KEY_COLUMN = {
  services: 'id',
  journeys: 'id',
  journey_targets: 'journey_id',
  walkthroughs: 'id',
} as const;

export type RevisionedTable = keyof typeof KEY_COLUMN;

/** The columns writeRevisioned fills in itself. */
type WriterColumns<T extends RevisionedTable> = (typeof KEY_COLUMN)[T] | 'team_id' | 'rev' | 'change_seq';

/**
 * Every other column of the table, nullable ones included: a newer rev replaces the stored record whole, and the
 * upsert updates exactly the columns given here, so leaving one out would keep its stale value.
 */
export type RevisionedRow<T extends RevisionedTable> = Required<Omit<Insertable<Database[T]>, WriterColumns<T>>>;

export type RevisionedWrite<T extends RevisionedTable> = {
  readonly table: T;
  readonly teamId: string;
  /** The record's key: `id`, or `journey_id` for journey_targets. */
  readonly id: string;
  readonly rev: number;
  readonly row: RevisionedRow<T>;
  /**
   * Checks that the records this one points at exist in the team. Runs inside the transaction, only once the rev
   * says the write goes ahead, and before the change sequence is taken; returns why to refuse, or undefined.
   */
  readonly references?: (trx: Kysely<Database>) => Promise<RejectReason | undefined>;
};

/** One of the four, with `row` matching `table`. */
type AnyRevisionedWrite = { [T in RevisionedTable]: RevisionedWrite<T> }[RevisionedTable];

async function storedRevision(
  db: Kysely<Database>,
  table: RevisionedTable,
  id: string,
): Promise<StoredRevision | undefined> {
  const row = await db
    .selectFrom(table)
    .select(['team_id', 'rev'])
    .where(KEY_COLUMN[table], '=', id)
    .executeTakeFirst();
  return row && { teamId: row.team_id, rev: toSafeInteger(row.rev, `${table}.rev`) };
}

/**
 * Stores the record when its rev is newer than the stored one, following decideRevisionedWrite: a same or older
 * rev is a duplicate that changes nothing (not even the change sequence, so a replay never makes a pull re-send
 * data), and another team's id is refused. An accepted write takes the team's next change sequence in the same
 * transaction.
 */
export async function writeRevisioned(db: Kysely<Database>, write: AnyRevisionedWrite): Promise<WriteResult> {
  const { table, teamId, id, rev, row, references } = write;
  const key = KEY_COLUMN[table];
  return db.transaction().execute(async (trx) => {
    const decision = decideRevisionedWrite(await storedRevision(trx, table, id), teamId, rev);
    if (decision !== 'write') return decision;
    const refused = await references?.(trx);
    if (refused !== undefined) return rejected(refused);
    const changeSeq = await nextChangeSeq(trx, teamId);
    const written = await trx
      .insertInto(table)
      .values({ [key]: id, team_id: teamId, rev, change_seq: changeSeq, ...row })
      // The guard repeats the decision inside the statement: a concurrent writer may have stored a newer rev, or
      // another team the same id, since we looked. Then nothing is written and we decide again from the winner,
      // so instances pushing the same record at once store it once.
      .onConflict((oc) =>
        oc
          .column(key)
          // Every column but the key and the team takes the new value.
          .doUpdateSet((eb) => ({
            rev: eb.ref('excluded.rev'),
            change_seq: eb.ref('excluded.change_seq'),
            ...Object.fromEntries(Object.keys(row).map((column) => [column, sql.ref(`excluded.${column}`)])),
          }))
          .where((eb) =>
            eb.and([
              eb(`${table}.team_id`, '=', eb.ref('excluded.team_id')),
              eb(`${table}.rev`, '<', eb.ref('excluded.rev')),
            ]),
          ),
      )
      .returning(key)
      .executeTakeFirst();
    if (written !== undefined) return ACCEPTED;
    return settleLostRace(await storedRevision(trx, table, id), teamId, rev);
  });
}
