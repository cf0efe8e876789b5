import { type Kysely, sql } from 'kysely';
import { type Feedback, feedbackSchema } from '../../../shared/schemas/feedback.ts';
import type { Database } from '../core/database.ts';
import { type Page, type PageOptions, selectPage } from '../core/page.ts';
import { journeyExists, serviceExists, toFeedback } from '../core/record-rows.ts';
import type { StoreContext } from '../core/store-context.ts';
import { ACCEPTED, DUPLICATE, rejected, type WriteResult } from '../core/write-result.ts';
import { dayOf } from '../scores/days.ts';

/**
 * Stores one customer rating. Feedback is immutable: a second insert with a known id (a widget retry) is a
 * duplicate and changes nothing. The service, and the journey when named, must belong to the team. The step is
 * not checked against the journey's current steps: a step removed in a later journey rev was real when rated.
 */
export async function insertFeedback({ db }: StoreContext, teamId: string, input: Feedback): Promise<WriteResult> {
  const feedback = feedbackSchema.parse(input);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('feedback')
      .select('team_id')
      .where('id', '=', feedback.id)
      .executeTakeFirst();
    if (existing !== undefined) return existing.team_id === teamId ? DUPLICATE : rejected('id_in_use');
    if (!(await serviceExists(trx, teamId, feedback.serviceId))) return rejected('unknown_service');
    if (feedback.journeyId !== undefined && !(await journeyExists(trx, teamId, feedback.journeyId))) {
      return rejected('unknown_journey');
    }
    const inserted = await trx
      .insertInto('feedback')
      .values({
        id: feedback.id,
        team_id: teamId,
        service_id: feedback.serviceId,
        journey_id: feedback.journeyId ?? null,
        step_id: feedback.stepId ?? null,
        rating: feedback.rating,
        comment: feedback.comment ?? null,
        page_url: feedback.pageUrl,
        created_at: feedback.createdAt,
      })
      // A concurrent insert of the same id may have committed since we looked: then this one is the duplicate.
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) {
      if (feedback.journeyId !== undefined) await countRating(trx, teamId, feedback.journeyId, feedback);
      return ACCEPTED;
    }
    const winner = await trx.selectFrom('feedback').select('team_id').where('id', '=', feedback.id).executeTakeFirst();
    return winner?.team_id === teamId ? DUPLICATE : rejected('id_in_use');
  });
}

/**
 * Counts a new rating in its journey's day (feedback_day_counts), in the rating's own transaction: the customer's
 * CSAT over a period sums these instead of reading every rating.
 */
async function countRating(
  trx: Kysely<Database>,
  teamId: string,
  journeyId: string,
  { rating, createdAt }: Pick<Feedback, 'rating' | 'createdAt'>,
): Promise<void> {
  const column = `r${rating}` as 'r1' | 'r2' | 'r3' | 'r4' | 'r5';
  await trx
    .insertInto('feedback_day_counts')
    .values({ team_id: teamId, journey_id: journeyId, day: dayOf(createdAt), [column]: 1 })
    .onConflict((oc) =>
      oc
        .columns(['team_id', 'journey_id', 'day'])
        .doUpdateSet({ [column]: sql<number>`feedback_day_counts.${sql.ref(column)} + 1` }),
    )
    .execute();
}

export type ListFeedbackOptions = PageOptions & { readonly serviceId?: string };

/** A team's feedback, newest first, one bounded page at a time. */
export async function listFeedback(
  { db }: StoreContext,
  teamId: string,
  options: ListFeedbackOptions = {},
): Promise<Page<Feedback>> {
  let query = db.selectFrom('feedback').selectAll().where('team_id', '=', teamId);
  if (options.serviceId !== undefined) query = query.where('service_id', '=', options.serviceId);
  return selectPage(query, 'created_at', options, toFeedback);
}
