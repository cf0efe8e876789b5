// Bulk loaders of the scores benchmark's raw rows (scores-rows.ts) into a migrated store's tables, around the
// push path (which push-ingest.ts measures): SQLite through its own better-sqlite3 connection, a prepared
// statement per row, one transaction per batch; PostgreSQL through its own pg client, one multi-row
// INSERT … SELECT FROM unnest($n::type[], …) per batch, each its own transaction, synchronous_commit off (the
// data set is remade if a load is cut short: the marker row is written last). The raw tables' secondary indexes
// (read from the schema, as the migrations made them) are dropped for the load and made again after it: one
// sort each instead of ten million random inserts. Each loader then fills
// feedback_day_counts as insertFeedback would have kept it, moves the team's change counter past the rows, and
// brings the planner statistics up to date.
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  type FeedbackBatch,
  feedbackBatch,
  type JourneyShape,
  type ScoresRandom,
  type WalkthroughBatch,
  walkthroughBatch,
} from './scores-rows.ts';

/** Rows per batch: a PostgreSQL batch of walkthroughs is ~4 MB of parameters, of ratings ~5 MB. */
const WALKTHROUGH_BATCH = 5_000;
const FEEDBACK_BATCH = 50_000;

export type LoadPlan = {
  readonly source: ScoresRandom;
  readonly teamId: string;
  readonly journeys: readonly JourneyShape[];
  readonly samplers: readonly string[];
  readonly walkthroughs: number;
  readonly feedback: number;
  /** Progress for the log of a long load. */
  readonly log: (line: string) => void;
};

type Sink = {
  counter(): Promise<number>;
  /** Drops the secondary indexes of the raw tables (rebuilt by finish, one sort each instead of random inserts). */
  dropIndexes(): Promise<void>;
  walkthroughs(batch: WalkthroughBatch): Promise<void>;
  feedback(batch: FeedbackBatch): Promise<void>;
  finish(seq: number): Promise<void>;
  close(): Promise<void>;
};

async function load(plan: LoadPlan, sink: Sink): Promise<void> {
  try {
    const first = (await sink.counter()) + 1;
    const started = performance.now();
    await sink.dropIndexes();
    for (let done = 0; done < plan.walkthroughs; done += WALKTHROUGH_BATCH) {
      const count = Math.min(WALKTHROUGH_BATCH, plan.walkthroughs - done);
      await sink.walkthroughs(walkthroughBatch(plan.source, plan.journeys, plan.samplers, count, first + done));
      if ((done / WALKTHROUGH_BATCH) % 20 === 19) progress(plan, 'walkthroughs', done + count, started);
    }
    for (let done = 0; done < plan.feedback; done += FEEDBACK_BATCH) {
      const count = Math.min(FEEDBACK_BATCH, plan.feedback - done);
      await sink.feedback(feedbackBatch(plan.source, plan.journeys, count));
      if ((done / FEEDBACK_BATCH) % 20 === 19) progress(plan, 'ratings', done + count, started);
    }
    progress(plan, 'rows written, now the indexes and counts', plan.walkthroughs + plan.feedback, started);
    await sink.finish(first + plan.walkthroughs - 1);
    progress(plan, 'rows indexed and counted', plan.walkthroughs + plan.feedback, started);
  } finally {
    await sink.close();
  }
}

const progress = (plan: LoadPlan, what: string, done: number, started: number) =>
  plan.log(`${what}: ${done.toLocaleString('en')} (${((performance.now() - started) / 1000).toFixed(0)} s)`);

