// Every query module of the Store, gathered: each function these modules export becomes a Store member with the
// context bound (`store.getService(teamId, id)`; bind-queries.ts). A new query in one of them needs nothing else;
// a new module needs its line here. A name exported twice fails the typecheck.
export * from './push/push-walkthroughs.ts';
export * from './queries/attachments.ts';
export * from './queries/feedback.ts';
export * from './queries/housekeeping.ts';
export * from './queries/journey-targets.ts';
export * from './queries/journeys.ts';
export * from './queries/pull-changes.ts';
export * from './queries/services.ts';
export * from './queries/teams.ts';
export * from './queries/walkthroughs.ts';
