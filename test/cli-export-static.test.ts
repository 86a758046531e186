import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, openApp, startWeb, type App } from '../src/app/index.js';
import { formatBytes, resolveStaticExportOptions } from '../src/cli/export-static.js';
import { UsageError } from '../src/cli/usage-error.js';
import { loadEnv } from '../src/config/index.js';
import { runCli } from './helpers/cli.js';
import { loadShippedConfig } from './helpers/config.js';
import { TEST_REDIS_URL, uniquePrefix, connectRedis, deletePrefix } from './helpers/redis.js';
import { httpGet } from './helpers/web.js';
import { corpusArticle, CORPUS, ingestCorpus } from './web-corpus.js';

/** Where the files will be hosted: a path below a host, as on a shared web space. */
const BASE = 'https://static.example.org/hessen';
const TAGS_IN_USE = ['energie', 'europa', 'fruehkindliche-bildung', 'integration', 'sicherheit'];
const FORMATS = ['atom', 'rss', 'json'];

let app: App;
let server: FastifyInstance;
let serverUrl: string;
let ministryIds: string[];
let dir: string;
let env: Record<string, string>;
let releaseIds: string[];

/** Every file below `root`, as `/`-separated relative paths, sorted. */
function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

const feedFiles = (name: string): string[] => FORMATS.map((format) => `${name}.${format}`);

beforeAll(async () => {
  const prefix = uniquePrefix('export');
  // The real web role (the code `hessenfeed start` runs), with PUBLIC_URL set to where the files will live.
  const appEnv = loadEnv({ REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, PORT: '0', PUBLIC_URL: BASE, LOG_LEVEL: 'silent' });
  const config = await loadShippedConfig();
  ministryIds = config.ministries.map((m) => m.id);
  app = await openApp(appEnv, config, createLogger('silent', process.stderr));
  releaseIds = [...(await ingestCorpus(app.store)).values()];
  server = await startWeb(app);
  const { address, port } = server.server.address() as AddressInfo;
  serverUrl = `http://${address}:${port}`;
  dir = mkdtempSync(join(tmpdir(), 'hf-static-'));
  env = { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix };
});

