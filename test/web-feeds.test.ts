import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute, checkAtomFeed, children, parseXml, text, type XmlNode } from './helpers/atom-checker.js';
import { httpGet, startTestWeb, type TestWeb } from './helpers/web.js';
import { CORPUS, ingestCorpus } from './web-corpus.js';

let web: TestWeb;
let ids: Map<string, string>;

beforeAll(async () => {
  web = await startTestWeb();
  ids = await ingestCorpus(web.store);
});
afterAll(async () => web?.close());

function feedRoot(xml: string): XmlNode {
  return children(parseXml(xml), 'feed')[0]!;
}

/** Release keys of an Atom feed's entries, in feed order. */
async function entryKeys(path: string): Promise<string[]> {
  const res = await httpGet(web.url + path);
  expect(res.status, `${path}: ${res.text}`).toBe(200);
  expect(checkAtomFeed(res.text)).toEqual([]);
  const byId = new Map([...ids].map(([key, id]) => [`tag:hessenfeed,2024:item:${id}`, key]));
  return children(feedRoot(res.text), 'entry').map((e) => byId.get(text(children(e, 'id')[0])!) ?? '?');
}

const newestFirst = (...keys: string[]): string[] =>
  CORPUS.filter((r) => keys.includes(r.key))
    .sort((a, b) => b.published.localeCompare(a.published))
    .map((r) => r.key);

