import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listStoreKeys, Store } from '../src/store/index.js';
import { runCli } from './helpers/cli.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease, type ReleaseFixture } from './helpers/hessen-site.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';

/** The report of each source, by id ("== <id> · …" up to the next source). */
function sections(stdout: string): Map<string, string> {
  return new Map(
    stdout
      .split(/^== /m)
      .slice(1)
      .map((section) => [section.slice(0, section.indexOf(' ')), section]),
  );
}

describe('hessenfeed sources check', () => {
  let site: FixtureServer;
  let dir: string;
  let env: Record<string, string>;
  const prefix = uniquePrefix('check');
  const working = [1, 2, 3, 4].map((n) => syntheticRelease(90 + n));
  const relaid = [5, 6].map((n) => syntheticRelease(90 + n));

  const teasers = (releases: ReleaseFixture[], base: string) =>
    releases.map((r) => ({ href: `${base}/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline }));

  beforeAll(async () => {
    site = await startFixtureServer();
    site.route('/presse', listingPage(teasers(working, '/presse')));
    for (const r of working) site.route(`/presse/${r.slug}`, releasePage(r));
    // The site renamed the body's class: the profile's body selector finds nothing any more.
    site.route('/umgebaut', listingPage(teasers(relaid, '/umgebaut')));
    for (const r of relaid) site.route(`/umgebaut/${r.slug}`, releasePage(r).replace('field--name-field-pt-body', 'field--name-field-text'));
    site.route('/leer', '<!DOCTYPE html><html><body><main><h1>Presse</h1><p>Zurzeit keine Meldungen.</p></main></body></html>');
    site.route('/defekt', listingPage([{ href: '/defekt/seite', title: 'Eine Meldung ohne Text', date: '01.02.2025', dateline: 'Hessische Staatskanzlei' }]));
    site.route('/defekt/seite', '<!DOCTYPE html><html><body><main><p>Nichts.</p></main></body></html>');
    dir = mkdtempSync(join(tmpdir(), 'hf-check-'));
    const source = (id: string, path: string): string =>
      `  - id: ${id}\n    name: ${id}\n    ministry: staatskanzlei\n    url: ${site.origin}${path}\n    type: listing\n    profile: hessen-drupal\n    max_pages: 1\n`;
    writeFileSync(join(dir, 'sources.yaml'), `sources:\n${source('good', '/presse')}${source('relaid', '/umgebaut')}${source('empty', '/leer')}${source('broken', '/defekt')}`);
    env = { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, SOURCES_FILE: join(dir, 'sources.yaml'), ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32', HOST_SPACING: '0' };
  });

  afterAll(async () => {
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
    const redis = connectRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('shows entries and fields of a working profile, and warns field by field for a profile the site outgrew (exit 0)', async () => {
    const result = await runCli(['sources', 'check', '--source', 'good', '--source', 'relaid'], env);
    expect(result.code).toBe(0);
    const report = sections(result.stdout);
    expect([...report.keys()]).toEqual(['good', 'relaid']);

    const good = report.get('good')!;
    expect(good).toContain('listing 200 text/html · 4 entries');
    // The first three entries with date, title and URL, then the count of the rest.
    for (const r of working.slice(0, 3)) expect(good).toContain(`${r.title.slice(0, 40)}`);
    // The day the listing prints (Berlin), not the UTC day before it (midnight in Berlin is 22:00 or 23:00 UTC).
    const [day, month, year] = working[0]!.date.split('.');
    expect(good).toMatch(new RegExp(`^ {4}1\\. ${year}-${month}-${day}  `, 'm'));
    expect(good).toContain(`${site.origin}/presse/${working[2]!.slug}`);
    expect(good).toContain('… and 1 more');
    // The first three articles, field by field, all from the profile.
    expect(good.match(/^ {2}article \d\/3 /gm)).toHaveLength(3);
    expect(good.match(/^ {4}extracted by profile$/gm)).toHaveLength(3);
    const first = working[0]!;
    expect(good).toMatch(new RegExp(`^ {4}title {8}${first.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(good).toMatch(/^ {4}ministry {5}staatskanzlei$/m);
    expect(good).toMatch(/^ {4}dateline {5}Hessische Staatskanzlei$/m);
    expect(good).toMatch(new RegExp(`^ {4}published {4}${year}-${month}-${day}T00:00:00\\+0[12]:00$`, 'm'));
    expect(good).toMatch(new RegExp(`^ {4}tags {9}${first.tags[0]}$`, 'm'));
    expect(good).toContain(`chars: "${first.paragraphs[0]!.slice(0, 40)}`);
    expect(good).not.toContain('WARN');
    expect(good).toMatch(/-> ok\n/);

    const relaidReport = report.get('relaid')!;
    expect(relaidReport.match(/^ {4}extracted by generic$/gm)).toHaveLength(2);
    // The generic fallback still found the body, and the report says which selector failed.
    expect(relaidReport).toContain(`chars: "${relaid[0]!.paragraphs[0]!.slice(0, 40)}`);
    expect(relaidReport.match(/WARN {2}profile hessen-drupal: body selector '\.field--name-field-pt-body' found nothing; generic fallback used/g)).toHaveLength(2);
    expect(relaidReport).toContain('-> ok, 2 warning(s)');
    expect(result.stdout).toContain('Checked 2 source(s): 1 ok, 1 with warnings, 0 failed. Nothing was stored.');
  }, 120_000);

  it('exits 1 when a source yields no entries or an article cannot be extracted, and stores nothing', async () => {
    const result = await runCli(['sources', 'check'], env);
    expect(result.code).toBe(1);
    const report = sections(result.stdout);
    expect(report.get('empty')).toContain(`FAIL  ${site.origin}/leer: no entries found`);
    expect(report.get('empty')).toContain("listing item selector 'article.node--view-mode-teaser' matched nothing");
    expect(report.get('broken')).toContain(`FAIL  ${site.origin}/defekt/seite: no article found (missing title and body text)`);
    expect(report.get('broken')).toContain("WARN  profile hessen-drupal: body selector '.field--name-field-pt-body' found nothing");
    expect(report.get('broken')).toContain('-> FAILED');
    expect(result.stdout).toContain('Checked 4 source(s): 1 ok, 1 with warnings, 2 failed.');

    const redis = connectRedis();
    try {
      const store = new Store(redis, prefix);
      expect(await listStoreKeys({ redis, keys: store.keys })).toEqual([]);
      expect(await store.countItems()).toBe(0);
      expect(await store.getPageState(`${site.origin}/presse/${working[0]!.slug}`)).toEqual({});
    } finally {
      redis.disconnect();
    }
  }, 120_000);

  it('rejects an unknown source, naming the configured ones (exit 2)', async () => {
    const result = await runCli(['sources', 'check', '--source', 'nope'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sources check --source: "nope" is not a configured source; configured sources: good, relaid, empty, broken');
  }, 60_000);
});
