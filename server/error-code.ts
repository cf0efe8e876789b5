/**
 * The short part of an error for a one-line message: a system error's code (`ECONNREFUSED`, `ENOTDIR`), else
 * its message (a PostgreSQL error's SQLSTATE like `3D000` says less than `database "x" does not exist`). Node
 * reports a failed dual-stack connect as an AggregateError whose own message is empty, so the first inner error
 * speaks for it.
 */
export function errorCode(error: unknown): string {
  const cause = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  if (!(cause instanceof Error)) return String(cause);
  const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : '';
  if (/^E[A-Z0-9_]+$/.test(code) || (code !== '' && cause.message === '')) return code;
  return cause.message !== '' ? cause.message : cause.name;
}