afterAll(async () => {
  await server?.close();
  if (app) {
    const redis = connectRedis();
    await deletePrefix(redis, app.env.keyPrefix);
    redis.disconnect();
    await app.close();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hessenfeed export --out', () => {
  let out: string;
  let stdout: string;

  beforeAll(async () => {
    out = join(dir, 'site');
    // --limit 50 is the server's default page size, so the server's answers have no limit parameter either.
    const result = await runCli(['export', '--out', out, '--base-url', `${BASE}/`, '--limit', '50'], env);
    expect(result.code, result.stderr).toBe(0);
    stdout = result.stdout;
  });

  it('writes the merged feed, every ministry, every tag in use, the OPML list, the pages, icons and robots.txt', () => {
    const expected = [
      ...feedFiles('feed'),
      ...ministryIds.flatMap((id) => feedFiles(`ministries/${id}`)),
      ...TAGS_IN_USE.flatMap((slug) => feedFiles(`tags/${slug}`)),
      ...ministryIds.map((id) => `ministries/${id}.html`),
      ...TAGS_IN_USE.map((slug) => `tags/${slug}.html`),
      ...releaseIds.map((id) => `releases/${id}.html`),
      'index.html',
      'opml',
      'opml.xml',
      'favicon.ico',
      'favicon.svg',
      'robots.txt',
    ].sort();
    // Also: no temporary file is left behind.
    expect(listFiles(out)).toEqual(expected);
    const bytes = expected.reduce((sum, path) => sum + readFileSync(join(out, path)).length, 0);
    expect(stdout).toBe(`Wrote ${expected.length} files (${formatBytes(bytes)}) to ${out} for ${BASE}/, newest 50 releases per feed\n`);
  });

  it('holds, in every feed file, what the server sends at the same path, except that its self link and release pages are files', async () => {
    const paths = [
      ...feedFiles('feed'),
      ...ministryIds.flatMap((id) => feedFiles(`ministries/${id}`)),
      ...TAGS_IN_USE.flatMap((slug) => feedFiles(`tags/${slug}`)),
    ];
    for (const path of paths) {
      const served = await httpGet(`${serverUrl}/${path}`);
      expect(served.status, path).toBe(200);
      const [name, format] = path.split(/\.(?=[a-z]+$)/) as [string, string];
      const [kind, id] = name.split('/');
      // The server names a selection by its canonical query URL; a static host would ignore the query.
      const serverSelf = kind === 'ministries' ? `${BASE}/feed.${format}?ministry=${id}` : kind === 'tags' ? `${BASE}/feed.${format}?tag=${id}` : `${BASE}/feed.${format}`;
      expect(served.text.split(serverSelf).length - 1, `${path}: one self link`).toBe(1);
      const file = readFileSync(join(out, path));
      expect(file.toString('utf8'), path).toBe(served.text.replace(serverSelf, `${BASE}/${path}`).replace(/(\/releases\/[0-9a-f]{16})(?=")/g, '$1.html'));
    }
  });

  it('writes the overview, ministry, tag and release pages with what the server shows, without what only a server can answer', async () => {
    const section = (html: string, id: string): string => {
      const match = new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html);
      expect(match, `section ${id}`).not.toBeNull();
      return match![0];
    };
    // The server's pages link pages by address, the files by file name; a file has no page numbers.
    const asFiles = (html: string): string =>
      html
        .replace(/href="(https?:[^"]*\/(?:ministries|tags|releases)\/[a-z0-9-]+)"/g, 'href="$1.html"')
        .replace(/ · Seite 1 von 1/g, '');
    for (const [path, file, sections] of [
      ['/', 'index.html', ['newest', 'ministries', 'tags']],
      ['/ministries/soziales', 'ministries/soziales.html', ['newest']],
      ['/tags/integration', 'tags/integration.html', ['newest']],
      [`/releases/${releaseIds[0]}`, `releases/${releaseIds[0]}.html`, ['addresses']],
    ] as const) {
      const page = await httpGet(`${serverUrl}${path}`, { 'accept-language': 'de' });
      expect(page.status, path).toBe(200);
      const written = readFileSync(join(out, file), 'utf8');
      for (const id of sections) expect(section(written, id), `${file} ${id}`).toBe(asFiles(section(page.text, id)));
      // A static host ignores queries: a filtered address there would serve the merged feed.
      expect(written, file).not.toContain('<form');
      expect(written, file).not.toContain('<script');
      expect(written, file).not.toContain('/api/');
      expect(written, file).toContain('Dies ist eine statische Kopie');
    }
    expect((await httpGet(`${serverUrl}/`)).text).toContain('<form id="filter-form"');
  });

  it('writes the icons and robots.txt byte for byte as the server sends them', async () => {
    for (const path of ['favicon.ico', 'favicon.svg', 'robots.txt']) {
      expect(readFileSync(join(out, path)).equals((await httpGet(`${serverUrl}/${path}`)).body), path).toBe(true);
    }
  });

  it('writes the OPML list byte for byte as the server sends it', async () => {
    const opml = await httpGet(`${serverUrl}/opml`);
    expect(readFileSync(join(out, 'opml')).equals(opml.body)).toBe(true);
    expect(readFileSync(join(out, 'opml.xml')).equals(opml.body)).toBe(true);
  });

  it('links only to files it wrote', () => {
    const written = new Set(listFiles(out));
    for (const page of ['index.html', 'opml', 'ministries/soziales.html', 'tags/integration.html', `releases/${releaseIds[0]}.html`]) {
      const html = readFileSync(join(out, page), 'utf8');
      const links = [...html.matchAll(/(?:href|xmlUrl|htmlUrl|action|data-base-url)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
      const local = links.filter((link) => link.startsWith(BASE));
      expect(local.length, page).toBeGreaterThan(3);
      for (const link of local) {
        const path = link.slice(BASE.length).replace(/^\//, '');
        if (path === '') continue;
        expect(written.has(decodeURIComponent(path)), `${page} links ${link}`).toBe(true);
      }
      // Nothing points at the machine the export ran on.
      expect(links.filter((link) => /^https?:\/\/(127\.|localhost)/.test(link)), page).toEqual([]);
    }
  });
});

describe('a static feed has no pages', () => {
  it('holds the newest --limit releases and no next link, since ?before= URLs do not exist as files', async () => {
    const out = join(dir, 'limited');
    const result = await runCli(['export', '--out', out, '--base-url', BASE, '--limit', '2'], env);
    expect(result.code, result.stderr).toBe(0);
    const atom = readFileSync(join(out, 'feed.atom'), 'utf8');
    const newest = [...CORPUS].sort((a, b) => b.published.localeCompare(a.published)).slice(0, 2);
    expect([...atom.matchAll(/<entry>/g)]).toHaveLength(2);
    for (const release of newest) expect(atom).toContain(release.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(atom).toContain(`<link rel="self" type="application/atom+xml" href="${BASE}/feed.atom"/>`);
    expect(atom).not.toContain('rel="next"');
    expect(readFileSync(join(out, 'feed.rss'), 'utf8')).not.toContain('rel="next"');
    const json = JSON.parse(readFileSync(join(out, 'feed.json'), 'utf8')) as { items: unknown[]; feed_url: string; next_url?: string };
    expect(json.items).toHaveLength(2);
    expect(json.feed_url).toBe(`${BASE}/feed.json`);
    expect(json.next_url).toBeUndefined();
    // The server, by contrast, pages: that is what the file leaves out.
    expect((await httpGet(`${serverUrl}/feed.atom?limit=2`)).text).toContain('rel="next"');
  });
});

describe('exporting again', () => {
  it('replaces the files in place with the current releases, taking the address from PUBLIC_URL', async () => {
    const out = join(dir, 'again');
    const first = await runCli(['export', '--out', out], { ...env, PUBLIC_URL: BASE });
    expect(first.code, first.stderr).toBe(0);
    const newer = { key: 'neu', title: 'Neue Meldung nach dem ersten Export', ministryId: 'digitales' as const, tags: ['Integration'], published: '2024-10-02T08:00:00Z' };
    expect(readFileSync(join(out, 'feed.atom'), 'utf8')).not.toContain(newer.title);
    await app.store.ingest(corpusArticle(newer, CORPUS.length), 'portal-presse', new Date('2024-10-03T00:00:00Z'));
    const second = await runCli(['export', '--out', out], { ...env, PUBLIC_URL: BASE });
    expect(second.code, second.stderr).toBe(0);
    for (const path of ['feed.atom', 'ministries/digitales.json', 'tags/integration.rss', 'index.html']) {
      expect(readFileSync(join(out, path), 'utf8'), path).toContain(newer.title);
    }
    expect(readFileSync(join(out, 'ministries/digitales.atom'), 'utf8')).toContain(`href="${BASE}/ministries/digitales.atom"`);
    expect(listFiles(out).filter((path) => path.split('/').pop()!.startsWith('.'))).toEqual([]);
  });
});

describe('hessenfeed export --out refuses', () => {
  it('without a base URL, saying how to give one (exit 2), and writes nothing', async () => {
    const out = join(dir, 'no-base');
    const result = await runCli(['export', '--out', out], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('export --out needs the address the files will be served from');
    expect(result.stderr).toContain('--base-url https://feeds.example.org (or set PUBLIC_URL)');
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [{ baseUrl: 'feeds.example.org' }, '--base-url: "feeds.example.org" is not an http(s) URL'],
    [{ baseUrl: 'ftp://feeds.example.org' }, '--base-url: "ftp://feeds.example.org" is not an http(s) URL'],
    [{ baseUrl: 'https://feeds.example.org/?x=1' }, 'is not an http(s) URL without query, fragment or user'],
    [{ baseUrl: BASE, limit: '500' }, '--limit: "500" is not a whole number from 1 to 200'],
    [{ baseUrl: BASE, limit: '0' }, '--limit: "0" is not a whole number from 1 to 200'],
    [{ baseUrl: BASE, out: ' ' }, '--out: give the directory'],
  ])('%j as a usage error', (args, message) => {
    const attempt = (): unknown => resolveStaticExportOptions({ out: 'site', ...args }, undefined);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  it('takes --base-url over PUBLIC_URL and drops a trailing slash', () => {
    expect(resolveStaticExportOptions({ out: 'site', baseUrl: 'https://a.example.org/x/' }, 'https://b.example.org')).toMatchObject({ baseUrl: 'https://a.example.org/x', limit: 200 });
    expect(resolveStaticExportOptions({ out: 'site' }, 'https://b.example.org')).toMatchObject({ baseUrl: 'https://b.example.org' });
  });
});
