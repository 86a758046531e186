/**
 * End to end: fixture sites on loopback → `hessenfeed start` as its own process → the feeds over
 * HTTP, as a subscriber's reader sees them. The filters and paging are covered in depth over an
 * ingested store by web-feeds.test.ts; here they prove that the whole pipeline (schedulers, poll,
 * scrape, ingest, web) produces what they promise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ministry } from '../src/model/index.js';
import { checkAtomFeed, children, parseXml, text } from './helpers/atom-checker.js';
import { startInProcessService, type CliService } from './helpers/cli-service.js';
import { loadShippedConfig } from './helpers/config.js';
import {
  atomEntries,
  MINISTRY_SITE_HOST,
  nextLink,
  PORTAL_SITE_HOST,
  serviceEnv,
  waitFor,
  writeSourcesFile,
  type AtomEntry,
} from './helpers/e2e.js';
import { lastSentence, release, SEED_LAST_SENTENCE, SEED_SLUG, SEED_TAGS, SEED_TITLE, seedPage, withOtherChrome } from './helpers/e2e-pages.js';
import { listingPage, releasePage, type ReleaseFixture, type TeaserFixture } from './helpers/hessen-site.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { httpGet } from './helpers/web.js';

const SOZIALES = 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales';

/** One press release as the test expects to find it in the feed. */
interface Expected {
  key: string;
  title: string;
  ministryId: string;
  /** [label, slug] as published. */
  tags: [string, string][];
  /** Local day as printed on the page, 'YYYY-MM-DD'. */
  day: string;
  lastSentence: string;
  /** Where it is published: site and path (the canonical URL of each copy). */
  /** Where each copy is published: its site and the path (and query) it was fetched from. */
  copies: { site: 'ministry' | 'portal'; path: string }[];
}

function expectRelease(key: string, fixture: ReleaseFixture, ministryId: string, slugs: string[], copies: Expected['copies']): Expected {
  const [day, month, year] = fixture.date.split('.');
  return {
    key,
    title: fixture.title,
    ministryId,
    tags: fixture.tags.map((label, i) => [label, slugs[i]!]),
    day: `${year}-${month}-${day}`,
    lastSentence: lastSentence(fixture),
    copies,
  };
}

// On the ministry's own site and, with other markup, on the portal.
const kita = release(101, {
  slug: 'mehr-kitaplaetze-fuer-hessen',
  title: 'Mehr Kitaplätze für Hessen',
  dateline: SOZIALES,
  date: '24.09.2024',
  tags: ['Frühkindliche Bildung', 'Kinderbetreuung'],
});
// Only on the ministry's site.
const fachkraefte = release(102, {
  slug: 'fachkraefte-fuer-hessen-gewinnen',
  title: 'Fachkräfte für Hessen gewinnen',
  dateline: SOZIALES,
  date: '26.09.2024',
  tags: ['Arbeitsmarkt', 'Fachkräfte'],
});
// Only on the portal, under the ministry's former name: attributed by the dateline alone.
const ehrenamt = release(103, {
  slug: 'ehrenamtspreis-verliehen',
  title: 'Ehrenamtspreis für Integrationslotsen verliehen',
  dateline: 'Hessisches Ministerium für Soziales und Integration',
  date: '25.09.2024',
  tags: ['Integration', 'Ehrenamt'],
});
const schule = release(104, {
  slug: 'grundschulen-starten-sprachfoerderung',
  title: 'Grundschulen starten Sprachförderung',
  dateline: 'Hessisches Ministerium für Kultus, Bildung und Chancen',
  date: '27.09.2024',
  tags: ['Frühkindliche Bildung', 'Schule'],
});
const europa = release(105, {
  slug: 'partnerschaft-mit-der-emilia-romagna-erneuert',
  title: 'Partnerschaft mit der Emilia-Romagna erneuert',
  dateline: 'Hessische Staatskanzlei',
  date: '28.09.2024',
  tags: ['Europa', 'Städtepartnerschaften'],
});