/** Loads the rows into the SQLite file of a migrated store (closed meanwhile). */
export function loadSqlite(file: string, plan: LoadPlan): Promise<void> {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -1000000');
  // The migrations' secondary indexes on the raw tables, as they wrote them (autoindexes of keys have no sql;
  // unique ones stay, a foreign key may lean on them).
  const indexes = db
    .prepare(
      "select name, sql from sqlite_master where type = 'index' and tbl_name in ('walkthroughs', 'feedback') and sql is not null and upper(sql) not like 'CREATE UNIQUE%'",
    )
    .all() as { name: string; sql: string }[];
  const insertWalkthrough = db.prepare(
    `insert into walkthroughs (id, team_id, rev, change_seq, journey_id, sampler_id, started_at, outcome, elapsed_ms, record_json, pushed_by_client)
     values (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, null)`,
  );
  const insertFeedback = db.prepare(
    `insert into feedback (id, team_id, service_id, journey_id, step_id, rating, comment, page_url, created_at)
     values (?, ?, ?, ?, null, ?, null, 'https://portal.example.com/', ?)`,
  );
  const writeWalkthroughs = db.transaction((b: WalkthroughBatch) => {
    for (let i = 0; i < b.ids.length; i += 1) {
      insertWalkthrough.run(
        b.ids[i],
        plan.teamId,
        b.changeSeqs[i],
        b.journeyIds[i],
        b.samplerIds[i],
        b.startedAts[i],
        b.outcomes[i],
        b.elapsedMs[i],
        b.records[i],
      );
    }
  });
  const writeFeedback = db.transaction((b: FeedbackBatch) => {
    for (let i = 0; i < b.ids.length; i += 1) {
      insertFeedback.run(b.ids[i], plan.teamId, b.serviceIds[i], b.journeyIds[i], b.ratings[i], b.createdAts[i]);
    }
  });
  return load(plan, {
    counter: async () =>
      (db.prepare('select value from change_counters where team_id = ?').get(plan.teamId) as { value: number }).value,
    dropIndexes: async () => {
      for (const index of indexes) db.exec(`drop index ${index.name}`);
    },
    walkthroughs: async (b) => writeWalkthroughs(b),
    feedback: async (b) => writeFeedback(b),
    finish: async (seq) => {
      for (const index of indexes) db.exec(index.sql);
      db.prepare('update change_counters set value = ? where team_id = ?').run(seq, plan.teamId);
      // What insertFeedback keeps per rating, counted at once for the rows written above.
      db.exec(`insert into feedback_day_counts (team_id, journey_id, day, r1, r2, r3, r4, r5)
        select team_id, journey_id, cast(julianday(substr(created_at, 1, 10)) - 2440587.5 as integer) as day,
          sum(rating = 1), sum(rating = 2), sum(rating = 3), sum(rating = 4), sum(rating = 5)
        from feedback where journey_id is not null group by team_id, journey_id, day`);
      db.exec('analyze');
    },
    close: async () => {
      db.close();
    },
  });
}

/** Loads the rows into the PostgreSQL database at `url`, migrated by a store. */
export async function loadPostgres(url: string, plan: LoadPlan): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  await client.query("set maintenance_work_mem = '1GB'");
  // No foreign-key triggers for the rows (made against the stored catalog; SQLite's loader connection does not
  // check them either): a check per row per key tripled the load time. Back on before the counts (finish).
  await client.query('set session_replication_role = replica');
  // The migrations' secondary indexes on the raw tables, as they wrote them (not those behind a constraint, nor
  // unique ones a foreign key may lean on).
  const { rows: indexes } = await client.query<{ name: string; sql: string }>(
    `select indexname as name, indexdef as sql from pg_indexes
     where schemaname = current_schema() and tablename in ('walkthroughs', 'feedback')
       and indexname not in (select conname from pg_constraint) and indexdef not like 'CREATE UNIQUE%'`,
  );
  return load(plan, {
    counter: async () => {
      const { rows } = await client.query<{ value: string }>('select value from change_counters where team_id = $1', [
        plan.teamId,
      ]);
      return Number(rows[0]?.value ?? 0);
    },
    dropIndexes: async () => {
      for (const index of indexes) await client.query(`drop index ${index.name}`);
    },
    walkthroughs: async (b) => {
      await client.query(
        `insert into walkthroughs (id, team_id, rev, change_seq, journey_id, sampler_id, started_at, outcome, elapsed_ms, record_json, pushed_by_client)
         select id, $1, 1, change_seq, journey_id, sampler_id, started_at, outcome, elapsed_ms, record_json, null
         from unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[])
           as t(id, change_seq, journey_id, sampler_id, started_at, outcome, elapsed_ms, record_json)`,
        [
          plan.teamId,
          b.ids,
          b.changeSeqs,
          b.journeyIds,
          b.samplerIds,
          b.startedAts,
          b.outcomes,
          b.elapsedMs,
          b.records,
        ],
      );
    },
    feedback: async (b) => {
      await client.query(
        `insert into feedback (id, team_id, service_id, journey_id, step_id, rating, comment, page_url, created_at)
         select id, $1, service_id, journey_id, null, rating, null, 'https://portal.example.com/', created_at
         from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
           as t(id, service_id, journey_id, rating, created_at)`,
        [plan.teamId, b.ids, b.serviceIds, b.journeyIds, b.ratings, b.createdAts],
      );
    },
    finish: async (seq) => {
      for (const index of indexes) await client.query(index.sql);
      // Triggers on again: the day counts' own (feedback_span_counts follows them) must fire.
      await client.query('set session_replication_role = default');
      await client.query('update change_counters set value = $1 where team_id = $2', [seq, plan.teamId]);
      await client.query(`insert into feedback_day_counts (team_id, journey_id, day, r1, r2, r3, r4, r5)
        select team_id, journey_id, substr(created_at, 1, 10)::date - date '1970-01-01' as day,
          count(*) filter (where rating = 1), count(*) filter (where rating = 2), count(*) filter (where rating = 3),
          count(*) filter (where rating = 4), count(*) filter (where rating = 5)
        from feedback where journey_id is not null group by 1, 2, 3`);
      // The visibility map and statistics a database that grew over two years would have.
      await client.query('vacuum analyze walkthroughs');
      await client.query('vacuum analyze feedback');
      await client.query('vacuum analyze feedback_day_counts');
    },
    close: () => client.end(),
  });
}
