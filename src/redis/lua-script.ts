/**
 * The one loader for the project's Lua scripts. Each script is a file `<name>-<key count>.lua` in
 * a `lua/` folder next to the module that owns it, headed by a comment that lists its KEYS, ARGV
 * and return values. The owner names the file by URL relative to itself
 * (`new URL('./lua/host-gate-4.lua', import.meta.url)`), so it is found beside the compiled module
 * too: `npm run build` copies every lua folder of src/ to dist.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

/** `commit-ingest-4.lua` → 4; undefined for a name without a key count. */
export function keyCountOf(fileName: string): number | undefined {
  const count = /-(\d+)\.lua$/.exec(fileName)?.[1];
  return count === undefined ? undefined : Number(count);
}

function readScript(path: string): string {
  if (!existsSync(path)) throw new Error(`Lua script ${path} is missing (npm run build copies every lua folder of src/ to dist)`);
  return readFileSync(path, 'utf8');
}

export class LuaScript {
  readonly fileName: string;
  readonly source: string;
  readonly sha: string;
  readonly numberOfKeys: number;

  constructor(file: URL) {
    const path = fileURLToPath(file);
    this.fileName = basename(path);
    const keyCount = keyCountOf(this.fileName);
    if (keyCount === undefined) throw new Error(`Lua script name must end in -<key count>.lua: ${this.fileName}`);
    this.numberOfKeys = keyCount;
    this.source = readScript(path);
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  /**
   * Runs the script by its hash. A Redis that has not seen it (first use, or a restart or
   * SCRIPT FLUSH emptied its script cache) answers NOSCRIPT; then the script is sent once in
   * full, which also caches it there for the next EVALSHA.
   */
  async run(redis: Redis, keys: string[], args: (string | number | Buffer)[]): Promise<unknown> {
    if (keys.length !== this.numberOfKeys) {
      throw new Error(`${this.fileName} takes ${this.numberOfKeys} keys, got ${keys.length}`);
    }
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