const EXPECTED: Expected[] = [
  {
    key: 'seed',
    title: SEED_TITLE,
    ministryId: 'soziales',
    tags: SEED_TAGS,
    day: '2024-09-23',
    lastSentence: SEED_LAST_SENTENCE,
    copies: [
      { site: 'ministry', path: `/presse/${SEED_SLUG}` },
      { site: 'portal', path: `/presse/${SEED_SLUG}` },
    ],
  },
  expectRelease('kita', kita, 'soziales', ['fruehkindliche-bildung', 'kinderbetreuung'], [
    { site: 'ministry', path: `/presse/${kita.slug}` },
    // Published as the portal's listing linked and served it, without the tracking parameters: the page declares no address of its own.
    { site: 'portal', path: `/presse/${kita.slug}` },
  ]),
  expectRelease('fachkraefte', fachkraefte, 'soziales', ['arbeitsmarkt', 'fachkraefte'], [{ site: 'ministry', path: `/presse/${fachkraefte.slug}` }]),
  expectRelease('ehrenamt', ehrenamt, 'soziales', ['integration', 'ehrenamt'], [{ site: 'portal', path: `/presse/${ehrenamt.slug}` }]),
  expectRelease('schule', schule, 'kultus', ['fruehkindliche-bildung', 'schule'], [{ site: 'portal', path: `/presse/${schule.slug}` }]),
  expectRelease('europa', europa, 'staatskanzlei', ['europa', 'staedtepartnerschaften'], [{ site: 'portal', path: `/presse/${europa.slug}` }]),
];

const NEWEST_FIRST = ['europa', 'schule', 'fachkraefte', 'ehrenamt', 'kita', 'seed'];

function teaser(fixture: ReleaseFixture, href = `/presse/${fixture.slug}`): TeaserFixture {
  return { href, title: fixture.title, date: fixture.date, dateline: fixture.dateline, teaser: `${fixture.paragraphs[0]!.slice(0, 120)} …` };
}

const seedTeaser = (href: string): TeaserFixture => ({ href, title: SEED_TITLE, date: '23.09.2024', dateline: SOZIALES });

