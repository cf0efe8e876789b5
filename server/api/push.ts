import { Hono } from 'hono';
import type { z } from 'zod';
import { type PushResponse, type PushResult, pushRequestSchema } from '../../shared/protocol/push.ts';
import type { PushRejectCode } from '../../shared/protocol/push-reject.ts';
import { idSchema } from '../../shared/schemas/common.ts';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from '../config.ts';
import type { AppEnv } from '../env.ts';
import type { CatalogRoutesDeps } from '../http/catalog-deps.ts';
import { syncBody } from '../http/sync-body.ts';
import { limitBody } from '../middleware/body-limit.ts';
import type { PushRejectReason, PushWriteResult } from '../store/push/push-batch.ts';

/** The reason field's limit (pushResultSchema). */
const MAX_REASON = 2000;
const MAX_ISSUES_IN_REASON = 5;

const REASON_TEXT: Readonly<Record<PushRejectReason, string>> = {
  sampler_mismatch: 'the walkthrough names another sampler than the user this token belongs to',
  not_owner: 'a walkthrough with this id belongs to another sampler',
  id_in_use: 'the id belongs to a record of another team',
  unknown_journey: "the journey is not in your team's catalog",
  unknown_service: "the service is not in your team's catalog",
  team_mismatch: 'the record names another team',
};

const reason = (code: PushRejectCode, text: string): string => {
  const full = `${code}: ${text}`;
  return full.length <= MAX_REASON ? full : `${full.slice(0, MAX_REASON - 1)}…`;
};

function invalidReason(error: z.ZodError): string {
  const issues = error.issues.slice(0, MAX_ISSUES_IN_REASON).map((issue) => {
    // Paths are the walkthrough's own (`journeyName`), as the client knows them.
    const path = issue.path.map(String).join('.');
    return `${path === '' ? '(record)' : path}: ${issue.message}`;
  });
  const more =
    error.issues.length > MAX_ISSUES_IN_REASON ? `; and ${error.issues.length - MAX_ISSUES_IN_REASON} more` : '';
  return reason('invalid_record', `${issues.join('; ')}${more}`);
}

/** The id of a record too malformed to parse, when it still carries a valid one, so the client can match it. */
function idOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || !('id' in data)) return null;
  const parsed = idSchema.safeParse(data.id);
  return parsed.success ? parsed.data : null;
}

function toPushResult(index: number, walkthrough: Walkthrough, written: PushWriteResult): PushResult {
  return written.status === 'rejected'
    ? { id: walkthrough.id, index, status: 'rejected', reason: reason(written.reason, REASON_TEXT[written.reason]) }
    : { id: walkthrough.id, index, status: written.status, rev: written.rev };
}

/**
 * `POST /sync/push`: a batch from the extension's outbox (<= 500 records, <= 1 MB plus the envelope, else 413
 * whatever BODY_LIMIT_BYTES says). The envelope must parse as a whole (else 400); each record is then parsed on
 * its own, so a bad one is rejected with its reason while the others still land. Every record gets an answer at
 * its index: accepted (stored; `rev` is the rev stored), duplicate (the server already holds this rev or a newer
 * one, given as `rev`; nothing changed) or rejected (`reason` is `<code>: <text>`, see push-reject.ts). The
 * records are the caller's own walkthroughs: see applyPushBatch (store/push/push-batch.ts) for the sampler rule and
 * why a replay changes nothing. Every record it writes remembers the body's `clientId`, so that device's pulls
 * leave it out (pull.ts). The batch lands whole or not at all; on SQLite it shares its transaction with the
 * pushes that arrived with it (store/push/group-commit.ts), and the answer waits for that commit.
 */
export const pushRoutes = ({ store }: CatalogRoutesDeps) =>
  new Hono<AppEnv>().post(
    '/push',
    limitBody({ maxBytes: DEFAULT_BODY_LIMIT_BYTES }),
    syncBody(pushRequestSchema),
    async (c) => {
      const caller = c.get('caller');
      const { protocolVersion, clientId, records } = c.req.valid('json');
      const results: (PushResult | undefined)[] = Array.from({ length: records.length }, () => undefined);
      const valid: { readonly index: number; readonly walkthrough: Walkthrough }[] = [];
      // One schema pass per record, over its data (the envelope's parse has checked `{type, data}` already):
      // pushRecordSchema's meaning, without parsing each record's envelope twice at ingest speed.
      records.forEach((record, index) => {
        if (record.type !== 'walkthrough') {
          results[index] = {
            id: idOf(record.data),
            index,
            status: 'rejected',
            reason: reason('invalid_record', `unknown record type ${JSON.stringify(record.type)}`),
          };
          return;
        }
        const parsed = walkthroughSchema.safeParse(record.data);
        if (parsed.success) valid.push({ index, walkthrough: parsed.data });
        else results[index] = { id: idOf(record.data), index, status: 'rejected', reason: invalidReason(parsed.error) };
      });
      const written = await store.pushWalkthroughs({
        teamId: caller.teamId,
        samplerId: caller.userId,
        clientId,
        walkthroughs: valid.map(({ walkthrough }) => walkthrough),
      });
      written.forEach((result, i) => {
        const entry = valid[i];
        if (entry !== undefined) results[entry.index] = toPushResult(entry.index, entry.walkthrough, result);
      });
      const body: PushResponse = {
        // Answered in the version asked (syncBody let through only ones this server speaks).
        protocolVersion,
        results: results.map((result, index) => {
          if (result === undefined) throw new Error(`push record ${index} got no answer`);
          return result;
        }),
      };
      return c.json(body, 200);
    },
  );
