import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { makeService } from '../../tests/fixtures/make-service.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS } from '../../tests/fixtures/seeded-ids.ts';
import { LOCAL_SERVICE_NAME } from '../db/local-catalog.ts';
import { useFreshDbs } from '../db/testing/fresh-db.ts';
import type { JourneyDraft } from './journey-draft.ts';
import { readCatalog, saveJourney } from './local-catalog.ts';

const freshDb = useFreshDbs();

const deps = () => ({ newId: createIdGenerator(7), now: () => new Date(FIXTURE_EPOCH_MS) });

const draft = (overrides: Partial<JourneyDraft> = {}): JourneyDraft => ({
  id: null,
  name: 'Order a laptop',
  description: '',
  steps: [
    { id: '019b8d62-7a81-7001-8000-0000000000a1', name: 'Open the portal', urlPatterns: '' },
    {
      id: '019b8d62-7a81-7001-8000-0000000000a2',
      name: 'Submit the order',
      urlPatterns: ' https://portal.example.com/order/* \n\n',
    },
  ],
  ...overrides,
});

describe('local catalog', () => {
  it('creates a journey under a local "My services" service and team, made once', async () => {
    const db = freshDb();
    const d = deps();
    const first = await saveJourney(db, draft(), d);
    const second = await saveJourney(db, draft({ name: 'Reset a password' }), d);
    if (!first.ok || !second.ok) throw new Error('both drafts are valid');

    expect(first.value.rev).toBe(1);
    expect(first.value.steps[1]?.urlPatterns).toEqual(['https://portal.example.com/order/*']);
    expect(second.value.serviceId).toBe(first.value.serviceId);
    expect(second.value.teamId).toBe(first.value.teamId);
    const services = await db.services.toArray();
    expect(services.map((s) => [s.id, s.name])).toEqual([[first.value.serviceId, LOCAL_SERVICE_NAME]]);

    const catalog = await readCatalog(db);
    expect(catalog.entries.map((e) => [e.journey.name, e.serviceName, e.editable])).toEqual([
      ['Order a laptop', LOCAL_SERVICE_NAME, true],
      ['Reset a password', LOCAL_SERVICE_NAME, true],
    ]);
  });

  it('edits keep the id and step ids and raise the rev', async () => {
    const db = freshDb();
    const d = deps();
    const created = await saveJourney(db, draft(), d);
    if (!created.ok) throw new Error('valid');
    const [open, submit] = draft().steps;
    if (!open || !submit) throw new Error('two steps');
    const edited = await saveJourney(
      db,
      draft({ id: created.value.id, name: 'Order a new laptop', steps: [submit, open] }),
      d,
    );
    if (!edited.ok) throw new Error('valid');
    expect(edited.value.id).toBe(created.value.id);
    expect(edited.value.rev).toBe(2);
    expect(edited.value.steps.map((s) => s.id)).toEqual([submit.id, open.id]);
    expect(await db.journeys.count()).toBe(1);
  });

  it('refuses an invalid draft field by field and writes nothing', async () => {
    const db = freshDb();
    const bad = draft({
      name: '  ',
      steps: [
        { id: '019b8d62-7a81-7001-8000-0000000000a1', name: '', urlPatterns: 'portal.example.com' },
        { id: '019b8d62-7a81-7001-8000-0000000000a2', name: 'Fine', urlPatterns: 'https://ok.example.com/*' },
      ],
    });
    const result = await saveJourney(db, bad, deps());
    if (result.ok || result.error.kind !== 'invalid') throw new Error('should be invalid');
    expect(result.error.errors).toEqual({
      name: 'Enter a name for the journey.',
      step: {
        '019b8d62-7a81-7001-8000-0000000000a1': {
          name: 'Enter a name for step 1.',
          urlPatterns:
            '“portal.example.com” must look like https://host/path* (scheme http, https or *; host may start with *.).',
        },
      },
    });
    expect(await db.journeys.count()).toBe(0);
  });

  it('asks for at least one step', async () => {
    const result = await saveJourney(freshDb(), draft({ steps: [] }), deps());
    if (result.ok || result.error.kind !== 'invalid') throw new Error('should be invalid');
    expect(result.error.errors.steps).toBe('Add at least one step.');
  });

  it('does not edit a journey pulled from the server, and lists it as not editable', async () => {
    const db = freshDb();
    await db.services.put(makeService());
    const pulled = makeJourney();
    await db.journeys.put(pulled);
    const result = await saveJourney(db, draft({ id: pulled.id }), deps());
    expect(result.ok ? null : result.error.kind).toBe('not-editable');
    expect(await db.journeys.get(pulled.id)).toEqual(pulled);
    const catalog = await readCatalog(db);
    expect(catalog.entries.map((e) => [e.journey.name, e.serviceName, e.editable])).toEqual([
      ['Reset my password', 'Self-service portal', false],
    ]);
  });

  it("lists the team's journeys first and the ones made here after them, under My services", async () => {
    const db = freshDb();
    const ids = createIdGenerator(0x5e);
    await saveJourney(db, draft({ name: 'Approve an expense' }), deps());
    await saveJourney(db, draft({ name: 'Order a laptop' }), deps());
    await db.services.put(makeService());
    await db.journeys.bulkPut([
      makeJourney({ id: ids(), name: 'Reset my password' }),
      makeJourney({ id: ids(), name: 'Book a room' }),
    ]);
    const catalog = await readCatalog(db);
    // By name alone, "Approve an expense" (made here) would come first.
    expect(catalog.entries.map((e) => [e.journey.name, e.serviceName])).toEqual([
      ['Book a room', 'Self-service portal'],
      ['Reset my password', 'Self-service portal'],
      ['Approve an expense', LOCAL_SERVICE_NAME],
      ['Order a laptop', LOCAL_SERVICE_NAME],
    ]);
  });

  it('counts unreadable journey rows and hides archived ones', async () => {
    const db = freshDb();
    await db.journeys.put(makeJourney({ archived: true }));
    await db.table('journeys').put({ id: createIdGenerator(3)(), name: 'broken' });
    expect(await readCatalog(db)).toEqual({ entries: [], unreadable: 1 });
  });
});
