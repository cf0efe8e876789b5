import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { walkthroughSchema } from '../../../shared/schemas/walkthrough.ts';
import { makeTargets } from '../../../tests/fixtures/make-targets.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS, fixtureTime } from '../../../tests/fixtures/seeded-ids.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { useFreshDbs } from '../../db/testing/fresh-db.ts';
import { PAGE_SIZE } from './history-list-model.ts';
import { createHistoryModel, type DownloadFile, type HistoryModel } from './history-model.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(71);

const setup = (db: JourneySamplerDb, undoMs = 10_000) => {
  const downloads: DownloadFile[] = [];
  const model = createHistoryModel(db, {
    download: (file) => downloads.push(file),
    searchDelayMs: 0,
    undoMs,
    now: () => new Date(2026, 0, 5, 12),
  });
  const stop = model.start();
  return { model, downloads, stop };
};

const shownIds = (model: HistoryModel): string[] => {
  const state = model.list.list.value;
  if (state.status !== 'ready') return [];
  return state.page.rows.map((row) => (row.status === 'readable' ? row.summary.id : row.id));
};

const seedMany = async (db: JourneySamplerDb, n: number) => {
  const all = Array.from({ length: n }, (_, i) => makeWalkthrough({ startedAt: fixtureTime(i) }, ids));
  await db.walkthroughs.bulkPut(all);
  return all;
};

