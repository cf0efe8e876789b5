// The scores benchmark's data set (rows: scores-rows.ts, loaders: scores-load.ts), on SQLite or PostgreSQL: a
// team with 20 services, 200 journeys with targets, 20 samplers, N walkthroughs and 10 N customer ratings over
// two years, made once and cached.
//
// - SQLite: data/bench-scores/scores-<N>.db (gitignored). PostgreSQL: a database of its own, bench_scores_<N>,
//   on the server of BENCH_SCORES_PG_URL or TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
//   created from that connection; the `test` database itself is never written here.
// - The raw rows and the rollups are cached apart. The raw rows carry a marker row written last (with the
//   generator's DATA_VERSION): a data set without it (an interrupted load) or of another version is made again.
//   The rollups carry a marker of their own with ROLLUP_VERSION (the newest migration, plus a hash of the code
//   that writes rollups): when it differs, the store is migrated (createStore's migrate), every score table is
//   emptied and the real catch-up (store.catchUpScores) builds the rollups from scratch, timed ("rollup
//   rebuild"), without making the raw rows again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createMemoryLogger } from '../server/logger.ts';
import { createStore } from '../server/store/create-store.ts';
import { MIGRATIONS } from '../server/store/migrations/migration-provider.ts';
import type { Store } from '../server/store/store.ts';
import { testDatabase } from '../server/store/testing/test-database.ts';
import { makeJourney } from '../tests/fixtures/make-journey.ts';
import { makeService } from '../tests/fixtures/make-service.ts';
import { makeTargets } from '../tests/fixtures/make-targets.ts';
import { type LoadPlan, loadPostgres, loadSqlite } from './scores-load.ts';
import {
  BENCH_JOURNEYS,
  BENCH_SAMPLERS,
  BENCH_SERVICES,
  DATA_VERSION,
  type JourneyShape,
  journeyTiming,
  scoresRandom,
} from './scores-rows.ts';

export type ScoresDbKind = 'sqlite' | 'postgres';

export type ScoresData = {
  readonly kind: ScoresDbKind;
  readonly store: Store;
  readonly teamId: string;
  readonly journeyIds: readonly string[];
  readonly walkthroughs: number;
  readonly feedback: number;
  /** How long making the raw rows took, this run; null when they were cached. */
  readonly generateMs: number | null;
  /** How long rebuilding the rollups from scratch took, this run; null when they were cached. */
  readonly rebuildMs: number | null;
  /** The score tables the rebuild emptied (empty when cached). */
  readonly cleared: readonly string[];
  /** The data set's size on disk (the SQLite file with its WAL, or pg_database_size). */
  readonly sizeBytes: number;
};

/** The admin connection for PostgreSQL: where bench databases are created (never written itself). */
export const postgresAdminUrl = (): string =>
  process.env.BENCH_SCORES_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers within two seconds at the admin URL. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Files whose code decides what the catch-up writes: any change to them makes cached rollups stale. */
const ROLLUP_SOURCES = [
  'server/store/scores',
  'shared/domain/journey-aggregate.ts',
  'shared/domain/score-days.ts',
  'shared/domain/duration-sketch.ts',
  'shared/schemas/journey-aggregate.ts',
];

/**
 * The newest migration and a hash of the rollup-writing code: what a cached data set's rollups were built by.
 * Taken when this module loads, beside the catch-up's own code, so an edit made while a long run goes on does
 * not label rollups the loaded code built.
 */
const ROLLUP_VERSION = ((): string => {
  const hash = createHash('sha256');
  const files = ROLLUP_SOURCES.flatMap((source) => {
    const full = path.join(process.cwd(), source);
    if (!existsSync(full)) return [];
    if (!statSync(full).isDirectory()) return [full];
    return readdirSync(full)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .sort()
      .map((name) => path.join(full, name));
  });
  for (const file of files) hash.update(file).update(readFileSync(file));
  const newest = Object.keys(MIGRATIONS).sort().at(-1) ?? 'none';
  return `${newest}+${hash.digest('hex').slice(0, 12)}`;
})();

