export * from './error.ts';
export * from './health.ts';
export * from './pull.ts';
export * from './push.ts';
export * from './version.ts';
