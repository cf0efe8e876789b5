// Every query module of the Store, gathered: each function these modules export becomes a Store member with the
// context bound (`store.getService(teamId, id)`; bind-queries.ts), documented by its own JSDoc. A new query in one
// of them needs nothing else; a new module needs its line here. A gathered module exports queries only (types and
// constants may sit beside them): a helper function exported from one, or a name exported twice, fails the
// typecheck. Shared helpers live in core/.
export * from './push/push-walkthroughs.ts';
export * from './queries/attachments.ts';
export * from './queries/feedback.ts';
export * from './queries/housekeeping.ts';
export * from './queries/journey-targets.ts';
export * from './queries/journey-walkthrough-pages.ts';
export * from './queries/journeys.ts';
export * from './queries/pull-changes.ts';
export * from './queries/scores.ts';
export * from './queries/services.ts';
export * from './queries/teams.ts';
export * from './queries/walkthrough-removals.ts';
export * from './queries/walkthroughs.ts';
