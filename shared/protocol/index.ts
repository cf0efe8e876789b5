export * from './accounts.ts';
export * from './catalog.ts';
export * from './error.ts';
export * from './health.ts';
export * from './pull.ts';
export * from './push.ts';
export * from './push-reject.ts';
export * from './version.ts';