describe('the merged feed and its filters', () => {
  it('holds every release once, newest first, as valid Atom with xml:lang', async () => {
    const res = await httpGet(`${web.url}/feed.atom`);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = feedRoot(res.text);
    expect(attribute(feed, 'xml:lang')).toBe('de');
    expect(text(children(feed, 'title')[0])).toBe('Hessische Landesregierung – Pressemitteilungen');
    expect(await entryKeys('/feed.atom')).toEqual(newestFirst(...CORPUS.map((r) => r.key)));
  });

  it.each([
    ['/feed.atom?ministry=soziales', ['preis', 'wir']],
    ['/feed.atom?ministry=soziales,kultus', ['preis', 'kita', 'wir']],
    ['/feed.atom?ministry=soziales&ministry=kultus', ['preis', 'kita', 'wir']],
    ['/ministries/soziales.atom', ['preis', 'wir']],
    ['/feed.atom?tag=Fr%C3%BChkindliche%20Bildung', ['preis', 'kita']],
    ['/feed.atom?tag=fr%C3%BChkindliche+bildung', ['preis', 'kita']],
    ['/feed.atom?tag=fruehkindliche-bildung', ['preis', 'kita']],
    ['/tags/fruehkindliche-bildung.atom', ['preis', 'kita']],
    ['/feed.atom?tag=energie,sicherheit', ['polizei', 'wind']],
    ['/feed.atom?exclude_tag=integration', ['kita', 'polizei', 'wind', 'haushalt']],
    ['/feed.atom?q=windkraftanlage', ['wind']],
    ['/feed.atom?q=MUELLABFUHR%20unber%C3%BChrt', ['polizei']],
    ['/feed.atom?q=kurzfassung%20haushaltsentwurf', ['haushalt']],
    ['/feed.atom?ministry=soziales&tag=fruehkindliche-bildung', ['preis']],
    ['/tags/integration.atom?ministry=staatskanzlei', ['europa']],
    ['/feed.atom?tag=integration&exclude_tag=europa&ministry=soziales', ['preis', 'wir']],
  ])('%s returns exactly the matching releases', async (path, keys) => {
    expect(await entryKeys(path)).toEqual(newestFirst(...keys));
  });

  it('answers an unknown tag with a valid empty feed whose title names it', async () => {
    const res = await httpGet(`${web.url}/feed.atom?tag=gibt-es-noch-nicht`);
    expect(res.status).toBe(200);
    expect(checkAtomFeed(res.text)).toEqual([]);
    const feed = feedRoot(res.text);
    expect(children(feed, 'entry')).toHaveLength(0);
    expect(text(children(feed, 'title')[0])).toBe('Hessische Landesregierung – Pressemitteilungen · Schlagwort: gibt-es-noch-nicht');
  });

  it('names the filter in the feed title with the published labels', async () => {
    const res = await httpGet(`${web.url}/tags/fruehkindliche-bildung.atom?ministry=kultus`);
    expect(text(children(feedRoot(res.text), 'title')[0])).toBe(
      'Hessische Landesregierung – Pressemitteilungen · Ministerium: Hessisches Ministerium für Kultus, Bildung und Chancen · Schlagwort: Frühkindliche Bildung',
    );
  });

  it('pages through every release exactly once by following rel=next', async () => {
    const seen: string[] = [];
    let next: string | undefined = `${web.url}/feed.atom?limit=2`;
    const byId = new Map([...ids].map(([key, id]) => [`tag:hessenfeed,2024:item:${id}`, key]));
    let pages = 0;
    while (next) {
      const res = await httpGet(next);
      expect(res.status).toBe(200);
      const feed = feedRoot(res.text);
      seen.push(...children(feed, 'entry').map((e) => byId.get(text(children(e, 'id')[0])!)!));
      next = children(feed, 'link').find((l) => attribute(l, 'rel') === 'next')?.['@_href'] as string | undefined;
      pages += 1;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(newestFirst(...CORPUS.map((r) => r.key)));
  });

  it('serves the same releases, ids and tags as RSS 2.0 and JSON Feed 1.1', async () => {
    const atomIds = children(feedRoot((await httpGet(`${web.url}/feed.atom?tag=integration`)).text), 'entry').map((e) => text(children(e, 'id')[0]));
    const rss = await httpGet(`${web.url}/feed.rss?tag=integration`);
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const channel = children(children(parseXml(rss.text), 'rss')[0]!, 'channel')[0]!;
    expect(children(channel, 'item').map((i) => text(children(i, 'guid')[0]))).toEqual(atomIds);
    const json = await httpGet(`${web.url}/tags/integration.json`);
    expect(json.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(json.text) as { version: string; items: { id: string; tags: string[]; content_html: string }[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items.map((i) => i.id)).toEqual(atomIds);
    expect(feed.items[0]!.content_html).toContain('<p>');
  });
});

describe('the JSON API', () => {
  it('lists items with the feed filters and pages with next', async () => {
    const first = await httpGet(`${web.url}/api/items?ministry=soziales&limit=1`);
    const page1 = JSON.parse(first.text) as { items: { id: string; ministry: { id: string } }[]; next: string; next_url: string };
    expect(page1.items.map((i) => i.id)).toEqual([ids.get('wir')]);
    expect(page1.items[0]!.ministry.id).toBe('soziales');
    const page2 = JSON.parse((await httpGet(page1.next_url)).text) as { items: { id: string }[]; next: string | null };
    expect(page2.items.map((i) => i.id)).toEqual([ids.get('preis')]);
    expect(page2.next).toBeNull();
  });

  it('counts releases per ministry and per tag, with feed links', async () => {
    const ministries = JSON.parse((await httpGet(`${web.url}/api/ministries`)).text) as { id: string; count: number; feeds: { atom: string } }[];
    expect(ministries).toHaveLength(12);
    expect(ministries.find((m) => m.id === 'soziales')).toMatchObject({ count: 2, feeds: { atom: `${web.url}/ministries/soziales.atom` } });
    expect(ministries.find((m) => m.id === 'justiz')?.count).toBe(0);
    const tags = JSON.parse((await httpGet(`${web.url}/api/tags`)).text) as { label: string; slug: string; count: number }[];
    expect(tags[0]).toMatchObject({ label: 'Integration', slug: 'integration', count: 3 });
    expect(tags.find((t) => t.slug === 'fruehkindliche-bildung')).toMatchObject({ label: 'Frühkindliche Bildung', count: 2 });
  });

  it('describes every configured source', async () => {
    const sources = JSON.parse((await httpGet(`${web.url}/api/sources`)).text) as { id: string; url: string; items: number; last_error: string | null }[];
    expect(sources.map((s) => s.id)).toContain('soziales-presse');
    expect(sources.find((s) => s.id === 'portal-presse')).toMatchObject({ url: 'https://www.hessen.de/presse', items: CORPUS.length, last_error: null });
  });
});

describe('OPML and the subscribe form target', () => {
  const opmlUrls = async (path: string): Promise<string[]> => {
    const res = await httpGet(`${web.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/x-opml; charset=utf-8');
    const body = children(children(parseXml(res.text), 'opml')[0]!, 'body')[0]!;
    return JSON.stringify(body).match(/"@_xmlUrl":"[^"]+"/g)!.map((m) => m.slice(12, -1));
  };

  it('lists the merged feed and every ministry feed, and no tag feeds: importing them all would show every release many times', async () => {
    const urls = await opmlUrls('/opml');
    expect(urls).toContain(`${web.url}/feed.atom`);
    expect(urls).toContain(`${web.url}/ministries/digitales.atom`);
    expect(urls.filter((url) => url.includes('/tags/'))).toEqual([]);
    expect(urls).toHaveLength(1 + 12);
  });

  it('adds the tag feeds asked for with ?tags=, by label or slug', async () => {
    const urls = await opmlUrls('/opml?tags=Fr%C3%BChkindliche%20Bildung,integration,integration');
    expect(urls.filter((url) => url.includes('/tags/'))).toEqual([`${web.url}/tags/fruehkindliche-bildung.atom`, `${web.url}/tags/integration.atom`]);
    expect(urls).toHaveLength(1 + 12 + 2);
    expect((await httpGet(`${web.url}/opml?tags=%21%21`)).status).toBe(400);
  });

  it('redirects the form to the canonical feed URL', async () => {
    const res = await httpGet(`${web.url}/subscribe?format=rss&ministry=kultus&ministry=soziales&tag=Fr%C3%BChkindliche+Bildung&q=&exclude_tag=`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/feed.rss?ministry=kultus%2Csoziales&tag=fruehkindliche-bildung');
    expect(await entryKeys(`/feed.atom?ministry=kultus%2Csoziales&tag=fruehkindliche-bildung`)).toEqual(newestFirst('preis', 'kita'));
  });
});
