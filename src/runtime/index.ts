/**
 * runtime: what a hessenfeed process does to Node and V8 before it loads anything else. A leaf
 * (node: modules only), imported first by the bin.
 *
 * Node builds a tick object for every `process.nextTick`: in Node 20,
 * `{ [async_id_symbol]: …, [trigger_async_id_symbol]: …, callback, args }` (one for nearly every
 * HTTP answer, from the streams' `endReadable` and the request's `_destroy`). V8 keeps the maps
 * such a literal goes through only while some object has them: a full collection at a moment
 * when no tick object is alive frees them, and the next tick objects get new maps. The
 * literal's feedback remembered the old ones, so its stores go megamorphic for the rest of the
 * process's life: every tick object is then built in V8's runtime (Runtime_DefineKeyedOwnProperty-
 * InLiteral, about 3 µs where the fast path costs 0.03), 12 % of a web process's CPU under a 304
 * load. That was the "slow kind" of web process (docs/performance-log.md): about one start in
 * five collected at such a moment while starting up, and nothing kept a process that had not from
 * doing so later.
 *
 * Keeping one tick object alive for the life of the process keeps those maps alive. It is Node's
 * own, made by its literal (an async hook sees it made, once, at the start), so it has the very
 * maps whatever the Node version puts into the literal (Node 22 adds a third symbol), and its ids
 * are what the literal's first objects hold, doubles, so later ones never widen its fields onto
 * maps only they hold.
 */
import { createHook } from 'node:async_hooks';
import { nextTick } from 'node:process';

let kept: object | undefined;

/**
 * Keeps one of Node's tick objects alive (see above). False when no tick object was seen (a Node
 * whose nextTick makes none for async hooks): nothing is kept then.
 */
export function keepTickShape(): boolean {
  if (kept !== undefined) return true;
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject') kept ??= resource;
    },
  });
  hook.enable();
  try {
    nextTick(() => undefined);
  } finally {
    hook.disable();
  }
  return kept !== undefined;
}
