import { type AttachmentDeclaration, MAX_ATTACHMENT_BYTES } from '../../shared/protocol/attachments.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { parseRow } from '../db/parse-rows.ts';
import { storedScreenshotSchema } from '../db/screenshot.ts';
import type { ScreenshotUpload } from '../db/screenshot-upload.ts';
import type { ApiFailure } from '../pairing/server-api.ts';
import { listPendingScreenshots, type PendingScreenshot } from './pending-screenshots.ts';
import type { ScreenshotAnswer, ScreenshotApi } from './screenshot-api.ts';

/**
 * Bytes one sync run may upload (it stops before the first chunk past it). Records go first in every run, and a
 * run stays short: 8 MiB is a few seconds on an office link; the rest goes with the next run (every 5 minutes,
 * or "Sync now").
 */
export const MAX_UPLOAD_BYTES_PER_RUN = 8 * 1024 * 1024;

/**
 * The server disagreed about the offset, or lost the upload, this often for one screenshot in one run: leave it
 * for the next run.
 */
const MAX_OFFSET_RESYNCS = 3;

export type UploadDeps = {
  db: JourneySamplerDb;
  /** Epoch ms, for the outcome rows' display times. */
  now: () => number;
  budgetBytes: number;
  /** Renews the sync lease before each request (run-sync's takeLease). */
  renewLease: () => Promise<unknown>;
};

export type UploadOutcome = { ok: true; uploaded: number; failed: number } | ApiFailure;

type OneOutcome = { ok: true; outcome: 'uploaded' | 'failed' | 'unfinished'; sent: number } | ApiFailure;

const toHex = (digest: ArrayBuffer): string =>
  Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Remembers how an upload ended, unless the screenshot was deleted meanwhile (its walkthrough deleted in History). */
const settle = (
  db: JourneySamplerDb,
  { screenshotId, walkthroughId }: PendingScreenshot,
  state: ScreenshotUpload['state'],
  at: string,
  reason?: string,
): Promise<void> =>
  db.transaction('rw', [db.screenshots, db.screenshotUploads], async () => {
    if ((await db.screenshots.where(':id').equals(screenshotId).count()) === 0) return;
    await db.screenshotUploads.put({
      attachmentId: screenshotId,
      walkthroughId,
      state,
      ...(reason === undefined ? {} : { reason: reason.slice(0, 2000) }),
      at,
    });
  });

/** The pending screenshots whose walkthrough the server has accepted: no outbox entry is left for it. */
const readUploadable = (db: JourneySamplerDb): Promise<PendingScreenshot[]> =>
  db.transaction('r', [db.screenshots, db.screenshotUploads, db.walkthroughs, db.outbox], async () => {
    const pending = await listPendingScreenshots(db);
    if (pending.length === 0) return [];
    const walkthroughIds = [...new Set(pending.map((a) => a.walkthroughId))];
    const queued = new Set(await db.outbox.where('recordId').anyOf(walkthroughIds).keys());
    return pending.filter((a) => !queued.has(a.walkthroughId));
  });

/**
 * Uploads one screenshot from wherever the server stands, chunk by chunk, until it is complete, refused, or the
 * budget is spent. The whole screenshot is read once (at most 20 MiB) to hash it; chunks are views of that copy.
 */
const uploadOne = async (
  deps: UploadDeps,
  api: ScreenshotApi,
  item: PendingScreenshot,
  budget: number,
): Promise<OneOutcome> => {
  const { db } = deps;
  let sent = 0;
  const at = () => new Date(deps.now()).toISOString();
  const fail = async (reason: string): Promise<OneOutcome> => {
    await settle(db, item, 'failed', at(), reason);
    return { ok: true, outcome: 'failed', sent };
  };

  const row: unknown = await db.screenshots.get(item.screenshotId);
  if (row === undefined) return { ok: true, outcome: 'unfinished', sent };
  const parsed = parseRow(storedScreenshotSchema, row);
  if (!parsed.ok) return fail(`unreadable: the copy on this device cannot be read (${parsed.message})`);
  const { blob, type } = parsed.value;
  if (blob.size === 0 || blob.size > MAX_ATTACHMENT_BYTES)
    return fail(`this screenshot is ${blob.size} bytes; a screenshot must hold 1–${MAX_ATTACHMENT_BYTES} bytes`);
  const data = new Uint8Array(await blob.arrayBuffer());
  const declaration: AttachmentDeclaration = {
    protocolVersion: PROTOCOL_VERSION,
    walkthroughId: item.walkthroughId,
    type,
    bytes: data.byteLength,
    sha256: toHex(await crypto.subtle.digest('SHA-256', data)),
  };

  // Declaring is idempotent and answers the server's offset: the same call starts an upload and resumes one
  // (after a stopped worker, a lost answer or a dropped network), so no chunk the server holds is sent again.
  await deps.renewLease();
  let answer: ScreenshotAnswer = await api.declare(item.screenshotId, declaration);
  let resyncs = 0;
  for (;;) {
    if (!answer.ok) {
      if (answer.kind === 'refused') return fail(answer.message);
      if (answer.kind !== 'offset-mismatch' && answer.kind !== 'not-declared') return answer;
      // Declaring again says where the server stands: at the offset it holds, or, when the server purged this
      // upload as abandoned, at byte 0 of a fresh one. Never marked failed for that: the screenshot is still here.
      resyncs += 1;
      if (resyncs > MAX_OFFSET_RESYNCS) return { ok: true, outcome: 'unfinished', sent };
      await deps.renewLease();
      answer = await api.declare(item.screenshotId, declaration);
      continue;
    }
    const { status } = answer;
    if (status.complete) {
      await settle(db, item, 'uploaded', at());
      return { ok: true, outcome: 'uploaded', sent };
    }
    if (sent >= budget) return { ok: true, outcome: 'unfinished', sent };
    const chunk = data.slice(status.offset, Math.min(status.offset + status.maxChunkBytes, data.byteLength));
    await deps.renewLease();
    sent += chunk.byteLength;
    answer = await api.append(item.screenshotId, status.offset, chunk);
  }
};

/**
 * The screenshot phase of a sync run: screenshots of walkthroughs the server has accepted, oldest first, at most
 * `budgetBytes` per run. A screenshot the server refuses for good is marked failed (needs attention) and the
 * next one goes on; a failure of the server or the network ends the phase, to be resumed by the next run.
 */
export const uploadScreenshots = async (deps: UploadDeps, api: ScreenshotApi): Promise<UploadOutcome> => {
  let budget = deps.budgetBytes;
  let uploaded = 0;
  let failed = 0;
  for (const item of await readUploadable(deps.db)) {
    if (budget <= 0) break;
    const result = await uploadOne(deps, api, item, budget);
    if (!result.ok) return result;
    budget -= result.sent;
    if (result.outcome === 'uploaded') uploaded += 1;
    if (result.outcome === 'failed') failed += 1;
  }
  return { ok: true, uploaded, failed };
};