describe('hessenfeed start, end to end: ministry site and portal → one merged feed over HTTP', () => {
  const prefix = uniquePrefix('e2e');
  let dir: string;
  let ministrySite: FixtureServer;
  let portal: FixtureServer;
  let service: CliService | undefined;
  let ministries: Map<string, Ministry>;

  const origin = (site: 'ministry' | 'portal'): string => (site === 'ministry' ? ministrySite.origin : portal.origin);
  const urlsOf = (expected: Expected): string[] => expected.copies.map((c) => origin(c.site) + c.path).sort();

  beforeAll(async () => {
    ministries = new Map((await loadShippedConfig()).ministries.map((m) => [m.id, m]));
    ministrySite = await startFixtureServer(
      {
        '/presse': listingPage([teaser(fachkraefte), teaser(kita), seedTeaser(`/presse/${SEED_SLUG}`)]),
        [`/presse/${SEED_SLUG}`]: seedPage('soziales'),
        [`/presse/${kita.slug}`]: releasePage(kita),
        [`/presse/${fachkraefte.slug}`]: releasePage(fachkraefte),
      },
      { host: MINISTRY_SITE_HOST },
    );
    portal = await startFixtureServer(
      {
        // The portal links its copies with tracking parameters; they are not part of the identity.
        '/presse': listingPage([
          teaser(europa),
          teaser(schule),
          teaser(ehrenamt),
          teaser(kita, `/presse/${kita.slug}?utm_source=hessen.de&utm_medium=listing`),
          seedTeaser(`/presse/${SEED_SLUG}?utm_source=hessen.de`),
        ]),
        [`/presse/${SEED_SLUG}`]: seedPage('portal'),
        [`/presse/${kita.slug}`]: withOtherChrome(releasePage(kita), 'portal'),
        [`/presse/${ehrenamt.slug}`]: withOtherChrome(releasePage(ehrenamt), 'portal'),
        [`/presse/${schule.slug}`]: withOtherChrome(releasePage(schule), 'portal'),
        [`/presse/${europa.slug}`]: withOtherChrome(releasePage(europa), 'portal'),
      },
      { host: PORTAL_SITE_HOST },
    );
    dir = mkdtempSync(join(tmpdir(), 'hf-e2e-'));
    const sourcesFile = writeSourcesFile(dir, [
      { id: 'soziales-presse', url: `${ministrySite.origin}/presse`, ministry: 'soziales' },
      { id: 'portal-presse', url: `${portal.origin}/presse` },
    ]);
    service = await startInProcessService(['start'], serviceEnv(prefix, sourcesFile));

    // The first scheduled poll of each source runs at once; wait until every copy is merged in.
    let seen = '(nothing yet)';
    await waitFor(
      'every release with every copy in /api/items',
      async () => {
        const res = await httpGet(`${service!.url}/api/items?limit=200`);
        if (res.status !== 200) return undefined;
        const items = (JSON.parse(res.text) as { items: { title: string; urls: string[] }[] }).items;
        seen = JSON.stringify(items.map((i) => [i.title, i.urls]));
        const complete =
          items.length === EXPECTED.length &&
          EXPECTED.every((e) => items.some((i) => i.title === e.title && [...i.urls].sort().join() === urlsOf(e).join()));
        return complete ? true : undefined;
      },
      {
        timeoutMs: 60_000,
        describe: () => `items: ${seen}\nwarnings: ${JSON.stringify(service!.logs().filter((l) => l.level >= 40))}`,
      },
    );
  }, 90_000);

  afterAll(async () => {
    await service?.stop('SIGTERM').catch(() => service?.kill());
    await ministrySite?.close();
    await portal?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    const redis = connectRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  async function atomFeed(path: string): Promise<{ xml: string; entries: AtomEntry[] }> {
    const res = await httpGet(service!.url + path);
    expect(res.status, `${path}: ${res.text.slice(0, 500)}`).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(checkAtomFeed(res.text), path).toEqual([]);
    return { xml: res.text, entries: atomEntries(res.text) };
  }

  /** Release keys of a feed's entries in feed order ('?' for an entry the test does not know). */
  const keysOf = (entries: AtomEntry[]): string[] => entries.map((e) => EXPECTED.find((x) => x.title === e.title)?.key ?? `? ${e.title}`);

  it('publishes each release once, newest first, in valid Atom', async () => {
    const { entries } = await atomFeed('/feed.atom');
    expect(keysOf(entries)).toEqual(NEWEST_FIRST);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const entry of entries) expect(entry.id).toMatch(/^tag:hessenfeed,2024:item:[0-9a-f]{16}$/);
  });

  it('keeps every copy of a merged release as a link: the published one alternate, the others related', async () => {
    const { entries } = await atomFeed('/feed.atom');
    for (const expected of EXPECTED) {
      const entry = entries.find((e) => e.title === expected.title)!;
      expect(entry.alternate, expected.key).toHaveLength(1);
      expect([...entry.alternate, ...entry.related].sort(), expected.key).toEqual(urlsOf(expected));
    }
  });

  it('carries the full text without page chrome, the published day, and the ministry by its official name', async () => {
    const { entries } = await atomFeed('/feed.atom');
    for (const expected of EXPECTED) {
      const entry = entries.find((e) => e.title === expected.title)!;
      const content = entry.content.replace(/\s+/g, ' ');
      expect(entry.contentType).toBe('html');
      expect(content, expected.key).toContain(expected.lastSentence);
      for (const chrome of ['Lesedauer', 'Schlagworte zum Thema', 'Das könnte Sie auch interessieren', 'Cookies', 'Impressum', 'LinkedIn']) {
        expect(content, `${expected.key} must not contain "${chrome}"`).not.toContain(chrome);
      }
      expect(entry.authors, expected.key).toEqual([ministries.get(expected.ministryId)!.name]);
      // The printed day is a day in Europe/Berlin: midnight there is 22:00 UTC the day before.
      expect(new Date(entry.published).toISOString(), expected.key).toBe(
        new Date(Date.parse(`${expected.day}T00:00:00Z`) - 2 * 3600_000).toISOString(),
      );
    }
  });

  it('lists every Schlagwort as a category with its slug, its label as published and the tag feed scheme', async () => {
    const { entries } = await atomFeed('/feed.atom');
    for (const expected of EXPECTED) {
      const entry = entries.find((e) => e.title === expected.title)!;
      const ministry = ministries.get(expected.ministryId)!;
      const wanted = [
        ...expected.tags.map(([label, slug]) => ({ term: slug, label, scheme: `${service!.url}/tags/` })),
        { term: ministry.id, label: ministry.name, scheme: `${service!.url}/ministries/` },
      ];
      const byTerm = (a: { term: string }, b: { term: string }): number => a.term.localeCompare(b.term);
      expect([...entry.categories].sort(byTerm), expected.key).toEqual(wanted.sort(byTerm));
    }
  });

  it('/ministries/<id>.atom holds exactly that ministry’s releases, whichever site or name they came under', async () => {
    expect(keysOf((await atomFeed('/ministries/soziales.atom')).entries)).toEqual(['fachkraefte', 'ehrenamt', 'kita', 'seed']);
    expect(keysOf((await atomFeed('/ministries/kultus.atom')).entries)).toEqual(['schule']);
    expect(keysOf((await atomFeed('/ministries/justiz.atom')).entries)).toEqual([]);
  });

  it('/tags/<slug>.atom and ?tag=<label with umlaut> hold exactly the releases with that Schlagwort', async () => {
    const bySlug = await atomFeed('/tags/fruehkindliche-bildung.atom');
    expect(keysOf(bySlug.entries)).toEqual(['schule', 'kita', 'seed']);
    expect(text(children(children(parseXml(bySlug.xml), 'feed')[0]!, 'title')[0])).toContain('Schlagwort: Frühkindliche Bildung');
    const byLabel = await atomFeed(`/feed.atom?tag=${encodeURIComponent('frühkindliche Bildung')}`);
    expect(byLabel.entries.map((e) => e.id)).toEqual(bySlug.entries.map((e) => e.id));

    const rss = await httpGet(`${service!.url}/tags/staedtepartnerschaften.rss`);
    expect(rss.status).toBe(200);
    const channel = children(children(parseXml(rss.text), 'rss')[0]!, 'channel')[0]!;
    expect(children(channel, 'item').map((i) => text(children(i, 'title')[0]))).toEqual([europa.title]);
  });

  it('pages through all releases with limit=2 by following rel="next", each exactly once', async () => {
    const all = (await atomFeed('/feed.atom')).entries.map((e) => e.id);
    const seen: string[] = [];
    let next: string | undefined = `${service!.url}/feed.atom?limit=2`;
    let pages = 0;
    while (next !== undefined) {
      expect(next.startsWith(service!.url), `next link ${next} leaves the server`).toBe(true);
      const page = await atomFeed(next.slice(service!.url.length));
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      next = nextLink(page.xml);
      pages += 1;
      expect(pages, 'paging does not end').toBeLessThanOrEqual(EXPECTED.length);
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });

  it('reports both sources as polled without errors', async () => {
    const sources = JSON.parse((await httpGet(`${service!.url}/api/sources`)).text) as { id: string; last_poll: string | null; last_error: string | null }[];
    for (const id of ['soziales-presse', 'portal-presse']) {
      expect(sources.find((s) => s.id === id)).toMatchObject({ last_poll: expect.any(String), last_error: null });
    }
  });
});
