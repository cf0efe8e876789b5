import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { walkthroughSchema } from '../../../shared/schemas/walkthrough.ts';
import { makeTargets } from '../../../tests/fixtures/make-targets.ts';
import { makeWalkthrough } from '../../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS, fixtureTime } from '../../../tests/fixtures/seeded-ids.ts';
import type { JourneySamplerDb } from '../../db/journey-sampler-db.ts';
import { useFreshDbs } from '../../db/testing/fresh-db.ts';
import { parseCsvRecords } from '../../history/testing/parse-csv.ts';
import { PAGE_SIZE } from './history-list-model.ts';
import { createHistoryModel, type DownloadFile, type HistoryModel } from './history-model.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(71);

const setup = (db: JourneySamplerDb, undoMs = 10_000, noticeMs = 10_000) => {
  const downloads: DownloadFile[] = [];
  const model = createHistoryModel(db, {
    download: (file) => downloads.push(file),
    searchDelayMs: 0,
    undoMs,
    noticeMs,
    now: () => new Date(2026, 0, 5, 12),
    timeZone: 'Asia/Tokyo',
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
    model.holdToasts(true);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(model.undo.value).not.toBeNull();
    model.holdToasts(false);
    await vi.waitFor(() => expect(model.undo.value).toBeNull());
    // The delete stands; nothing is left to undo.
    await model.undoDelete();
    expect(await db.walkthroughs.count()).toBe(0);
    stop();
  });

  it('lets an information notice go after a while (not while held) and keeps an error until dismissed', async () => {
    const db = freshDb();
    await seedMany(db, 1);
    const { model, stop } = setup(db, 10_000, 40);
    model.holdToasts(true);
    await model.exportMatching('json');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(model.notice.value).toEqual({ kind: 'info', text: 'Exported 1 walkthrough.' });
    model.holdToasts(false);
    await vi.waitFor(() => expect(model.notice.value).toBeNull());

    await model.deleteWalkthrough('no-such-walkthrough');
    expect(model.notice.value?.kind).toBe('error');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(model.notice.value?.text).toBe('That walkthrough was already deleted.');
    model.dismissNotice();
    expect(model.notice.value).toBeNull();
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

    // Times in the zone the page was given, named in the header.
    expect(downloads[1]?.text).toContain('started (Asia/Tokyo)');
    expect(downloads[1]?.text).toContain('2026-01-05 18:10:00');

    await model.exportMatching('steps-csv');
    expect(downloads[2]?.name).toBe('journey-sampler-steps-2026-01-05.csv');
    expect(downloads[2]?.type).toBe('text/csv;charset=utf-8');
    // A header and the abandoned walkthrough's three steps.
    expect(parseCsvRecords(downloads[2]?.text ?? '').map((r) => [r['walkthrough id'], r.step])).toEqual([
      [abandoned.id, '1'],
      [abandoned.id, '2'],
      [abandoned.id, '3'],
    ]);
    expect(model.notice.value?.text).toBe('Exported 1 walkthrough (one row per step).');

    model.exportOne(abandoned, 'json');
    expect(downloads[3]?.name).toBe(`journey-sampler-walkthrough-${abandoned.id}.json`);
    expect(z.array(walkthroughSchema).parse(JSON.parse(downloads[3]?.text ?? ''))).toEqual([abandoned]);
    model.exportOne(abandoned, 'steps-csv');
    expect(downloads[4]?.name).toBe(`journey-sampler-steps-${abandoned.id}.csv`);
    stop();
  });

  it('scores the journey picked in the filter, with the local targets', async () => {
    const db = freshDb();
    await seedMany(db, 5);
    await db.targets.put(makeTargets());
    const { model, stop } = setup(db);
    expect(model.scorecard.value).toEqual({ status: 'none' });
    model.list.setJourney({ kind: 'journey', journeyId: FIXTURE_IDS.journeyId });
    await vi.waitFor(() => expect(model.scorecard.value).toMatchObject({ status: 'ready' }));
    const state = model.scorecard.value;
    expect(state.status === 'ready' && state.view.n).toBe(5);
    expect(state.status === 'ready' && state.view.hasTargets).toBe(true);
    model.list.setJourney({ kind: 'any' });
    expect(model.scorecard.value).toEqual({ status: 'none' });
    stop();
  });

  it('scores every journey for the overview without a filter, following the dates and the database', async () => {
    const db = freshDb();
    await seedMany(db, 3);
    await db.targets.put(makeTargets());
    const { model, stop } = setup(db);
    await vi.waitFor(() => expect(model.scorecards.value.status).toBe('ready'));
    const journeys = () => {
      const state = model.scorecards.value;
      return state.status === 'ready' ? state.journeys.map((j) => [j.name, j.n, j.completion]) : [];
    };
    expect(journeys()).toEqual([['Reset my password', 3, '100%']]);
    const other = makeWalkthrough({ journeyId: ids(), journeyName: 'Apply for a permit', outcome: 'failed' }, ids);
    await db.walkthroughs.put(other);
    await vi.waitFor(() =>
      expect(journeys()).toEqual([
        ['Apply for a permit', 1, '0%'],
        ['Reset my password', 3, '100%'],
      ]),
    );
    model.list.setDates('2030-01-01', '');
    await vi.waitFor(() =>
      expect(journeys()).toEqual([
        ['Apply for a permit', 0, '—'],
        ['Reset my password', 0, '—'],
      ]),
    );
    stop();
  });
});
