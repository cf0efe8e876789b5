import { describe, expect, it, vi } from 'vitest';
import { type Walkthrough, walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import { makeWalkthrough } from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator, FIXTURE_IDS, fixtureTime } from '../../tests/fixtures/seeded-ids.ts';
import { useFreshDbs } from '../db/testing/fresh-db.ts';
import {
  countUnlisted,
  listWalkthroughs,
  readMatchingWalkthroughs,
  type WalkthroughListRow,
} from './list-walkthroughs.ts';
import { EMPTY_FILTER, type WalkthroughFilter } from './walkthrough-filter.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(7);
const DAY_MINUTES = 24 * 60;

const idsOf = (rows: readonly WalkthroughListRow[]): string[] =>
  rows.map((row) => (row.status === 'readable' ? row.summary.id : row.id));

const filter = (change: Partial<WalkthroughFilter>): WalkthroughFilter => ({ ...EMPTY_FILTER, ...change });

/** One walkthrough a day for `n` days from the fixture epoch, at noon UTC, oldest first. */
const daily = (n: number, overrides: (i: number) => Partial<Walkthrough> = () => ({})): Walkthrough[] =>
  Array.from({ length: n }, (_, i) =>
    makeWalkthrough({ startedAt: fixtureTime(i * DAY_MINUTES + 3 * 60), ...overrides(i) }, ids),
  );