/**
 * The rebuild's catch-up batch: the whole data set in one pass. The generator numbers the rows in a random order
 * of time (real pushes come roughly in the order walked), so every batch touches nearly every journey-day and,
 * above them, every dyadic and slice bucket: a rebuild costs about its number of batches times the whole rollup
 * (20,000 a batch: ~50 min at 1M; 250,000: ~8 min a batch). One batch that also holds the targets' changes
 * recounts every journey from its facts once (~2 GB of heap at 1M, inside Node's default limit).
 */
const rebuildBatch = (walkthroughs: number): number => 2 * walkthroughs + 10_000;

type RawMarker = { dataVersion: string; teamId: string; journeyIds: string[] };
type RollupMarker = { version: string };

const MARKER_TABLE = 'create table if not exists bench_marker (name text primary key, value text not null)';

async function readMarker<T>(store: Store, name: string): Promise<T | undefined> {
  try {
    const { rows } = await sql<{ value: string }>`select value from bench_marker where name = ${name}`.execute(
      testDatabase(store),
    );
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0].value) as T);
  } catch {
    return undefined; // no marker table: never finished
  }
}

async function writeMarker(store: Store, name: string, value: unknown): Promise<void> {
  const db = testDatabase(store);
  await sql.raw(MARKER_TABLE).execute(db);
  await sql`delete from bench_marker where name = ${name}`.execute(db);
  await sql`insert into bench_marker (name, value) values (${name}, ${JSON.stringify(value)})`.execute(db);
}

type Location = {
  readonly kind: ScoresDbKind;
  /** Makes the place the store opens (the directory, the database) if it is missing. */
  prepare(): Promise<void>;
  open(): Store;
  /** Drops whatever is there and leaves an empty database. */
  reset(): Promise<void>;
  load(plan: LoadPlan): Promise<void>;
  size(store: Store): Promise<number>;
};

function sqliteLocation(walkthroughs: number): Location {
  const dir = path.join(process.cwd(), 'data', 'bench-scores');
  const file = path.join(dir, `scores-${walkthroughs}.db`);
  return {
    kind: 'sqlite',
    prepare: async () => {
      await mkdir(dir, { recursive: true });
    },
    open: () => createStore({ kind: 'sqlite', file }, { logger: createMemoryLogger() }),
    reset: async () => {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
    },
    load: (plan) => loadSqlite(file, plan),
    size: async () =>
      ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0),
  };
}

function postgresLocation(walkthroughs: number): Location {
  const admin = postgresAdminUrl();
  const name = `bench_scores_${walkthroughs}`;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const adminQuery = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  return {
    kind: 'postgres',
    prepare: async () => {
      const { rowCount } = await adminQuery('select 1 from pg_database where datname = $1', [name]);
      if (rowCount === 0) await adminQuery(`create database ${name}`);
    },
    open: () => createStore({ kind: 'postgres', url: url.toString() }, { logger: createMemoryLogger() }),
    reset: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
      await adminQuery(`create database ${name}`);
    },
    load: (plan) => loadPostgres(url.toString(), plan),
    size: async (store) => {
      const { rows } = await sql<{ size: string }>`select pg_database_size(current_database()) as size`.execute(
        testDatabase(store),
      );
      return Number(rows[0]?.size ?? 0);
    },
  };
}

/**
 * Opens the cached data set of `walkthroughs` walkthroughs (and ten times as many ratings) on `kind`, making the
 * raw rows and rebuilding the rollups first where the cache is missing or stale.
 */
