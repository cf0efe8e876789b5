import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createDb, type JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { saveServerUrl } from '../../db/server-url-setting.ts';
import { serverUrlSchema } from '../../sync/server-url.ts';
import { NO_JOURNEYS_TEXT } from '../components/journey-list.tsx';
import { createSidePanelModel } from '../models/side-panel-model.ts';
import { SidePanelScreen } from './side-panel-screen.tsx';

const opened: JourneySamplerDb[] = [];
const freshDb = (): JourneySamplerDb => {
  const db = createDb(`test-${crypto.randomUUID()}`);
  opened.push(db);
  return db;
};

afterEach(async () => {
  cleanup();
  for (const db of opened.splice(0)) await db.delete();
});

describe('SidePanelScreen', () => {
  it('renders what is in IndexedDB and follows later changes without a reload', async () => {
    const db = freshDb();
    render(<SidePanelScreen model={createSidePanelModel(db)} onOpenSettings={() => {}} />);

    await screen.findByText(NO_JOURNEYS_TEXT);
    screen.getByText('Not connected');

    await db.journeys.put(makeJourney());
    await db.walkthroughs.put(makeWalkthrough());
    await saveServerUrl(db, serverUrlSchema.parse('http://127.0.0.1:8787'));

    await screen.findByText('Reset my password');
    await screen.findByText('http://127.0.0.1:8787');
    await screen.findByText('1 walkthrough recorded on this device');
  });

  it('wires the settings button to the callback', async () => {
    const onOpenSettings = vi.fn();
    render(<SidePanelScreen model={createSidePanelModel(freshDb())} onOpenSettings={onOpenSettings} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Server settings' }));
    expect(onOpenSettings).toHaveBeenCalledOnce();
  });
});