describe('history model', () => {
  it('lists a page, shows more, and follows the database live', async () => {
    const db = freshDb();
    const all = await seedMany(db, PAGE_SIZE + 5);
    const { model, stop } = setup(db);
    await vi.waitFor(() => expect(shownIds(model)).toHaveLength(PAGE_SIZE));
    expect(shownIds(model)[0]).toBe(all.at(-1)?.id);

    model.list.showMore();
    await vi.waitFor(() => expect(shownIds(model)).toHaveLength(PAGE_SIZE + 5));

    const newest = makeWalkthrough({ startedAt: fixtureTime(1000) }, ids);
    await db.walkthroughs.put(newest);
    await vi.waitFor(() => expect(shownIds(model)[0]).toBe(newest.id));
    stop();
  });

  it('filters by search text and outcome, and starts again from one page when the filter changes', async () => {
    const db = freshDb();
    await seedMany(db, PAGE_SIZE + 1);
    const failed = makeWalkthrough(
      {
        startedAt: fixtureTime(-5),
        outcome: 'failed',
        outcomeReason: 'Portal down',
        ratings: { comment: 'Blank page' },
      },
      ids,
    );
    await db.walkthroughs.put(failed);
    const { model, stop } = setup(db);
    model.list.showMore();
    await vi.waitFor(() => expect(shownIds(model)).toHaveLength(PAGE_SIZE + 2));

    model.list.setSearchText('blank PAGE');
    expect(model.list.limit.value).toBe(PAGE_SIZE);
    await vi.waitFor(() => expect(shownIds(model)).toEqual([failed.id]));
    model.list.setSearchText('');
    model.list.setOutcome('failed');
    await vi.waitFor(() => expect(shownIds(model)).toEqual([failed.id]));
    model.list.clearFilters();
    await vi.waitFor(() => expect(shownIds(model)).toHaveLength(PAGE_SIZE));
    stop();
  });

  it('waits for a pause in typing before searching', async () => {
    const db = freshDb();
    const model = createHistoryModel(db, { download: () => {}, searchDelayMs: 30 });
    const stop = model.start();
    model.list.setSearchText('pass');
    model.list.setSearchText('password');
    expect(model.list.searchText.value).toBe('password');
    expect(model.list.filter.value.text).toBe('');
    await vi.waitFor(() => expect(model.list.filter.value.text).toBe('password'));
    stop();
  });

  it('deletes with undo: undo restores the walkthrough, its screenshot and its pending push', async () => {
    const db = freshDb();
    const shotId = ids();
    const w = makeWalkthrough({ notes: [{ id: ids(), atMs: 5, text: 'See shot', screenshotId: shotId }] }, ids);
    await db.walkthroughs.put(w);
    await db.screenshots.put({
      id: shotId,
      recordingId: w.id,
      blob: new Blob(['png']),
      type: 'image/png',
      bytes: 3,
      createdAt: fixtureTime(),
    });
    await db.outbox.add({ type: 'walkthrough', recordId: w.id, rev: 1, queuedAt: fixtureTime() });
    const { model, stop } = setup(db);
    model.detail.open(w.id);
    await vi.waitFor(() => expect(model.detail.state.value.status).toBe('ready'));

    await model.deleteWalkthrough(w.id);
    expect(model.detail.state.value.status).toBe('closed');
    expect(model.undo.value?.label).toMatch(/^Deleted “Reset my password” of /);
    expect(await db.walkthroughs.count()).toBe(0);
    expect(await db.screenshots.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    await vi.waitFor(() => expect(shownIds(model)).toEqual([]));

    await model.undoDelete();
    expect(model.undo.value).toBeNull();
    expect(model.notice.value).toEqual({ kind: 'info', text: 'Walkthrough restored.' });
    expect(await db.walkthroughs.get(w.id)).toEqual(w);
    expect(await db.screenshots.get(shotId)).toMatchObject({ id: shotId, recordingId: w.id });
    expect((await db.outbox.toArray()).map((e) => [e.seq, e.recordId])).toEqual([[1, w.id]]);
    await vi.waitFor(() => expect(shownIds(model)).toEqual([w.id]));
    stop();
  });

  it('stops offering undo after a while, but not while the sampler is on the offer', async () => {
    const db = freshDb();
    const [w] = await seedMany(db, 1);
    const { model, stop } = setup(db, 40);
    await model.deleteWalkthrough(w?.id ?? '');
    model.holdUndo(true);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(model.undo.value).not.toBeNull();
    model.holdUndo(false);
    await vi.waitFor(() => expect(model.undo.value).toBeNull());
    // The delete stands; nothing is left to undo.
    await model.undoDelete();
    expect(await db.walkthroughs.count()).toBe(0);
    stop();
  });

  it('exports what the filter matches as JSON that parses with walkthroughSchema, and as CSV', async () => {
    const db = freshDb();
    const all = await seedMany(db, 3);
    const abandoned = makeWalkthrough({ outcome: 'abandoned', startedAt: fixtureTime(10) }, ids);
    await db.walkthroughs.put(abandoned);
    const { model, downloads, stop } = setup(db);

    await model.exportMatching('json');
    expect(downloads[0]?.name).toBe('journey-sampler-walkthroughs-2026-01-05.json');
    expect(downloads[0]?.type).toBe('application/json');
    const exported = z.array(walkthroughSchema).parse(JSON.parse(downloads[0]?.text ?? ''));
    expect(exported.map((w) => w.id)).toEqual([abandoned.id, ...all.map((w) => w.id).reverse()]);
    expect(model.notice.value).toEqual({ kind: 'info', text: 'Exported 4 walkthroughs.' });

    model.list.setOutcome('abandoned');
    await model.exportMatching('csv');
    expect(downloads[1]?.name).toBe('journey-sampler-walkthroughs-2026-01-05.csv');
    expect(downloads[1]?.text.split('\r\n').filter((line) => line !== '')).toHaveLength(2);
    expect(downloads[1]?.text).toContain(abandoned.id);

    model.exportOne(abandoned, 'json');
    expect(downloads[2]?.name).toBe(`journey-sampler-walkthrough-${abandoned.id}.json`);
    expect(z.array(walkthroughSchema).parse(JSON.parse(downloads[2]?.text ?? ''))).toEqual([abandoned]);
    stop();
  });

  it('scores the journey picked in the filter, with the local targets', async () => {
    const db = freshDb();
    await seedMany(db, 5);
    await db.targets.put(makeTargets());
    const { model, stop } = setup(db);
    expect(model.scorecard.value).toEqual({ status: 'none' });
    model.list.setJourney({ kind: 'journey', journeyId: FIXTURE_IDS.journeyId });
    await vi.waitFor(() => expect(model.scorecard.value.status).toBe('ready'));
    const state = model.scorecard.value;
    expect(state.status === 'ready' && state.view.n).toBe(5);
    expect(state.status === 'ready' && state.view.hasTargets).toBe(true);
    model.list.setJourney({ kind: 'any' });
    expect(model.scorecard.value).toEqual({ status: 'none' });
    stop();
  });
});
