import { err, ok, type Result } from '../../shared/domain/result.ts';
import { pushRejectCode } from '../../shared/protocol/push-reject.ts';
import {
  type Journey,
  journeySchema,
  serviceSchema,
  type Walkthrough,
  walkthroughSchema,
} from '../../shared/schemas/index.ts';
import type { JourneySamplerDb } from '../db/journey-sampler-db.ts';
import { readLocalCatalog } from '../db/local-catalog-setting.ts';
import { type OutboxEntry, outboxEntrySchema } from '../db/outbox-entry.ts';
import { readPairing } from '../db/pairing-setting.ts';
import { parseRow, parseRows } from '../db/parse-rows.ts';

/**
 * Fixing walkthroughs the server refused as `unknown_journey`: the journey they name was made on this device
 * (extension/catalog/local-catalog.ts) and the team's server has never heard of it. Retry cannot help; these
 * can: assign the walkthrough to one of the team's journeys, keep it as ad-hoc, or (a lead) add the local
 * journey to the team's catalog. Each is explicit, changes the record as a new rev and queues it again.
 */

/** A team journey the sampler may assign a walkthrough to, as the picker shows it. */
export type JourneyChoice = { id: string; name: string; serviceName: string | null };
export type ServiceChoice = { id: string; name: string };

/** A refused walkthrough whose journey the server does not know. */
export type UnknownJourneyFix = {
  recordId: string;
  /** The journey made on this device that the walkthrough names, while it is still here. */
  localJourney: { id: string; name: string } | null;
};

export type AttentionFixes = {
  /** By record id; only walkthroughs refused as `unknown_journey`. */
  unknownJourney: Record<string, UnknownJourneyFix>;
  /** The paired team's journeys (pulled), not archived, by service and name. Empty when not paired. */
  journeys: JourneyChoice[];
  /** The paired team's services that can take a new journey (not archived), by name. */
  services: ServiceChoice[];
  /** Paired as a lead or admin: may add a local journey to the team's catalog. */
  canAddToCatalog: boolean;
};

export type FixError = { kind: 'gone' | 'not-a-team-journey' | 'invalid'; message: string };

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The outbox entries the server refused as `unknown_journey`; inside a transaction over `outbox`. */
const refusedAsUnknownJourney = async (db: JourneySamplerDb): Promise<OutboxEntry[]> =>
  parseRows(outboxEntrySchema, await db.outbox.toArray()).values.filter(
    (entry) => entry.rejection !== undefined && pushRejectCode(entry.rejection.reason) === 'unknown_journey',
  );

/** What the needs-attention list offers for each refused walkthrough; run it inside liveQuery to follow changes. */
export const readAttentionFixes = (db: JourneySamplerDb): Promise<AttentionFixes> =>
  db.transaction('r', [db.settings, db.outbox, db.walkthroughs, db.journeys, db.services], async () => {
    const pairing = await readPairing(db);
    const local = await readLocalCatalog(db);
    const teamId = pairing.status === 'paired' ? pairing.pairing.teamId : null;
    const entries = await refusedAsUnknownJourney(db);
    const records = parseRows(walkthroughSchema, await db.walkthroughs.bulkGet(entries.map((e) => e.recordId)));
    const journeys = parseRows(journeySchema, await db.journeys.toArray()).values;
    const services = parseRows(serviceSchema, await db.services.toArray()).values;
    const serviceNames = new Map(services.map((s) => [s.id, s.name]));
    const localJourneys = new Map(
      journeys.filter((j) => local !== null && j.serviceId === local.serviceId).map((j) => [j.id, j]),
    );

    const unknownJourney: Record<string, UnknownJourneyFix> = {};
    for (const entry of entries) {
      const record = records.values.find((w) => w.id === entry.recordId);
      const journey = record?.journeyId == null ? undefined : localJourneys.get(record.journeyId);
      unknownJourney[entry.recordId] = {
        recordId: entry.recordId,
        localJourney: journey === undefined ? null : { id: journey.id, name: journey.name },
      };
    }
    return {
      unknownJourney,
      // Only the paired team's: journeys cached from an earlier pairing would be refused just the same.
      journeys: journeys
        .filter((j) => teamId !== null && j.teamId === teamId && !j.archived)
        .map((j) => ({ id: j.id, name: j.name, serviceName: serviceNames.get(j.serviceId) ?? null }))
        .sort((a, b) => byName.compare(a.serviceName ?? '', b.serviceName ?? '') || byName.compare(a.name, b.name)),
      services: services
        .filter((s) => teamId !== null && s.teamId === teamId && !s.archived)
        .map((s) => ({ id: s.id, name: s.name }))
        .sort((a, b) => byName.compare(a.name, b.name)),
      canAddToCatalog: pairing.status === 'paired' && pairing.pairing.role !== 'staff',
    };
  });

