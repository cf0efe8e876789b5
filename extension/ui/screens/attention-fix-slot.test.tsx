import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/protocol/accounts.ts';
import type { CreateJourneyRequest } from '../../../shared/protocol/catalog.ts';
import { journeySchema } from '../../../shared/schemas/index.ts';
import { makeService } from '../../../tests/fixtures/make-service.ts';
import { createIdGenerator, FIXTURE_IDS } from '../../../tests/fixtures/seeded-ids.ts';
import type { TeamCatalogApi } from '../../catalog/team-catalog-api.ts';
import { seedRefusedWalkthroughs } from '../../catalog/testing/refused-walkthroughs.ts';
import type { SyncOutcome } from '../../sync/run-sync.ts';
import { createAttentionFixModel } from '../models/attention-fix-model.ts';
import { createSyncStatusModel } from '../models/sync-status-model.ts';
import { usePanelHarness } from '../testing/panel-harness.tsx';
import { SidePanelScreen } from './side-panel-screen.tsx';

const panel = usePanelHarness();
const ids = createIdGenerator(0xf1c);

/** The side panel with its sync section and fixes, over a device holding refused walkthroughs. */
const openPanel = async (role: Role) => {
  const p = panel();
  const seeded = await seedRefusedWalkthroughs(p.db, ids, role);
  // The engine itself is tested elsewhere: here only that a fix pushes at once matters.
  const sync = vi.fn(
    async (_options?: { force?: boolean }): Promise<SyncOutcome> => ({ status: 'skipped', why: 'busy' }),
  );
  const created: CreateJourneyRequest[] = [];
  const catalogApi = (): TeamCatalogApi => ({
    createJourney: async (body) => {
      created.push(body);
      // The server's copy: the same ids, in the team's service.
      return {
        ok: true,
        value: journeySchema.parse({
          ...seeded.local,
          teamId: FIXTURE_IDS.teamId,
          serviceId: body.serviceId,
          rev: 1,
        }),
      };
    },
    getJourney: async () => ({ ok: false, kind: 'failed', message: 'not in this test' }),
  });
  render(
    <SidePanelScreen
      model={p.model}
      historyHref="/walkthroughs.html"
      onOpenSettings={p.onOpenSettings}
      sync={createSyncStatusModel({ db: p.db, sync })}
      attentionFixes={createAttentionFixModel({ db: p.db, sync, now: () => new Date(p.clock.wallMs), catalogApi })}
    />,
  );
  await screen.findByRole('heading', { name: 'Needs attention' });
  return { ...p, ...seeded, sync, created };
};

/** The needs-attention row of the walkthrough refused as unknown_journey (both rows are "Order a laptop"). */
const unknownJourneyRow = async () => {
  const fix = await screen.findByRole('combobox', { name: 'Team journey for Order a laptop' });
  const row = fix.closest('li');
  if (!(row instanceof HTMLElement)) throw new Error('the fix sits in its row');
  return within(row);
};

describe('needs attention: a walkthrough of a journey made on this device', () => {
  it('offers the team journeys and ad-hoc only where the server did not know the journey', async () => {
    await openPanel('staff');
    const row = await unknownJourneyRow();
    expect(row.getByRole('combobox', { name: 'Team journey for Order a laptop' })).toHaveProperty(
      'value',
      FIXTURE_IDS.journeyId,
    );
    row.getByRole('option', { name: 'Self-service portal · Reset my password' });
    row.getByRole('button', { name: 'Keep as ad-hoc: Order a laptop' });
    // Staff cannot change the team's catalog; the not_owner refusal gets no journey fixes at all.
    expect(screen.queryByRole('button', { name: /Add to the team catalog/ })).toBeNull();
    expect(screen.getAllByRole('button', { name: /Keep as ad-hoc/ })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Retry Order a laptop' })).toHaveLength(2);
  });

  it('assigns it to the chosen team journey, pushes it, and the row leaves the list', async () => {
    const p = await openPanel('staff');
    const row = await unknownJourneyRow();
    fireEvent.click(row.getByRole('button', { name: 'Assign to a journey: Order a laptop' }));
    await waitFor(() => expect(screen.queryByRole('combobox', { name: /Team journey for/ })).toBeNull());
    expect(p.sync).toHaveBeenCalledWith({ force: true });
    expect(await p.db.walkthroughs.get(p.refused.id)).toMatchObject({
      rev: 2,
      journeyId: FIXTURE_IDS.journeyId,
      journeyName: 'Reset my password',
    });
  });

  it('keeps it as ad-hoc on request', async () => {
    const p = await openPanel('staff');
    fireEvent.click((await unknownJourneyRow()).getByRole('button', { name: 'Keep as ad-hoc: Order a laptop' }));
    await waitFor(() => expect(screen.queryByRole('combobox', { name: /Team journey for/ })).toBeNull());
    expect(await p.db.walkthroughs.get(p.refused.id)).toMatchObject({ rev: 2, journeyId: null });
  });

  it('lets a lead add the journey to a chosen team service; it leaves My services and the walkthrough goes again', async () => {
    const p = await openPanel('lead');
    await p.db.services.put(makeService({ id: ids(), name: 'Workplace' }));
    const row = await unknownJourneyRow();
    const services = await row.findByRole('combobox', { name: 'Team service for Order a laptop' });
    await waitFor(() => expect(within(services).getAllByRole('option')).toHaveLength(2));
    const workplace = within(services).getByRole('option', { name: 'Workplace' });
    fireEvent.change(services, { target: { value: workplace.getAttribute('value') } });
    fireEvent.click(row.getByRole('button', { name: 'Add to the team catalog: Order a laptop' }));

    await waitFor(() => expect(screen.queryByRole('combobox', { name: /Team journey for/ })).toBeNull());
    expect(p.created).toEqual([
      {
        id: p.local.id,
        serviceId: workplace.getAttribute('value'),
        name: 'Order a laptop',
        description: '',
        steps: p.local.steps.map((s) => ({ id: s.id, name: s.name, urlPatterns: s.urlPatterns })),
      },
    ]);
    expect(p.sync).toHaveBeenCalledWith({ force: true });
    // The walkthrough needs no change: same rev, queued again.
    expect(await p.db.walkthroughs.get(p.refused.id)).toEqual(p.refused);
    // In the picker, the journey is now the team's: under its service, no longer editable here.
    await screen.findByText('Workplace · 2 steps');
    expect(screen.queryByRole('button', { name: 'Edit Order a laptop' })).toBeNull();
  });
});
