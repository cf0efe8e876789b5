/**
 * The client-server contract version. The client sends it with every sync request; a server that does not
 * speak it answers with `unsupported_protocol` so the extension can tell the sampler to update.
 *
 * 2: a pull names the pulling device (`clientId`) and leaves out the walkthroughs that device pushed itself
 * (shared/protocol/pull.ts). Push bodies are the same as in 1.
 * 3: duration targets in a pull answer name their clock (`duration.clock`). Versions 1 and 2 get targets without
 * it, because their strict schema refuses an unknown key. Requests are the same as in 2.
 */
export const PROTOCOL_VERSION = 3;

/**
 * What this server answers: every version an extension in the field may still send, so an extension that has not
 * updated yet keeps syncing as before. An answer carries the version of the request it answers.
 */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1, 2, PROTOCOL_VERSION];
