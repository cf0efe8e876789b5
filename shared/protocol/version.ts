/**
 * The client-server contract version. The client sends it with every sync request; a server that does not
 * speak it answers with `unsupported_protocol` so the extension can tell the sampler to update.
 *
 * 2: a pull names the pulling device (`clientId`) and leaves out the walkthroughs that device pushed itself
 * (shared/protocol/pull.ts). Push bodies are the same as in 1.
 */
export const PROTOCOL_VERSION = 2;

/**
 * What this server answers: every version an extension in the field may still send, so an extension that has not
 * updated yet keeps syncing as before. An answer carries the version of the request it answers.
 */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1, PROTOCOL_VERSION];
