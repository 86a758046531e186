/**
 * End to end: entry ids and `updated` as a feed reader relies on them. A reader decides "new or
 * already read" by the entry id and "changed" by `updated`; so re-polls, re-scrapes, a copy found
 * later and a restart must change neither, and a corrected release must keep its id and move
 * `updated` forward. One `hessenfeed start` process (restarted once) works through fixture sites
 * whose pages the test changes between polls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPendingJobs, createQueues, enqueuePolls, type Queues } from '../src/queue/index.js';
import { checkAtomFeed } from './helpers/atom-checker.js';
import { startInProcessService, type CliService } from './helpers/cli-service.js';
import {
  atomEntries,
  MINISTRY_SITE_HOST,
  PORTAL_SITE_HOST,
  rawEntriesById,
  serviceEnv,
  waitFor,
  writeSourcesFile,
  type AtomEntry,
} from './helpers/e2e.js';
import { release, SEED_SLUG, SEED_TITLE, seedPage, withOtherChrome } from './helpers/e2e-pages.js';
import { listingPage, releasePage, type ReleaseFixture, type TeaserFixture } from './helpers/hessen-site.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { httpGet } from './helpers/web.js';

const SOZIALES = 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales';
/** Links inside the feeds must not depend on the port a (re)started process happens to get. */
const PUBLIC_URL = 'http://feeds.hessenfeed.test';
const SOURCE_IDS = ['soziales-presse', 'portal-presse'];
const FORMATS = ['atom', 'rss', 'json'] as const;

const redesign = release(201, { slug: 'landesprogramm-wir-fortgesetzt', title: 'Landesprogramm WIR wird fortgesetzt', dateline: SOZIALES, date: '24.09.2024', tags: ['Integration'] });
const laterCopy = release(202, { slug: 'jugendberufsagenturen-ausgebaut', title: 'Jugendberufsagenturen werden ausgebaut', dateline: SOZIALES, date: '25.09.2024', tags: ['Jugend', 'Ausbildung'] });
const corrected = release(203, { slug: 'fruehe-hilfen-gestaerkt', title: 'Frühe Hilfen werden gestärkt', dateline: SOZIALES, date: '26.09.2024', tags: ['Frühkindliche Bildung'] });
/** The correction: one sentence of the last paragraph replaced, at the same URL. */
const WRONG_SENTENCE = corrected.paragraphs[2]!.split(/(?<=\.) /).at(-1)!;
const RIGHT_SENTENCE = 'Berichtigt: Die Förderung beträgt insgesamt 4,5 Millionen Euro für alle Landkreise.';

const teaserOf = (fixture: ReleaseFixture, text = 'Kurzfassung', href = `/presse/${fixture.slug}`): TeaserFixture => ({
  href,
  title: fixture.title,
  date: fixture.date,
  dateline: fixture.dateline,
  teaser: text,
});
const seedTeaser = (href: string): TeaserFixture => ({ href, title: SEED_TITLE, date: '23.09.2024', dateline: SOZIALES });

interface Snapshot {
  bodies: Record<(typeof FORMATS)[number], string>;
  entries: AtomEntry[];
  raw: Map<string, string>;
}

