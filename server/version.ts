import packageJson from '../package.json' with { type: 'json' };

/** The server's version as released (package.json), reported by /healthz. */
export const SERVER_VERSION: string = packageJson.version;
