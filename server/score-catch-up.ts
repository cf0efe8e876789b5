import { errorCode } from './error-code.ts';
import type { Logger } from './logger.ts';
import type { Store } from './store/store.ts';

/** A team whose catch-up takes at least this long gets its own log line; quicker ones only count in the summary. */
const SLOW_TEAM_MS = 1000;

export type ScoreCatchUpOptions = {
  readonly store: Pick<Store, 'catchUpScores'> & { readonly accounts: Pick<Store['accounts'], 'listTeams'> };
  readonly logger: Logger;
  readonly now?: () => number;
};

export type ScoreCatchUp = {
  /** Settles once every team is caught up, or the catch-up stopped or failed; never rejects. */
  done(): Promise<void>;
  /**
   * No team starts after this, and the team under way stops before its next transaction (a batch or a step of a
   * rebuild); resolves once that one transaction (if any) has ended, so the store can close.
   */
  stop(): Promise<void>;
};

/**
 * Catches every team's score rollups up at server start, in the background: after a deploy (or a long time
 * without score reads) the backlog of changes is folded in here, one team at a time, instead of inside the first
 * score read of each team. Serving does not wait for it; a score read that arrives meanwhile catches its own team
 * up as before (two catch-ups of one team take turns on its cursor lock and the second finds nothing left).
 *
 * Logged as JSON lines: the start, every team that took a second or more, a failed team (a warning: the others
 * still run, and that team's next score read tries again), and a summary. On shutdown no further team starts and
 * the one under way stops before its next transaction: its whole backlog could take minutes, past the server's
 * shutdown timeout. Nothing is lost: the next catch-up (or score read) goes on from its cursor, and a rebuild cut
 * short is done again (store/scores/catch-up.ts).
 */
export function startScoreCatchUp({ store, logger, now = () => performance.now() }: ScoreCatchUpOptions): ScoreCatchUp {
  let stopped = false;
  const run = (async () => {
    const started = now();
    const teams = await store.accounts.listTeams();
    logger.info('catching up the score rollups of every team', { teams: teams.length });
    let caughtUp = 0;
    let failed = 0;
    for (const [index, team] of teams.entries()) {
      if (stopped) {
        logger.info('score catch-up stopped by shutdown', { caughtUp, failed, left: teams.length - index });
        return;
      }
      const teamStarted = now();
      let cutShort = false;
      const shouldStop = () => {
        cutShort = stopped;
        return stopped;
      };
      try {
        const throughSeq = await store.catchUpScores(team.id, undefined, { shouldStop });
        if (cutShort) {
          logger.info('score catch-up stopped by shutdown', { caughtUp, failed, left: teams.length - index });
          return;
        }
        caughtUp += 1;
        const ms = Math.round(now() - teamStarted);
        if (ms >= SLOW_TEAM_MS) logger.info('score rollups caught up', { teamId: team.id, throughSeq, ms });
      } catch (error) {
        failed += 1;
        logger.warn('catching up a team’s score rollups failed; its next score read tries again', {
          teamId: team.id,
          error: errorCode(error),
        });
      }
    }
    logger.info('score rollups of every team caught up', { caughtUp, failed, ms: Math.round(now() - started) });
  })().catch((error: unknown) => {
    logger.warn('the score catch-up could not list the teams; each team catches up on its next score read', {
      error: errorCode(error),
    });
  });
  return {
    done: () => run,
    // The run ends after the transaction under way: `stopped` is checked before each team and each transaction.
    stop: () => {
      stopped = true;
      return run;
    },
  };
}