/** Back in the push queue at `rev`, no longer needing attention. */
const requeue = async (db: JourneySamplerDb, recordId: string, rev: number, now: Date): Promise<void> => {
  const entry = await db.outbox.where('recordId').equals(recordId).first();
  if (entry === undefined) {
    await db.outbox.add({ type: 'walkthrough', recordId, rev, queuedAt: now.toISOString() });
    return;
  }
  const { rejection: _rejection, ...rest } = entry;
  await db.outbox.put({ ...rest, rev, queuedAt: now.toISOString() });
};

/**
 * Rewrites a stored walkthrough with `change`, as a new rev, and queues it again, in one transaction. The result
 * is checked with the shared schema before it is written.
 */
const rewrite = (
  db: JourneySamplerDb,
  recordId: string,
  now: Date,
  change: (walkthrough: Walkthrough) => Promise<Result<Walkthrough, FixError>>,
): Promise<Result<Walkthrough, FixError>> =>
  db.transaction('rw', [db.walkthroughs, db.outbox, db.journeys, db.settings], async () => {
    const stored = parseRow(walkthroughSchema, await db.walkthroughs.get(recordId));
    if (!stored.ok) {
      return err({ kind: 'gone', message: 'This walkthrough is no longer on this device, or cannot be read.' });
    }
    const changed = await change(stored.value);
    if (!changed.ok) return changed;
    const next = walkthroughSchema.safeParse({ ...changed.value, rev: stored.value.rev + 1 });
    if (!next.success) return err({ kind: 'invalid', message: next.error.issues[0]?.message ?? 'not valid' });
    await db.walkthroughs.put(next.data);
    await requeue(db, recordId, next.data.rev, now);
    return ok(next.data);
  });

const stepKey = (name: string): string => name.trim().toLocaleLowerCase();

/**
 * "Assign to a journey": the walkthrough becomes a sample of one of the team's journeys. Step marks keep their
 * names and times; each is tied to the journey's step of the same name (ignoring case), or to none (then it
 * counts by name, like an ad-hoc step). Only a pulled journey of the paired team, not archived, will do.
 */
export const assignToJourney = (
  db: JourneySamplerDb,
  recordId: string,
  journeyId: string,
  now: Date,
): Promise<Result<Walkthrough, FixError>> =>
  rewrite(db, recordId, now, async (walkthrough) => {
    const pairing = await readPairing(db);
    const journey = parseRow(journeySchema, await db.journeys.get(journeyId));
    if (
      !journey.ok ||
      journey.value.archived ||
      pairing.status !== 'paired' ||
      journey.value.teamId !== pairing.pairing.teamId
    ) {
      return err({
        kind: 'not-a-team-journey',
        message: "That journey is not in the team's catalog (any more): sync, then pick again.",
      });
    }
    const steps = new Map(journey.value.steps.map((step) => [stepKey(step.name), step.id]));
    return ok({
      ...walkthrough,
      journeyId: journey.value.id,
      journeyName: journey.value.name,
      stepMarks: walkthrough.stepMarks.map((mark) => ({ ...mark, stepId: steps.get(stepKey(mark.name)) ?? null })),
    });
  });

/**
 * "Keep as ad-hoc": the walkthrough names no journey any more (the server accepts that); its journey name and
 * step names stay, so it still reads as what it was.
 */
export const keepAsAdHoc = (
  db: JourneySamplerDb,
  recordId: string,
  now: Date,
): Promise<Result<Walkthrough, FixError>> =>
  rewrite(db, recordId, now, async (walkthrough) =>
    ok({
      ...walkthrough,
      journeyId: null,
      stepMarks: walkthrough.stepMarks.map((mark) => ({ ...mark, stepId: null })),
    }),
  );

/**
 * After "Add to the team catalog": `journey` is the server's copy of what was a local journey (same id and step
 * ids, now in a team service). Stores it in place of the local one and queues again every walkthrough refused
 * because the server did not know it; they need no change, the server knows the journey now. Returns how many.
 */
export const requeueForJourney = (db: JourneySamplerDb, journey: Journey, now: Date): Promise<number> =>
  db.transaction('rw', [db.journeys, db.outbox, db.walkthroughs], async () => {
    await db.journeys.put(journey);
    const entries = await refusedAsUnknownJourney(db);
    const records = parseRows(walkthroughSchema, await db.walkthroughs.bulkGet(entries.map((e) => e.recordId)));
    const naming = records.values.filter((w) => w.journeyId === journey.id);
    for (const walkthrough of naming) await requeue(db, walkthrough.id, walkthrough.rev, now);
    return naming.length;
  });
