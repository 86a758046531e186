/**
 * The generated sites of the ingest bench: H hosts on distinct loopback addresses, each with a
 * `/presse` listing in the hessen-drupal teaser markup (paged with `?page=N`, ten teasers a page)
 * and its release pages. Deterministic, so the server process and the bench agree on every page
 * without sending them across.
 */
import {
  listingPage,
  releasePage,
  syntheticRelease,
  type ReleaseFixture,
  type TeaserFixture,
} from '../test/helpers/hessen-site.js';

export interface SiteLayout {
  /** Releases over all hosts. */
  releases: number;
  hosts: number;
  /** The first release's number (releases first … first + releases - 1): another range, other releases. @defaultValue 0 */
  first?: number;
}

export interface SitePage {
  /** Path and query, as requested. */
  path: string;
  html: string;
}

/** As many teasers as a hessen.de listing page shows. */
export const TEASERS_PER_PAGE = 10;

/** A source may list at most this many pages (MAX_PAGES_LIMIT in src/config/sources.ts). */
const MAX_LISTING_PAGES = 50;

/** 127.0.1.1 … 127.0.255.254: leaves 127.0.0.x, where Redis and the machine's services listen. */
const MAX_HOSTS = 255 * 254;

/** Seeds for body paragraphs start here, clear of the seeds syntheticRelease uses for titles. */
const PARAGRAPH_SEED_BASE = 1_000_000;

const DATELINES = [
  'Hessische Staatskanzlei',
  'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales',
  'Hessisches Ministerium für Kultus, Bildung und Chancen',
  'Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz',
  'Hessisches Ministerium für Wirtschaft, Energie, Verkehr, Wohnen und ländlichen Raum',
];

const TAG_LABELS = ['Integration', 'Frühkindliche Bildung', 'Klimaschutz', 'Digitalisierung', 'Ehrenamt', 'Radverkehr', 'Pflege', 'Wasserstoff'];

/** Fails early on a layout the sources file could not describe. */
export function checkLayout(layout: SiteLayout): void {
  if (!(layout.hosts >= 1 && layout.hosts <= MAX_HOSTS)) throw new Error(`hosts: ${layout.hosts} is not between 1 and ${MAX_HOSTS}`);
  if (!(layout.releases >= layout.hosts)) throw new Error(`releases: ${layout.releases} must be at least the ${layout.hosts} hosts`);
  const pages = listingPageCount(layout, 0);
  if (pages > MAX_LISTING_PAGES) {
    throw new Error(
      `${layout.releases} releases on ${layout.hosts} hosts need ${pages} listing pages per host; ` +
        `a source lists at most ${MAX_LISTING_PAGES} (${MAX_LISTING_PAGES * TEASERS_PER_PAGE} releases per host)`,
    );
  }
}

export function addressOf(host: number): string {
  return `127.0.${1 + Math.floor(host / 254)}.${1 + (host % 254)}`;
}

/** Releases are dealt round-robin: host h carries releases h, h + H, h + 2H, … */
export function releaseNumbersOf(layout: SiteLayout, host: number): number[] {
  const numbers: number[] = [];
  const first = layout.first ?? 0;
  for (let n = first + host; n < first + layout.releases; n += layout.hosts) numbers.push(n);
  return numbers;
}

/** Listing pages of one host; host 0 carries the most releases, so it has the most pages. */
export function listingPageCount(layout: SiteLayout, host: number): number {
  return Math.max(1, Math.ceil(releaseNumbersOf(layout, host).length / TEASERS_PER_PAGE));
}

function releaseSlug(n: number): string {
  return `meldung-${n}`;
}

export function releasePath(n: number): string {
  return `/presse/${releaseSlug(n)}`;
}

function listingPath(page: number): string {
  return page === 0 ? '/presse' : `/presse?page=${page}`;
}

/**
 * Release n with a body of about 4 kB (3–4.6 kB of text, six to nine paragraphs). syntheticRelease
 * writes three paragraphs of about 500 characters, so the body takes them from three of its
 * releases, with seeds no other release uses: two releases sharing paragraphs could rightly merge
 * as near-duplicates and spoil the count.
 */
export function benchRelease(n: number, dateline: string): ReleaseFixture {
  const base = syntheticRelease(n, dateline);
  const pool = [0, 1, 2].flatMap((k) => syntheticRelease(PARAGRAPH_SEED_BASE + 3 * n + k).paragraphs);
  const paragraphs = pool.slice(0, 6 + (n % 4));
  return { ...base, slug: releaseSlug(n), paragraphs, tags: [...base.tags, TAG_LABELS[n % TAG_LABELS.length]!] };
}

function teaserOf(release: ReleaseFixture): TeaserFixture {
  return {
    href: `/presse/${release.slug}`,
    title: release.title,
    date: release.date,
    dateline: release.dateline,
    teaser: release.paragraphs[0]!.slice(0, 160),
  };
}

/** Every page host `host` serves: its listing pages, then its releases. */
export function sitePages(layout: SiteLayout, host: number): SitePage[] {
  const dateline = DATELINES[host % DATELINES.length]!;
  const releases = releaseNumbersOf(layout, host).map((n) => benchRelease(n, dateline));
  const pageCount = listingPageCount(layout, host);
  const listings = Array.from({ length: pageCount }, (_, page): SitePage => {
    const teasers = releases.slice(page * TEASERS_PER_PAGE, (page + 1) * TEASERS_PER_PAGE).map(teaserOf);
    const next = page + 1 < pageCount ? listingPath(page + 1) : undefined;
    return { path: listingPath(page), html: listingPage(teasers, next) };
  });
  return [...listings, ...releases.map((release) => ({ path: `/presse/${release.slug}`, html: releasePage(release) }))];
}