describe('listWalkthroughs', () => {
  it('is empty in a new database', async () => {
    expect(await listWalkthroughs(freshDb(), EMPTY_FILTER, 50)).toEqual({ rows: [], total: 0, hasMore: false });
  });

  it('lists newest first, one page at a time, with the total', async () => {
    const db = freshDb();
    const all = daily(7);
    await db.walkthroughs.bulkPut(all);
    const page = await listWalkthroughs(db, EMPTY_FILTER, 3);
    expect(idsOf(page.rows)).toEqual(
      all
        .slice(4)
        .reverse()
        .map((w) => w.id),
    );
    expect(page.total).toBe(7);
    expect(page.hasMore).toBe(true);
    const more = await listWalkthroughs(db, EMPTY_FILTER, 6);
    expect(idsOf(more.rows)).toEqual(
      all
        .slice(1)
        .reverse()
        .map((w) => w.id),
    );
  });

  it('summarises each row: journey, start, outcome, active time from shared/domain, ratings', async () => {
    const db = freshDb();
    const w = makeWalkthrough(
      {
        elapsedMs: 200_000,
        pauses: [{ startMs: 10_000, endMs: 70_000, reason: 'call' }],
        interruptions: [{ atMs: 100_000, gapMs: 5_000, kind: 'sleep' }],
      },
      ids,
    );
    await db.walkthroughs.put(w);
    const [row] = (await listWalkthroughs(db, EMPTY_FILTER, 50)).rows;
    expect(row).toEqual({
      status: 'readable',
      summary: {
        id: w.id,
        journeyId: FIXTURE_IDS.journeyId,
        journeyName: 'Reset my password',
        startedAt: w.startedAt,
        outcome: 'completed',
        elapsedMs: 200_000,
        activeMs: 140_000,
        ratings: { seq: 6, ces: 6, satisfaction: 4 },
        stepCount: 3,
        painPointCount: 0,
        interrupted: true,
      },
    });
  });

  it('reads only the records on the page, not every record', async () => {
    const db = freshDb();
    await db.walkthroughs.bulkPut(daily(30));
    const bulkGet = vi.spyOn(db.walkthroughs, 'bulkGet');
    const get = vi.spyOn(db.walkthroughs, 'get');
    const toArray = vi.spyOn(db.walkthroughs, 'toArray');
    await listWalkthroughs(db, EMPTY_FILTER, 5);
    await listWalkthroughs(db, filter({ from: '2026-01-10' }), 5);
    await listWalkthroughs(db, filter({ outcome: 'completed' }), 5);
    expect(bulkGet.mock.calls.map(([keys]) => keys.length)).toEqual([5, 5, 5]);
    expect(get).not.toHaveBeenCalled();
    expect(toArray).not.toHaveBeenCalled();
  });

  it('filters by journey, by ad hoc, and by outcome', async () => {
    const db = freshDb();
    const otherJourney = createIdGenerator(99)();
    const all = daily(6, (i) => ({
      ...(i % 3 === 1 ? { journeyId: otherJourney, journeyName: 'Order a laptop' } : {}),
      ...(i % 3 === 2 ? { journeyId: null, journeyName: 'Ad hoc' } : {}),
      ...(i < 3 ? { outcome: 'abandoned' as const, outcomeReason: 'gave up' } : {}),
    }));
    await db.walkthroughs.bulkPut(all);
    const expected = (test: (i: number) => boolean) =>
      all
        .filter((_, i) => test(i))
        .map((w) => w.id)
        .reverse();

    const ofJourney = await listWalkthroughs(db, filter({ journey: { kind: 'journey', journeyId: otherJourney } }), 50);
    expect(idsOf(ofJourney.rows)).toEqual(expected((i) => i % 3 === 1));
    expect(ofJourney.total).toBe(2);
    const adHoc = await listWalkthroughs(db, filter({ journey: { kind: 'ad-hoc' } }), 50);
    expect(idsOf(adHoc.rows)).toEqual(expected((i) => i % 3 === 2));
    const abandonedAdHoc = await listWalkthroughs(
      db,
      filter({ journey: { kind: 'ad-hoc' }, outcome: 'abandoned' }),
      50,
    );
    expect(idsOf(abandonedAdHoc.rows)).toEqual(expected((i) => i === 2));
  });

  it('filters by days, both ends included', async () => {
    const db = freshDb();
    // Noon UTC on 5, 6, 7, 8 and 9 January 2026: whatever the time zone, each falls on its own local day or
    // the one next to it, so the local days 6–8 surely hold the middle three and surely not the first or last.
    const all = daily(5);
    await db.walkthroughs.bulkPut(all);
    const page = await listWalkthroughs(db, filter({ from: '2026-01-06', to: '2026-01-08' }), 50);
    expect(idsOf(page.rows)).toContain(all[2]?.id);
    expect(idsOf(page.rows)).not.toContain(all[0]?.id);
    expect(idsOf(page.rows)).not.toContain(all[4]?.id);
    const before = await listWalkthroughs(db, filter({ to: '2026-01-01' }), 50);
    expect(before.total).toBe(0);
  });

  it('searches text newest first, stops reading once the page is full, and says when more may match', async () => {
    const db = freshDb();
    const all = daily(450, (i) => (i % 2 === 0 ? { ratings: { comment: `Slow login, run ${i}` } } : {}));
    await db.walkthroughs.bulkPut(all);
    const page = await listWalkthroughs(db, filter({ text: 'SLOW login' }), 3);
    expect(idsOf(page.rows)).toEqual([all[448]?.id, all[446]?.id, all[444]?.id]);
    expect(page.hasMore).toBe(true);
    expect(page.total).toBeNull();

    const everything = await listWalkthroughs(db, filter({ text: 'slow' }), 500);
    expect(everything.rows).toHaveLength(225);
    expect(everything.total).toBe(225);
    expect(everything.hasMore).toBe(false);
  });

  it('shows rows that fail the schema instead of hiding them, and counts rows without a start time', async () => {
    const db = freshDb();
    const good = makeWalkthrough({}, ids);
    const broken = { ...makeWalkthrough({ startedAt: fixtureTime(5) }, ids), outcome: 'maybe' };
    await db.walkthroughs.put(good);
    await db.table('walkthroughs').bulkPut([broken, { id: ids(), journeyName: 'no start' }]);

    const page = await listWalkthroughs(db, EMPTY_FILTER, 50);
    expect(page.rows[0]).toMatchObject({ status: 'unreadable', id: broken.id });
    expect(page.rows[1]).toMatchObject({ status: 'readable', summary: { id: good.id } });
    expect(page.rows).toHaveLength(2);
    expect(await countUnlisted(db)).toBe(1);
  });
});

describe('readMatchingWalkthroughs', () => {
  it('reads every match (not one page), parsed, newest first, counting unreadable rows', async () => {
    const db = freshDb();
    const all = daily(120, (i) => (i % 4 === 0 ? { outcome: 'failed', outcomeReason: 'Portal down' } : {}));
    await db.walkthroughs.bulkPut(all);
    await db.table('walkthroughs').put({ ...makeWalkthrough({ outcome: 'failed', outcomeReason: 'x' }, ids), rev: 0 });

    const { walkthroughs, unreadable } = await readMatchingWalkthroughs(db, filter({ outcome: 'failed' }));
    expect(walkthroughs.map((w) => w.id)).toEqual(
      all
        .filter((_, i) => i % 4 === 0)
        .map((w) => w.id)
        .reverse(),
    );
    expect(walkthroughs.every((w) => walkthroughSchema.safeParse(w).success)).toBe(true);
    expect(unreadable).toBe(1);
  });
});
