import type { Role } from '../../../shared/protocol/accounts.ts';
import type { Journey, Walkthrough } from '../../../shared/schemas/index.ts';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { makeService } from '../../../tests/fixtures/make-service.ts';
import { makeWalkthroughOfJourney } from '../../../tests/fixtures/make-walkthrough.ts';
import { FIXTURE_EPOCH_MS, FIXTURE_IDS, type IdGenerator } from '../../../tests/fixtures/seeded-ids.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { savePairing } from '../../db/pairing-setting.ts';
import { serverUrlSchema } from '../../db/server-url.ts';
import { queueWalkthrough } from '../../db/testing/queue-walkthrough.ts';
import { saveJourney } from '../local-catalog.ts';

const AT = new Date(FIXTURE_EPOCH_MS).toISOString();

/** A walkthrough of `journey` with one mark per step, as refused by the server with `reason`. */
export const recordRefused = async (
  db: JourneySamplerDb,
  journey: Journey,
  reason: string,
  ids: IdGenerator,
): Promise<Walkthrough> => {
  const walkthrough = makeWalkthroughOfJourney(journey, ids);
  return queueWalkthrough(db, walkthrough, AT, { reason, rev: walkthrough.rev, at: AT });
};

/**
 * A journey made on this device, "Order a laptop", with the steps "Open the portal" and "Submit the order"
 * (`submitUrlPatterns` on the second), saved as the side panel saves one at `nowMs`.
 */
export const saveLaptopJourney = async (
  db: JourneySamplerDb,
  ids: IdGenerator,
  nowMs: number,
  submitUrlPatterns = '',
): Promise<Journey> => {
  const saved = await saveJourney(
    db,
    {
      id: null,
      name: 'Order a laptop',
      description: '',
      steps: [
        { id: ids(), name: 'Open the portal', urlPatterns: '' },
        { id: ids(), name: 'Submit the order', urlPatterns: submitUrlPatterns },
      ],
    },
    { newId: ids, now: () => new Date(nowMs) },
  );
  if (!saved.ok) throw new Error('a valid draft');
  return saved.value;
};

/**
 * A device paired (as `role`) with the fixture team, which has pulled the team's journey "Reset my password"
 * (service "Self-service portal"), with a journey made here, "Order a laptop" (steps "Open the portal" and
 * "Submit the order"), and a walkthrough of it the server refused as unknown_journey, plus one refused for
 * another reason (not_owner).
 */
export const seedRefusedWalkthroughs = async (db: JourneySamplerDb, ids: IdGenerator, role: Role = 'staff') => {
  await savePairing(db, {
    serverUrl: serverUrlSchema.parse('https://journeys.example.com'),
    token: `jsp_${'t'.repeat(43)}`,
    userId: FIXTURE_IDS.samplerId,
    userName: 'Sam',
    role,
    teamId: FIXTURE_IDS.teamId,
    teamName: 'Service desk',
  });
  const team = makeJourney();
  await db.services.put(makeService());
  await db.journeys.put(team);
  const local = await saveLaptopJourney(db, ids, FIXTURE_EPOCH_MS);
  const refused = await recordRefused(db, local, 'unknown_journey: the journey is not in your team', ids);
  const otherwise = await recordRefused(db, local, 'not_owner: another sampler owns this id', ids);
  return { team, local, refused, otherwise };
};
