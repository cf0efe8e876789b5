/** Any function, to tell a module's functions from its constants. */
type AnyFunction = (...args: never[]) => unknown;

/** A query of context `C`: a function taking that context (or less of it) first. */
type Query<C> = (context: C, ...args: never[]) => unknown;

/**
 * What a module of queries must look like: every function it exports is a query of `C`; constants may sit beside
 * them and are left out. A helper function exported from such a module is a type error where it is bound
 * (createStore), so it cannot slip onto the Store as a member that takes a context nobody passes.
 */
export type QueryModule<C, M> = { readonly [K in keyof M]: M[K] extends AnyFunction ? Query<C> : M[K] };

/**
 * The queries of module `M` with the context bound: `getService(context, teamId, id)` becomes
 * `getService(teamId, id)`. Each member keeps its function's parameter names and JSDoc.
 */
export type BoundQueries<C, M> = {
  readonly [K in keyof M as M[K] extends Query<C> ? K : never]: M[K] extends (context: C, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};

/**
 * Binds every function `module` exports to `context`. `module` is a namespace import of one file that re-exports
 * the query modules (`export * from …`), so a query exported by a gathered module is a store member.
 */
export function bindQueries<C, M extends QueryModule<C, M>>(context: C, module: M): BoundQueries<C, M> {
  const bound: Record<string, unknown> = {};
  const members: [string, unknown][] = Object.entries(module);
  for (const [name, value] of members) {
    if (typeof value === 'function') bound[name] = value.bind(undefined, context);
  }
  // The one cast of the store: Object.entries forgets which function sits under which name, so the object built
  // above cannot be typed member by member. QueryModule has checked that every function is a query of C, and
  // BoundQueries is exactly "each of them with C bound", which is what the loop does.
  return bound as BoundQueries<C, M>;
}
