/**
 * Every Lua script of the project goes through one loader (src/redis) and looks like the house
 * model (src/store/lua/commit-ingest-4.lua): a file `<name>-<key count>.lua` headed by a comment
 * that lists each of its KEYS, its ARGV and what it returns.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { keyCountOf, LuaScript } from '../src/redis/index.js';
import { PROJECT_ROOT } from './helpers/cli.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';

const SRC = join(PROJECT_ROOT, 'src');
const scripts = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.lua'))
  .sort();

/** The comment lines before the first line of code. */
function header(source: string): string[] {
  const lines = source.split('\n');
  const end = lines.findIndex((line) => !line.startsWith('--'));
  return lines.slice(0, end === -1 ? lines.length : end);
}

describe('the Lua scripts in src/', () => {
  it('are there: the host gate and the store scripts', () => {
    expect(scripts).toEqual(expect.arrayContaining(['fetch/lua/host-gate-4.lua', 'store/lua/commit-ingest-4.lua', 'store/lua/add-sources-2.lua']));
  });

  it.each(scripts)('%s is named <name>-<key count>.lua, in a lua folder, and headed by its KEYS, ARGV and return values', (file) => {
    expect(basename(file)).toMatch(/^[a-z][a-z0-9-]*-\d+\.lua$/);
    expect(file.split('/').at(-2)).toBe('lua');
    const lines = header(readFileSync(join(SRC, file), 'utf8'));
    const keys = lines.map((line) => /^--\s*KEYS\[(\d+)\]/.exec(line)?.[1]).filter((n) => n !== undefined).map(Number);
    const count = keyCountOf(basename(file))!;
    expect(keys).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(lines.some((line) => /^--\s*ARGV\b/.test(line))).toBe(true);
    expect(lines.some((line) => /^--\s*Returns\b/i.test(line))).toBe(true);
  });
});

describe('LuaScript', () => {
  const redis = connectRedis();
  const prefix = uniquePrefix('lua');
  const dir = mkdtempSync(join(tmpdir(), 'hf-lua-'));

  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A script no Redis has seen: its text holds a random token, so its sha is new. */
  function freshScript(name: string, body: string): LuaScript {
    const path = join(dir, name);
    writeFileSync(path, `-- ${randomBytes(8).toString('hex')}\n${body}\n`);
    return new LuaScript(pathToFileURL(path));
  }

  it('runs a script this Redis has not cached (NOSCRIPT) by sending it once, then by its hash', async () => {
    const script = freshScript('probe-1.lua', "return redis.call('INCRBY', KEYS[1], ARGV[1])");
    const key = `${prefix}:probe`;
    expect(await redis.script('EXISTS', script.sha)).toEqual([0]);
    expect(await script.run(redis, [key], [2])).toBe(2);
    // Sending it cached it: the next run is an EVALSHA that finds it.
    expect(await redis.script('EXISTS', script.sha)).toEqual([1]);
    expect(await script.run(redis, [key], [3])).toBe(5);
  });

  it('refuses a call with another number of keys than its name declares', async () => {
    const script = freshScript('pair-2.lua', 'return 1');
    await expect(script.run(redis, [`${prefix}:a`], [])).rejects.toThrow('pair-2.lua takes 2 keys, got 1');
  });

  it('refuses a file whose name does not give its key count, and a missing file', () => {
    expect(() => freshScript('nameless.lua', 'return 1')).toThrow('Lua script name must end in -<key count>.lua: nameless.lua');
    expect(() => new LuaScript(pathToFileURL(join(dir, 'absent-1.lua')))).toThrow(/Lua script .*absent-1\.lua is missing/);
  });
});
