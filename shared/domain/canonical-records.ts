/**
 * One record per id, sorted by id. The extension (IndexedDB order) and the server (SQL order) hand scoring the
 * same records in different orders, and list orders and floating-point sums depend on order: a canonical order
 * is what lets both compute the same scorecard to the digit. A record seen twice keeps its highest `rev`, the
 * same rule the server applies on push; on a tie the first one seen is kept.
 */
export const canonicalRecords = <T extends { readonly id: string }>(
  records: readonly T[],
  revOf: (record: T) => number = () => 0,
): T[] => {
  const byId = new Map<string, T>();
  for (const record of records) {
    const kept = byId.get(record.id);
    if (kept === undefined || revOf(record) > revOf(kept)) byId.set(record.id, record);
  }
  // Code-unit comparison, not localeCompare: the order must not depend on the runtime's locale.
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
};