export async function openScoresData(
  kind: ScoresDbKind,
  walkthroughs: number,
  log: (line: string) => void = () => undefined,
): Promise<ScoresData> {
  const location = kind === 'sqlite' ? sqliteLocation(walkthroughs) : postgresLocation(walkthroughs);
  await location.prepare();
  const feedback = walkthroughs * 10;
  let store = location.open();
  let raw = await readMarker<RawMarker>(store, 'raw');
  let generateMs: number | null = null;
  if (raw === undefined || raw.dataVersion !== DATA_VERSION) {
    await store.close();
    log(`${kind}: making the raw rows (${walkthroughs.toLocaleString('en')} walkthroughs)`);
    const started = performance.now();
    await location.reset();
    store = location.open();
    raw = await generate(store, location, walkthroughs, feedback, log);
    generateMs = performance.now() - started;
    log(`${kind}: raw rows made in ${(generateMs / 1000).toFixed(0)} s`);
    store = location.open();
    await writeMarker(store, 'raw', raw);
  }
  // Adds whatever migration the code has that the data set lacks (a new rollup table, say).
  await store.migrate();
  const version = ROLLUP_VERSION;
  const rollups = await readMarker<RollupMarker>(store, 'rollups');
  let rebuildMs: number | null = null;
  let cleared: string[] = [];
  if (rollups?.version !== version) {
    log(`${kind}: rebuilding the rollups (${rollups?.version ?? 'none'} -> ${version})`);
    const started = performance.now();
    cleared = await clearScoreTables(store, kind);
    await store.catchUpScores(raw.teamId, rebuildBatch(walkthroughs));
    rebuildMs = performance.now() - started;
    log(`${kind}: rollups rebuilt in ${(rebuildMs / 1000).toFixed(0)} s (emptied ${cleared.join(', ')})`);
    await writeMarker(store, 'rollups', { version } satisfies RollupMarker);
  }
  return {
    kind,
    store,
    teamId: raw.teamId,
    journeyIds: raw.journeyIds,
    walkthroughs,
    feedback,
    generateMs,
    rebuildMs,
    cleared,
    sizeBytes: await location.size(store),
  };
}

/**
 * Empties every table the catch-up derives (score_* and *rollup*: facts, rollups, the cursor, and whatever new
 * rollup table a migration adds), so the next catch-up starts from change_seq 0. The ratings' day counts are
 * kept: insertFeedback maintains them with the raw rows, not the catch-up.
 */
async function clearScoreTables(store: Store, kind: ScoresDbKind): Promise<string[]> {
  const db = testDatabase(store);
  const { rows } =
    kind === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
      : await sql<{
          name: string;
        }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db);
  const tables = rows
    .map((row) => row.name)
    .filter((name) => name.startsWith('score_') || name.includes('rollup'))
    .sort();
  if (tables.length === 0) return tables;
  if (kind === 'postgres') await sql.raw(`truncate ${tables.join(', ')}`).execute(db);
  else for (const table of tables) await sql.raw(`delete from ${table}`).execute(db);
  return tables;
}

/** The catalog through the store (as the API would write it), then the raw rows through a bulk loader. */
async function generate(
  store: Store,
  location: Location,
  walkthroughs: number,
  feedback: number,
  log: (line: string) => void,
): Promise<RawMarker> {
  const source = scoresRandom();
  const { ids } = source;
  await store.migrate();
  const team = await store.accounts.createTeam('Bench scores');
  if (!team.ok) throw new Error('bench: team exists');
  const teamId = team.team.id;
  const samplers: string[] = [];
  for (let i = 0; i < BENCH_SAMPLERS; i += 1) {
    const user = await store.accounts.createUser({ teamId, name: `Sampler ${i}`, role: 'staff' });
    if (!user.ok) throw new Error('bench: user exists');
    samplers.push(user.user.id);
  }
  const journeys: JourneyShape[] = [];
  for (let s = 0; s < BENCH_SERVICES; s += 1) {
    const service = makeService({ id: ids(), teamId, name: `Service ${s}` });
    await store.putService(teamId, service);
    for (let j = 0; j < BENCH_JOURNEYS / BENCH_SERVICES; j += 1) {
      const journey = makeJourney({
        id: ids(),
        teamId,
        serviceId: service.id,
        name: `Journey ${s}.${j}`,
        steps: ['Open', 'Fill in', 'Confirm'].map((name) => ({ id: ids(), name, urlPatterns: [] })),
      });
      await store.putJourney(teamId, journey);
      const { typicalMs, degrading } = journeyTiming(source, journeys.length);
      await store.putJourneyTargets(
        teamId,
        makeTargets({
          journeyId: journey.id,
          duration: { thresholdMs: Math.round(typicalMs * 1.4), share: 0.9, clock: 'active' },
        }),
      );
      journeys.push({
        id: journey.id,
        serviceId: service.id,
        steps: journey.steps.map((step) => ({ id: step.id, name: step.name })),
        typicalMs,
        degrading,
      });
    }
  }
  await store.close();
  log(`catalog stored: ${BENCH_JOURNEYS} journeys with targets, ${BENCH_SAMPLERS} samplers`);
  await location.load({ source, teamId, journeys, samplers, walkthroughs, feedback, log });
  return { dataVersion: DATA_VERSION, teamId, journeyIds: journeys.map((j) => j.id) };
}
