/**
 * Loaded once per worker thread, before any workflow exists, and shared by every workflow in the reusable V8
 * context (the bundle's `preloadModules`). Without it each cached workflow instantiated the domain library afresh —
 * every zod schema, decider and policy table: about 4 MB of heap and hundreds of milliseconds of CPU per contract.
 * The domain and zod hold no per-workflow state: schemas, pure functions and constant tables.
 *
 * The worker deep-freezes what preloaded modules export, so that no workflow can change what another sees. Zod
 * cannot run frozen: a schema patches its own parse on first use and resets its patterns' `lastIndex` on every
 * use. So each shared module's exports object is frozen here, shallowly: the worker's deep freeze stops at a
 * frozen object, nothing can be added to or replaced in a module's exports, and zod keeps its working state. The
 * SDK's own modules, shared before this runs, are left to the worker's deep freeze as always.
 */
import '@cls/domain';

declare const __webpack_modules__: Record<string, unknown>;
declare const __webpack_module_cache__: Record<string, { exports?: unknown } | undefined>;

for (const id of Object.keys(__webpack_modules__)) {
  if (id.includes('/@temporalio/')) continue;
  const exported = __webpack_module_cache__[id]?.exports;
  if (exported !== null && (typeof exported === 'object' || typeof exported === 'function')) Object.freeze(exported);
}
