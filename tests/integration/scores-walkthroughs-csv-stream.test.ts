// The walkthroughs CSV streams page by page (server/scores/walkthroughs-csv-stream.ts) over real HTTP on loopback,
// on SQLite and PostgreSQL: over more rows than three pages it is complete, in order (ties at page boundaries
// included), byte for byte what the one-piece CSV of the same rows was, formulas defused; a walkthrough pushed
// while it streams is not listed; a page that fails to read cuts the download off instead of ending it short.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../server/logger.ts';
import { walkthroughsCsvHeader, walkthroughsCsvLines } from '../../server/scores/csv.ts';
import { dayStartIso, periodDays } from '../../server/scores/period.ts';
import { CSV_PAGE_WALKTHROUGHS } from '../../server/scores/walkthroughs-csv-stream.ts';
import type { Store } from '../../server/store/store.ts';
import type { Journey } from '../../shared/schemas/journey.ts';
import type { Walkthrough } from '../../shared/schemas/walkthrough.ts';
import { createIdGenerator, FIXTURE_EPOCH_MS } from '../fixtures/seeded-ids.ts';
import { type Client, client, type SeededTeam, seedTeamMembers } from '../helpers/api-harness.ts';
import { type OpenedStore, storeFactories } from '../helpers/store-factories.ts';
import { DAY_MS, journeyWithTargets, pushAll, serveOnLoopback, walkthroughOf } from './scores-loopback.ts';

const NOW = new Date(FIXTURE_EPOCH_MS + 10 * DAY_MS);
const DEVICE = '01900000-0000-7000-8000-00000000dec2';
/** Two full pages and a part, so two page boundaries fall inside groups of equal start times. */
const ROWS = 2 * CSV_PAGE_WALKTHROUGHS + 151;
const TRICKY_COMMENT = '=HYPERLINK("http://x"), then "quoted"\r\nand a second line';

/** The id cell of each row (every row starts with a walkthrough's id; quoted comments may hold CRLF). */
function rowIdsOf(text: string): string[] {
  const lines = text.slice(1).split(/\r\n(?=[0-9a-f]{8}-|$)/);
  expect(lines.at(-1)).toBe('');
  expect(lines[0]?.startsWith('id,started,sampler id,')).toBe(true);
  return lines.slice(1, -1).map((line) => line.slice(0, 36));
}

const decode = async (response: Response): Promise<string> =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());

describe.each(storeFactories())('walkthroughs CSV, streamed, on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: Store;
  let close: () => Promise<void>;
  let base: string;
  let team: SeededTeam;
  let lead: Client;
  let journey: Journey;
  let pushed: Walkthrough[];
  /** Pages the served store was asked for: the route reads the CSV page by page, not in one read. */
  let pagesRead: number;
  const ids = createIdGenerator(0xc5f);

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
    team = await seedTeamMembers(store, 'Team');
    pagesRead = 0;
    const counting = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'journeyWalkthroughPage') return Reflect.get(target, property, receiver);
        return (...args: Parameters<Store['journeyWalkthroughPage']>) => {
          pagesRead += 1;
          return target.journeyWalkthroughPage(...args);
        };
      },
    });
    const served = await serveOnLoopback(counting, () => NOW);
    ({ close, base } = served);
    lead = client(base, team.lead.token);
    journey = await journeyWithTargets(lead);
    // Three walkthroughs per start time: the keyset's tie-break on id is crossed at every page boundary.
    pushed = Array.from({ length: ROWS }, (_, i) =>
      walkthroughOf(journey, team.staff.userId, NOW, 1 + Math.floor(i / 3), ids, {
        elapsedMs: 20_000 + (i % 7) * 10_000,
        outcome: i % 11 === 0 ? 'abandoned' : 'completed',
        ratings: i % 50 === 0 ? { satisfaction: 2, comment: TRICKY_COMMENT } : { satisfaction: 4, seq: 6 },
      }),
    );
    await pushAll(client(base, team.staff.token), pushed, DEVICE);
  }, 120_000);
  afterEach(async () => {
    await close();
    await opened.dispose();
  });

  const csvPath = () => `/scores/journeys/${journey.id}/walkthroughs.csv?period=7d`;

  it('is every row once, newest first, and byte for byte the CSV made in one piece', async () => {
    const response = await lead.raw('GET', csvPath());
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const text = await decode(response);
    expect(pagesRead).toBe(Math.ceil(ROWS / CSV_PAGE_WALKTHROUGHS));

    // What the route answered before it streamed: all rows read at once, written by the one CSV writer.
    const targets = await store.getJourneyTargets(team.teamId, journey.id);
    if (targets === undefined) throw new Error('no targets');
    const { fromDay, toDay } = periodDays({ period: '7d' }, NOW);
    const all = await store.recentJourneyWalkthroughs(team.teamId, {
      journeyId: journey.id,
      fromIso: dayStartIso(fromDay),
      toIso: dayStartIso(toDay),
      limit: 20_000,
    });
    expect(all.total).toBe(ROWS);
    expect(text).toBe(walkthroughsCsvHeader(targets) + walkthroughsCsvLines(all.walkthroughs, targets));

    // And independently of that read: every pushed id once, by start time descending, ties by id descending.
    const expectedOrder = [...pushed]
      .sort((a, b) => (a.startedAt === b.startedAt ? b.id.localeCompare(a.id) : b.startedAt.localeCompare(a.startedAt)))
      .map((w) => w.id);
    expect(rowIdsOf(text)).toEqual(expectedOrder);
    // The comment is defused and quoted: a spreadsheet shows it as text.
    expect(text).toContain(`"'=HYPERLINK(""http://x""), then ""quoted""\r\nand a second line"`);
  });

  it('leaves out a walkthrough pushed after the download began', async () => {
    const response = await lead.raw('GET', csvPath());
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Newer than every row, so a download that re-read the head would list it first on no page, or twice.
    const late = walkthroughOf(journey, team.staff.userId, NOW, 0, ids);
    await pushAll(client(base, team.staff.token), [late], DEVICE);
    let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(first.value);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).not.toContain(late.id);
    expect(new Set(rowIdsOf(text)).size).toBe(ROWS);
    expect(rowIdsOf(text)).toHaveLength(ROWS);
  });

  it('a page that fails to read cuts the download off: it never ends as a shorter CSV', async () => {
    let pages = 0;
    const failing = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'journeyWalkthroughPage') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<Store['journeyWalkthroughPage']>) => {
          pages += 1;
          if (pages === 2) throw new Error('the database went away');
          return target.journeyWalkthroughPage(...args);
        };
      },
    });
    const logger = createMemoryLogger();
    const served = await serveOnLoopback(failing, () => NOW, logger);
    try {
      const response = await client(served.base, team.lead.token).raw('GET', csvPath());
      expect(response.status).toBe(200);
      await expect(response.arrayBuffer()).rejects.toThrow();
      expect(pages).toBe(2);
      expect(JSON.stringify(logger.entries)).toContain('the walkthroughs CSV failed part way');
    } finally {
      await served.close();
    }
  });
});
