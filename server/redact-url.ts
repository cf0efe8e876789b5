/**
 * A connection URL safe to print: the password, if any, becomes `***`. Returns null unless the value is a
 * `scheme://host…` URL, because only then can the password be told apart: `user:pw@db` (scheme forgotten)
 * parses as scheme `user:` with path `pw@db`, and printing that would print the password.
 */
export function redactUrl(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.host === '' || !value.startsWith(`${url.protocol}//`)) return null;
  if (url.password !== '') url.password = '***';
  return url.href;
}

/**
 * `text` with the password of `url` (raw or percent-decoded) replaced by `***`. Drivers do not put passwords in
 * their error messages, but a line printed at startup must not depend on that.
 */
export function scrubPassword(text: string, url: string): string {
  if (!URL.canParse(url)) return text;
  const encoded = new URL(url).password;
  if (encoded === '') return text;
  let decoded = encoded;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    // A malformed %-sequence: the raw form is all there is to scrub.
  }
  return text.replaceAll(decoded, '***').replaceAll(encoded, '***');
}
