/** A row in the database that cannot be turned back into a valid record. Always a server fault (500). */
export class StoredRecordError extends Error {
  override readonly name = 'StoredRecordError';
}
