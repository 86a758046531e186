/**
 * Lua scripts live one per file in ./lua, named `<name>-<key count>.lua`. They are read from disk
 * when a Store is built, next to this module (`npm run build` copies them to dist).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

function findScript(fileName: string): string {
  const path = fileURLToPath(new URL(`./lua/${fileName}`, import.meta.url));
  if (existsSync(path)) return path;
  throw new Error(`Lua script ${path} is missing (npm run build copies src/store/lua/*.lua to dist)`);
}

export class LuaScript {
  readonly source: string;
  readonly sha: string;
  readonly numberOfKeys: number;

  constructor(readonly fileName: string) {
    const keyCount = /-(\d+)\.lua$/.exec(fileName)?.[1];
    if (keyCount === undefined) throw new Error(`Lua script name must end in -<key count>.lua: ${fileName}`);
    this.numberOfKeys = Number(keyCount);
    this.source = readFileSync(findScript(fileName), 'utf8');
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  /** Runs the script by its hash, loading it once when this Redis has not seen it yet. */
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
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