describe('hessenfeed start, end to end: entry ids and updated stay stable', () => {
  const prefix = uniquePrefix('e2e-id');
  let dir: string;
  let env: Record<string, string>;
  let ministrySite: FixtureServer;
  let portal: FixtureServer;
  let service: CliService | undefined;
  let redis: Redis;
  let queues: Queues;
  /** The state after the previous step; each step compares against it. */
  let previous: Snapshot;

  const ministryListing = (texts: { redesign?: string; corrected?: string } = {}): string =>
    listingPage([
      teaserOf(corrected, texts.corrected),
      teaserOf(laterCopy),
      teaserOf(redesign, texts.redesign),
      seedTeaser(`/presse/${SEED_SLUG}`),
    ]);
  const portalListing = (withLaterCopy: boolean): string =>
    listingPage([
      ...(withLaterCopy ? [teaserOf(laterCopy, 'Kurzfassung', `/presse/pm-${laterCopy.slug}?utm_source=hessen.de&utm_campaign=presse`)] : []),
      seedTeaser(`/presse/${SEED_SLUG}?utm_source=hessen.de`),
    ]);

  async function snapshot(): Promise<Snapshot> {
    const bodies = {} as Snapshot['bodies'];
    for (const format of FORMATS) {
      const res = await httpGet(`${service!.url}/feed.${format}`);
      expect(res.status, `/feed.${format}: ${res.text.slice(0, 300)}`).toBe(200);
      bodies[format] = res.text;
    }
    expect(checkAtomFeed(bodies.atom)).toEqual([]);
    return { bodies, entries: atomEntries(bodies.atom), raw: rawEntriesById(bodies.atom) };
  }

  /**
   * A snapshot once the feeds show a change: right after one, the web process may still send the
   * previous render for up to the staleness bound (stale-while-revalidate, at most a second).
   */
  async function changedSnapshot(): Promise<Snapshot> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const snap = await snapshot();
      if (snap.bodies.atom !== previous.bodies.atom || Date.now() > deadline) return snap;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const entryTitled = (snap: Snapshot, title: string): AtomEntry => {
    const entry = snap.entries.find((e) => e.title === title);
    if (!entry) throw new Error(`no entry "${title}" in the feed; titles: ${snap.entries.map((e) => e.title).join(' | ')}`);
    return entry;
  };

  const requestsTo = (site: FixtureServer, path: string): number => site.requests.filter((r) => r.path.split('?')[0] === path).length;

  /** Waits until no poll, scrape or ingest job is waiting or running in the service. */
  async function settled(): Promise<void> {
    let pending = '';
    await waitFor(
      'the queues to drain',
      async () => {
        const counts = await countPendingJobs(queues);
        pending = JSON.stringify(counts);
        return counts.poll + counts.scrape + counts.ingest === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, describe: () => `pending ${pending}; warnings: ${JSON.stringify(service!.logs().filter((l) => l.level >= 40))}` },
    );
  }

  /**
   * Polls both sources now (what an operator's "poll now" does) and waits until the running
   * service has done everything that follows. Asserts that both listings were fetched again, so
   * "nothing changed" is never the result of no poll at all.
   */
  async function pollNow(): Promise<void> {
    const listed = [requestsTo(ministrySite, '/presse'), requestsTo(portal, '/presse')];
    await enqueuePolls(queues.poll, SOURCE_IDS, 'manual');
    await settled();
    expect(requestsTo(ministrySite, '/presse'), 'the ministry listing was polled again').toBeGreaterThan(listed[0]!);
    expect(requestsTo(portal, '/presse'), 'the portal listing was polled again').toBeGreaterThan(listed[1]!);
  }

  beforeAll(async () => {
    ministrySite = await startFixtureServer(
      {
        '/presse': ministryListing(),
        [`/presse/${SEED_SLUG}`]: seedPage('soziales'),
        [`/presse/${redesign.slug}`]: releasePage(redesign),
        [`/presse/${laterCopy.slug}`]: releasePage(laterCopy),
        [`/presse/${corrected.slug}`]: releasePage(corrected),
      },
      { host: MINISTRY_SITE_HOST },
    );
    portal = await startFixtureServer(
      {
        '/presse': portalListing(false),
        [`/presse/${SEED_SLUG}`]: seedPage('portal'),
        [`/presse/pm-${laterCopy.slug}`]: withOtherChrome(releasePage(laterCopy), 'portal'),
      },
      { host: PORTAL_SITE_HOST },
    );
    dir = mkdtempSync(join(tmpdir(), 'hf-e2e-id-'));
    const sourcesFile = writeSourcesFile(dir, [
      { id: 'soziales-presse', url: `${ministrySite.origin}/presse`, ministry: 'soziales' },
      { id: 'portal-presse', url: `${portal.origin}/presse` },
    ]);
    env = serviceEnv(prefix, sourcesFile, { PUBLIC_URL });
    redis = connectRedis();
    queues = createQueues(redis, prefix);
    service = await startInProcessService(['start'], env);
    // The first poll runs as soon as the schedulers exist; it is done when all four releases are
    // in and the portal's copy of the seed has merged into it.
    const seedUrls = [`${ministrySite.origin}/presse/${SEED_SLUG}`, `${portal.origin}/presse/${SEED_SLUG}`].sort();
    let seen = '';
    await waitFor(
      'the first poll to bring in all four releases',
      async () => {
        const items = (JSON.parse((await httpGet(`${service!.url}/api/items`)).text) as { items: { title: string; urls: string[] }[] }).items;
        seen = JSON.stringify(items.map((i) => [i.title, i.urls]));
        const seed = items.find((i) => i.title === SEED_TITLE);
        return items.length === 4 && seed && [...seed.urls].sort().join() === seedUrls.join() ? true : undefined;
      },
      { timeoutMs: 60_000, describe: () => `items: ${seen}` },
    );
    await settled();
    previous = await snapshot();
  }, 90_000);

  afterAll(async () => {
    await service?.stop('SIGTERM').catch(() => service?.kill());
    await queues?.close();
    await ministrySite?.close();
    await portal?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (redis) {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });

  it('starts with four releases, the seed merged from both sites', () => {
    expect(previous.entries.map((e) => e.title).sort()).toEqual([SEED_TITLE, redesign.title, laterCopy.title, corrected.title].sort());
    expect(new Set(previous.entries.map((e) => e.id)).size).toBe(4);
  });

  it('(a) a re-poll with nothing changed leaves every feed byte for byte the same and scrapes nothing', async () => {
    const articleRequests = ministrySite.requests.length - requestsTo(ministrySite, '/presse');
    await pollNow();
    const now = await snapshot();
    for (const format of FORMATS) expect(now.bodies[format], `/feed.${format}`).toBe(previous.bodies[format]);
    // Unchanged teasers: the articles are not fetched again.
    expect(ministrySite.requests.length - requestsTo(ministrySite, '/presse')).toBe(articleRequests);
    previous = now;
  }, 90_000);

  it('(b) a re-scrape of a page whose markup changed but not its text changes nothing, not even updated', async () => {
    const path = `/presse/${redesign.slug}`;
    ministrySite.route(path, withOtherChrome(releasePage(redesign), 'relaunch'));
    // A changed teaser is what makes the poller scrape the article again.
    ministrySite.route('/presse', ministryListing({ redesign: 'Neue Kurzfassung nach dem Relaunch' }));
    const fetched = requestsTo(ministrySite, path);
    await pollNow();
    expect(requestsTo(ministrySite, path), 'the redesigned page was scraped again').toBe(fetched + 1);
    const now = await snapshot();
    for (const format of FORMATS) expect(now.bodies[format], `/feed.${format}`).toBe(previous.bodies[format]);
    previous = now;
  }, 90_000);

  it('(c) a portal copy found later merges into the release: same id and updated, one more link', async () => {
    const path = `/presse/pm-${laterCopy.slug}`;
    portal.route('/presse', portalListing(true));
    await pollNow();
    expect(requestsTo(portal, path), 'the portal copy was scraped').toBe(1);
    const now = await changedSnapshot();
    const before = entryTitled(previous, laterCopy.title);
    const after = entryTitled(now, laterCopy.title);
    expect(now.entries).toHaveLength(4);
    expect(after.id).toBe(before.id);
    expect(after.updated).toBe(before.updated);
    expect(after.published).toBe(before.published);
    expect([...after.alternate, ...after.related].sort()).toEqual(
      // Published as the portal's listing linked it (the page declares no address of its own), without the tracking parameters.
      [...before.alternate, ...before.related, `${portal.origin}${path}`].sort(),
    );
    for (const [id, raw] of previous.raw) if (id !== before.id) expect(now.raw.get(id), `entry ${id}`).toBe(raw);
    previous = now;
  }, 90_000);

  it('(d) a corrected release keeps its id and moves updated forward; the others stay as they were', async () => {
    const path = `/presse/${corrected.slug}`;
    const fixed: ReleaseFixture = { ...corrected, paragraphs: [...corrected.paragraphs.slice(0, 2), corrected.paragraphs[2]!.replace(WRONG_SENTENCE, RIGHT_SENTENCE)] };
    expect(fixed.paragraphs[2]).not.toBe(corrected.paragraphs[2]);
    ministrySite.route(path, releasePage(fixed));
    ministrySite.route('/presse', ministryListing({ redesign: 'Neue Kurzfassung nach dem Relaunch', corrected: 'Berichtigte Fassung' }));
    await pollNow();
    const now = await changedSnapshot();
    const before = entryTitled(previous, corrected.title);
    const after = entryTitled(now, corrected.title);
    expect(now.entries).toHaveLength(4);
    expect(after.id).toBe(before.id);
    expect(Date.parse(after.updated)).toBeGreaterThan(Date.parse(before.updated));
    expect(after.published).toBe(before.published);
    expect(after.content).toContain(RIGHT_SENTENCE);
    expect(after.content).not.toContain(WRONG_SENTENCE);
    for (const [id, raw] of previous.raw) if (id !== before.id) expect(now.raw.get(id), `entry ${id}`).toBe(raw);
    previous = now;
  }, 90_000);

  it('(e) after SIGTERM (exit 0) and a new start on the same KEY_PREFIX the feeds are unchanged, also after another poll', async () => {
    const code = await service!.stop('SIGTERM');
    expect(code, JSON.stringify(service!.output().stderr)).toBe(0);
    expect(service!.logs().map((l) => l.msg)).toContain('Stopped');

    service = await startInProcessService(['start'], env);
    const restarted = await snapshot();
    for (const format of FORMATS) expect(restarted.bodies[format], `/feed.${format} after the restart`).toBe(previous.bodies[format]);

    await pollNow();
    const repolled = await snapshot();
    for (const format of FORMATS) expect(repolled.bodies[format], `/feed.${format} after a poll by the new process`).toBe(previous.bodies[format]);
  }, 120_000);
});
