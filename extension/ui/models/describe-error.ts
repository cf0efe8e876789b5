/** A thrown value as one sentence for the UI (Dexie and DOM errors carry a useful name and message). */
export const describeError = (error: unknown): string => {
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return String(error);
};
