import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journeyListResponseSchema, serviceListResponseSchema } from '../../shared/protocol/catalog.ts';
import { journeySchema } from '../../shared/schemas/journey.ts';
import { journeyTargetsSchema } from '../../shared/schemas/journey-targets.ts';
import { serviceSchema } from '../../shared/schemas/service.ts';
import { createIdGenerator } from '../fixtures/seeded-ids.ts';
import { type Client, client, envelope, openTwoTeams, type SeededTeam } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';

const ids = createIdGenerator(0xca7a1);

const STEPS = [
  { name: 'Open the portal', urlPatterns: ['https://portal.example.com/*'] },
  { name: 'Verify identity', urlPatterns: [] },
];

describe.each(storeFactories())('catalog API on $kind', ({ open }) => {
  let opened: OpenedStore;
  let teamA: SeededTeam;
  let teamB: SeededTeam;
  let leadA: Client;
  let staffA: Client;
  let leadB: Client;

  beforeEach(async () => {
    const setUp = await openTwoTeams(open);
    ({ opened, teamA, teamB } = setUp);
    const { app } = setUp;
    leadA = client(app, teamA.lead.token);
    staffA = client(app, teamA.staff.token);
    leadB = client(app, teamB.lead.token);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const createService = async (as: Client = leadA, body: object = { name: 'Portal' }) => {
    const created = await as.post('/services', body);
    expect(created.status).toBe(201);
    return serviceSchema.parse(created.body);
  };

  const createJourney = async (serviceId: string, as: Client = leadA) => {
    const created = await as.post('/journeys', { serviceId, name: 'Reset my password', steps: STEPS });
    expect(created.status).toBe(201);
    return journeySchema.parse(created.body);
  };

  describe('services', () => {
    it('creates with a server-made UUIDv7 at rev 1 in the caller team, and lists and reads it', async () => {
      const service = await createService(leadA, { name: '  Portal  ', description: 'Self-service' });
      expect(service).toMatchObject({ teamId: teamA.teamId, rev: 1, name: 'Portal', description: 'Self-service' });
      expect(service.archived).toBe(false);

      const list = serviceListResponseSchema.parse((await staffA.get('/services')).body);
      expect(list.services).toStrictEqual([service]);
      expect((await staffA.get(`/services/${service.id}`)).body).toStrictEqual(service);
    });

    it('takes a client-made id once; creating it again is 409, never an overwrite', async () => {
      const id = ids();
      const service = await createService(leadA, { id, name: 'Portal' });
      expect(service.id).toBe(id);
      const again = await leadA.post('/services', { id, name: 'Other' });
      expect(again.status).toBe(409);
      expect(envelope(again).code).toBe('conflict');
      // Another team cannot take the id either, and learns nothing more than "in use".
      expect((await leadB.post('/services', { id, name: 'Mine' })).status).toBe(409);
      expect((await staffA.get(`/services/${id}`)).body).toStrictEqual(service);
    });

    it('an edit names the rev it started from: the server stamps the next rev, a stale rev is 409', async () => {
      const service = await createService();
      const edited = await leadA.put(`/services/${service.id}`, { rev: 1, name: 'Portal 2', description: 'new' });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ id: service.id, rev: 2, name: 'Portal 2', description: 'new' });

      const stale = await leadA.put(`/services/${service.id}`, { rev: 1, name: 'Lost update', description: '' });
      expect(stale.status).toBe(409);
      expect(envelope(stale)).toMatchObject({ code: 'conflict', message: expect.stringContaining('rev 2') });
      expect((await staffA.get(`/services/${service.id}`)).body).toMatchObject({ rev: 2, name: 'Portal 2' });
    });

    it('of several concurrent edits from the same rev exactly one wins; the rest are 409', async () => {
      const service = await createService();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          leadA.put(`/services/${service.id}`, { rev: 1, name: `Edit ${i}`, description: '' }),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
      const winner = answers.find((a) => a.status === 200)?.body;
      expect((await staffA.get(`/services/${service.id}`)).body).toStrictEqual(winner);
    });

    it('archives and unarchives as new revs; archiving twice changes nothing; nothing is deleted', async () => {
      const service = await createService();
      const archived = await leadA.post(`/services/${service.id}/archive`);
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ rev: 2, archived: true });
      expect((await leadA.post(`/services/${service.id}/archive`)).body).toStrictEqual(archived.body);
      // Archived services stay listed (walkthroughs point at them), flagged.
      expect(serviceListResponseSchema.parse((await staffA.get('/services')).body).services).toStrictEqual([
        archived.body,
      ]);
      expect((await leadA.post(`/services/${service.id}/unarchive`)).body).toMatchObject({ rev: 3, archived: false });
      expect((await leadA.request('DELETE', `/services/${service.id}`)).status).toBe(404);
      expect((await staffA.get(`/services/${service.id}`)).status).toBe(200);
    });

    it("answers another team's service, an unknown one and a malformed id alike: 404", async () => {
      const service = await createService();
      for (const path of [`/services/${service.id}`, `/services/${ids()}`, '/services/not-an-id']) {
        const answer = await leadB.get(path);
        expect(answer.status).toBe(404);
        expect(envelope(answer)).toMatchObject({ code: 'not_found', message: 'service not found' });
      }
      expect((await leadB.put(`/services/${service.id}`, { rev: 1, name: 'Mine', description: '' })).status).toBe(404);
      expect((await leadB.post(`/services/${service.id}/archive`)).status).toBe(404);
      expect(serviceListResponseSchema.parse((await leadB.get('/services')).body).services).toEqual([]);
      expect((await staffA.get(`/services/${service.id}`)).body).toStrictEqual(service);
    });

    it('refuses server-owned fields and text a database would not store unchanged', async () => {
      for (const body of [
        { name: 'x', rev: 5 },
        { name: 'x', teamId: teamB.teamId },
        { name: 'x', archived: true },
        { name: 'nul \u0000 byte' },
        { name: 'lone \uD800 surrogate' },
        { name: '' },
      ]) {
        const answer = await leadA.post('/services', body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(envelope(answer).code).toBe('validation_failed');
      }
    });
  });

  describe('journeys', () => {
    it('creates ordered steps, making ids for new steps; an edit keeps the ids it is sent', async () => {
      const service = await createService();
      const journey = await createJourney(service.id);
      expect(journey).toMatchObject({ teamId: teamA.teamId, serviceId: service.id, rev: 1, archived: false });
      expect(journey.steps.map((s) => s.name)).toEqual(['Open the portal', 'Verify identity']);
      const [first, second] = journey.steps;

      const edited = await leadA.put(`/journeys/${journey.id}`, {
        rev: 1,
        serviceId: service.id,
        name: journey.name,
        description: 'reordered',
        steps: [second, { name: 'Set a new password', urlPatterns: ['https://portal.example.com/done'] }, first],
      });
      expect(edited.status).toBe(200);
      const next = journeySchema.parse(edited.body);
      expect(next.rev).toBe(2);
      expect(next.steps.map((s) => s.id)).toEqual([second?.id, expect.any(String), first?.id]);
      expect((await staffA.get(`/journeys/${journey.id}`)).body).toStrictEqual(next);
    });

    it('lists the team journeys, or one service’s, archived included', async () => {
      const portal = await createService(leadA, { name: 'Portal' });
      const mail = await createService(leadA, { name: 'Mail' });
      const a = await createJourney(portal.id);
      const b = await createJourney(mail.id);
      const archivedB = (await leadA.post(`/journeys/${b.id}/archive`)).body;
      const all = journeyListResponseSchema.parse((await staffA.get('/journeys')).body).journeys;
      expect(all.map((j) => j.id).sort()).toEqual([a.id, b.id].sort());
      expect(all.find((j) => j.id === b.id)).toStrictEqual(archivedB);
      expect(
        journeyListResponseSchema.parse((await staffA.get(`/journeys?serviceId=${portal.id}`)).body).journeys,
      ).toStrictEqual([a]);
      expect((await staffA.get('/journeys?serviceId=nope')).status).toBe(400);
      expect((await staffA.get('/journeys?teamId=x')).status).toBe(400);
      expect(journeyListResponseSchema.parse((await leadB.get('/journeys')).body).journeys).toEqual([]);
    });

    it("needs a service of the caller's team, not archived; moving to one follows the same rule", async () => {
      const service = await createService();
      const serviceOfB = await createService(leadB, { name: 'B portal' });
      for (const serviceId of [serviceOfB.id, ids()]) {
        const answer = await leadA.post('/journeys', { serviceId, name: 'x', steps: STEPS });
        expect(answer.status).toBe(400);
        expect(envelope(answer).issues).toEqual([
          { path: 'serviceId', message: 'no service with this id in your team' },
        ]);
      }
      const journey = await createJourney(service.id);
      const { name, description, steps } = journey;
      const moved = await leadA.put(`/journeys/${journey.id}`, {
        rev: 1,
        serviceId: serviceOfB.id,
        name,
        description,
        steps,
      });
      expect(moved.status).toBe(400);

      const archived = await createService(leadA, { name: 'Old' });
      await leadA.post(`/services/${archived.id}/archive`);
      const answer = await leadA.post('/journeys', { serviceId: archived.id, name: 'x', steps: STEPS });
      expect(answer.status).toBe(409);
      expect(envelope(answer).code).toBe('conflict');
    });

    it('refuses duplicate step ids, empty steps, bad URL patterns and stale revs', async () => {
      const service = await createService();
      const stepId = ids();
      for (const steps of [
        [],
        [
          { id: stepId, name: 'a' },
          { id: stepId, name: 'b' },
        ],
        [{ name: 'a', urlPatterns: ['not a pattern'] }],
      ]) {
        expect((await leadA.post('/journeys', { serviceId: service.id, name: 'x', steps })).status).toBe(400);
      }
      const journey = await createJourney(service.id);
      await leadA.post(`/journeys/${journey.id}/archive`);
      const stale = await leadA.put(`/journeys/${journey.id}`, {
        rev: 1,
        serviceId: service.id,
        name: 'x',
        description: '',
        steps: STEPS,
      });
      expect(stale.status).toBe(409);
    });

    it("answers another team's journey 404 on every route", async () => {
      const journey = await createJourney((await createService()).id);
      expect((await leadB.get(`/journeys/${journey.id}`)).status).toBe(404);
      expect((await leadB.post(`/journeys/${journey.id}/archive`)).status).toBe(404);
      expect((await leadB.post(`/journeys/${journey.id}/unarchive`)).status).toBe(404);
      expect((await leadB.get(`/journeys/${journey.id}/targets`)).status).toBe(404);
      expect(
        (await leadB.put(`/journeys/${journey.id}/targets`, { rev: null, duration: { thresholdMs: 1, share: 1 } }))
          .status,
      ).toBe(404);
    });
  });

  describe('targets', () => {
    it('are set with rev null first, then edited from the rev last seen; stale edits are 409', async () => {
      const journey = await createJourney((await createService()).id);
      const none = await staffA.get(`/journeys/${journey.id}/targets`);
      expect(none.status).toBe(404);
      expect(envelope(none).message).toBe('the journey has no targets yet');

      const first = await leadA.put(`/journeys/${journey.id}/targets`, {
        rev: null,
        duration: { thresholdMs: 180_000, share: 0.9 },
        csat: 0.8,
      });
      expect(first.status).toBe(201);
      const targets = journeyTargetsSchema.parse(first.body);
      expect(targets).toMatchObject({ journeyId: journey.id, rev: 1, csat: 0.8, minSamples: 5 });
      expect((await staffA.get(`/journeys/${journey.id}/targets`)).body).toStrictEqual(targets);

      const again = await leadA.put(`/journeys/${journey.id}/targets`, {
        rev: null,
        duration: { thresholdMs: 1, share: 1 },
      });
      expect(again.status).toBe(409);

      // A target left out of the next version is gone from it (never deleted from history: revs move on).
      const second = await leadA.put(`/journeys/${journey.id}/targets`, {
        rev: 1,
        duration: { thresholdMs: 120_000, share: 0.95 },
        seqMean: 5.5,
      });
      expect(second.status).toBe(200);
      expect(second.body).toStrictEqual(
        journeyTargetsSchema.parse({
          journeyId: journey.id,
          rev: 2,
          duration: { thresholdMs: 120_000, share: 0.95 },
          seqMean: 5.5,
          updatedAt: (second.body as { updatedAt: string }).updatedAt,
        }),
      );
      expect(
        (await leadA.put(`/journeys/${journey.id}/targets`, { rev: 1, duration: { thresholdMs: 1, share: 1 } })).status,
      ).toBe(409);
    });
  });
});
