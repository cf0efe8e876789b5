import { Dexie } from 'dexie';

/**
 * The tables each shipped version added, as journey-sampler-db.ts declares them. Spelled out again on purpose,
 * not read from JourneySamplerDb: an edit to a shipped version there then fails the upgrade tests instead of
 * silently changing what "an older database" means here.
 */
const ADDED_BY_VERSION: readonly Readonly<Record<string, string>>[] = [
  {
    services: 'id',
    journeys: 'id, serviceId',
    targets: 'journeyId',
    walkthroughs: 'id, journeyId, startedAt, outcome',
    outbox: '++seq, &recordId',
    settings: 'key',
  },
  { recordings: 'id', attachments: 'id, recordingId' },
  { syncState: 'key' },
  { recordingPages: '[recordingId+id], [recordingId+atMs]' },
  { attachmentUploads: 'attachmentId, state' },
];

/**
 * Writes a database as an older extension (`version`, 1 to 5) left it: `fill` puts rows in through plain
 * Dexie tables, then the database is closed. Returns its fresh name, for `useFreshDbs()(name)` to open (and
 * upgrade) it and delete it after the test.
 *
 * @example const name = await writeOlderDb(4, (v4) => v4.table('walkthroughs').put(walkthrough));
 */
export const writeOlderDb = async (version: number, fill: (db: Dexie) => Promise<unknown>): Promise<string> => {
  if (!Number.isInteger(version) || version < 1 || version > ADDED_BY_VERSION.length)
    throw new Error(`no shipped version ${version} with its stores listed here`);
  const name = `test-${crypto.randomUUID()}`;
  const older = new Dexie(name);
  for (const [i, stores] of ADDED_BY_VERSION.slice(0, version).entries()) older.version(i + 1).stores(stores);
  try {
    await fill(older);
  } finally {
    older.close();
  }
  return name;
};
