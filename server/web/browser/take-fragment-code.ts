/**
 * The `code` a link carries in its fragment (`#code=…`), or null. The fragment is taken out of the address bar
 * and the history at once: the code is a credential until it is used. (A fragment is never sent to a server, so
 * the code stays out of access logs.)
 */
export function takeFragmentCode(): string | null {
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  if (location.hash !== '') history.replaceState(null, '', location.pathname);
  return code === '' ? null : code;
}
