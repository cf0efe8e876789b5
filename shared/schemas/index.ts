export * from './common.ts';
export * from './feedback.ts';
export * from './journey.ts';
export * from './journey-targets.ts';
export * from './service.ts';
export * from './team.ts';
export * from './url-pattern.ts';
export * from './walkthrough.ts';
