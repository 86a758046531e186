/**
 * runtime: what a hessenfeed process does to Node and V8 before it loads anything else. A leaf
 * (node: modules only), imported first by the bin.
 *
 * Node builds a tick object for every `process.nextTick`: in Node 20,
 * `{ [async_id_symbol]: …, [trigger_async_id_symbol]: …, callback, args }` (one for nearly every
 * HTTP answer, from the streams' `endReadable` and the request's `_destroy`). V8 keeps the maps
 * such a literal goes through only while some object has them: a full collection at a moment
 * when no tick object is alive (which is when a process is idle, exactly when the web process
 * asks for one to give memory back) frees them, and the next tick objects get new maps. The
 * literal's feedback remembered the old ones, so its stores go megamorphic for the rest of the
 * process's life: every tick object is then built in V8's runtime (Runtime_DefineKeyedOwnProperty-
 * InLiteral, about 3 µs where the fast path costs 0.03), 12 % of a web process's CPU under a 304
 * load. That was the "slow kind" of web process (docs/performance-log.md): one start in five
 * collected at such a moment while starting up, and any process could turn slow at its first
 * quiet full collection.
 *
 * One object of that very shape, kept alive here for the life of the process, keeps those maps
 * alive. Its two ids are non-integer numbers so that their fields have the representation Node's
 * own first tick objects give them (a double); a field first made for small integers would be
 * widened by the next tick object, which again leaves maps only the kept object holds.
 */
import { AsyncResource } from 'node:async_hooks';

let kept: object | undefined;

/**
 * Keeps one tick-shaped object alive (see above). False when this Node has no such symbols on its
 * async resources (a Node whose tick objects this does not know): nothing is done then.
 */
export function keepTickShape(): boolean {
  if (kept !== undefined) return true;
  // AsyncResource carries the very two symbols nextTick uses (Timeout objects have others).
  const symbols = Object.getOwnPropertySymbols(new AsyncResource('hessenfeed-tick-shape'));
  const asyncId = symbols.find((symbol) => symbol.description === 'async_id_symbol');
  const triggerAsyncId = symbols.find((symbol) => symbol.description === 'trigger_async_id_symbol');
  if (asyncId === undefined || triggerAsyncId === undefined) return false;
  // The same properties in the same order and of the same kinds as Node's literal.
  kept = { [asyncId]: 0.5, [triggerAsyncId]: 0.5, callback: () => undefined, args: undefined };
  return true;
}
