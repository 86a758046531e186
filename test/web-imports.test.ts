/**
 * What a web process loads. The parsers and extractors (cheerio with parse5 and undici,
 * sanitize-html, rss-parser, diff) held about 25 MiB of a web process's memory for nothing: it
 * never scrapes; nor does it decode fetched bytes (encoding-sniffer and iconv-lite, 0.7 MiB of
 * heap). They are loaded by the first job that runs a step (pipeline/jobs.ts, loadSteps),
 * the first release page or correction rendered, Bull Board when the admin pages are on, and
 * pino-pretty only on a terminal. A child process imports the modules the `web` role imports at
 * start, with a resolve hook that names every package it loads.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/cli.js';

const WORKER_ONLY = [
  'cheerio',
  'parse5',
  'undici',
  'htmlparser2',
  'sanitize-html',
  'rss-parser',
  'diff',
  // The charset detection and decoding of what is fetched (fetch/charset.ts).
  'encoding-sniffer',
  'iconv-lite',
  '@bull-board/api',
  '@bull-board/fastify',
  'pino-pretty',
];

/**
 * The packages a fresh node process loads when it imports `modules` (paths under src/) and then
 * runs `afterwards`, which finds the imported modules in `loaded`.
 */
async function packagesLoadedBy(modules: string[], afterwards = ''): Promise<Set<string>> {
  const urls = modules.map((module) => JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src', module)).href));
  const imports = `const loaded = []; for (const url of [${urls.join(', ')}]) loaded.push(await import(url));`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'test/helpers/record-packages.mjs')).href)});`;
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', `${imports} ${afterwards}`],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  return new Set([...stderr.matchAll(/^package (\S+)$/gm)].map((match) => match[1]!));
}

describe('a web process', () => {
  it('loads no parser, extractor, Bull Board or pretty-printer until it needs one', async () => {
    // cli/commands.ts is what `hessenfeed web` runs; app/web.ts (and the routes) it loads to serve.
    const loaded = await packagesLoadedBy(['cli/commands.ts', 'app/web.ts']);
    expect([...loaded].filter((name) => WORKER_ONLY.includes(name))).toEqual([]);
    // What it serves with is there: the check above sees the packages a process loads.
    expect(loaded).toContain('fastify');
    expect(loaded).toContain('ioredis');
  }, 30_000);

  it('gets the steps, and their parsers, from loadSteps when a job runs one', async () => {
    const loaded = await packagesLoadedBy(['pipeline/index.ts'], 'await loaded[0].loadSteps();');
    expect(loaded).toContain('cheerio');
    expect(loaded).toContain('sanitize-html');
    expect(loaded).toContain('rss-parser');
  }, 30_000);
});
