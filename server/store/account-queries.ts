// Every query module of `store.accounts`, gathered like store-queries.ts: teams by name, users, access tokens,
// sessions, sign-in and pairing codes, the first admin. Unlike the record queries these are not all scoped by a
// team (admins work across teams): authorisation is the HTTP layer's job, which answers anything the caller may
// not see as not found.
export * from './accounts/first-admin.ts';
export * from './accounts/pairing-codes.ts';
export * from './accounts/sessions.ts';
export * from './accounts/sign-in-codes.ts';
export * from './accounts/team-directory.ts';
export * from './accounts/tokens.ts';
export * from './accounts/users.ts';
