/**
 * The client-server contract version. The client sends it with every sync request; a server that does not
 * speak it answers with `unsupported_protocol` so the extension can tell the sampler to update.
 */
export const PROTOCOL_VERSION = 1;
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [PROTOCOL_VERSION];
