/**
 * The pipeline's steps, one function each, called alike by the workers' job bodies (jobs.ts) and
 * by the operator tools (`hessenfeed sources check`), so that a tool sees exactly what a worker
 * would: list one page of a source's entries, scrape one page into an article, and the article a
 * feed entry stands for when its page may not be fetched. Steps fetch, parse and extract; they
 * never store or queue anything — that bookkeeping is the job bodies'.
 */
import { UnrecoverableError } from 'bullmq';
import { articleFromEntry, extractPage, type ProfileMisses } from '../extract/index.js';
import { HostBusyError, type FetchPolicy, type FetchResult, type HostGate } from '../fetch/index.js';
import type { MetricsRecorder } from '../metrics/index.js';
import type { Article, Entry, MinistryRegistry, Profile, Source } from '../model/index.js';
import { parseFeed, parseListing } from '../parse/index.js';
import { fetchCounted } from './counted-fetch.js';

export interface StepDeps {
  fetchPolicy: FetchPolicy;
  gate: HostGate;
  profiles: ReadonlyMap<string, Profile>;
  registry: MinistryRegistry;
  /** Counts every fetch for `/metrics`; nothing is counted when absent. */
  metrics?: MetricsRecorder;
}

const ACCEPT_FEED = 'application/atom+xml, application/rss+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/** What a server answered with content, for the caller's bookkeeping and reports. */
export interface FetchedResponse {
  /** Final URL after redirects. */
  url: string;
  httpStatus: number;
  contentType: string;
  /** Decompressed size of the body. */
  bytes: number;
  etag?: string;
  lastModified?: string;
}

/** Validators of the last response, for a conditional GET; none for an unconditional one. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** The source's profile; undefined without one, or when the profiles file does not define it. */
export function profileFor(deps: Pick<StepDeps, 'profiles'>, source: Source): Profile | undefined {
  return source.profile === undefined ? undefined : deps.profiles.get(source.profile);
}

function responseOf(res: Extract<FetchResult, { status: 'ok' }>): FetchedResponse {
  const { url, httpStatus, contentType, etag, lastModified } = res;
  return { url, httpStatus, contentType, bytes: res.body.length, etag, lastModified };
}

// ── list ────────────────────────────────────────────────────────────────────────────────────────

export interface ListOptions extends Validators {
  /** The page to read. @defaultValue the source's url (a feed, or a listing's first page) */
  url?: string;
  /**
   * The caller's place in the host's line (a job id): the fetch then never waits for a busy host
   * but throws HostBusyError (see FetchRequest.place).
   */
  place?: string;
}

export type Listing =
  | { status: 'not-modified' }
  | {
      status: 'listed';
      /** The server's answer for the page. */
      response: FetchedResponse;
      entries: Entry[];
      /** The listing's next (older) page, when it links one; feeds have none. */
      nextPageUrl?: string;
      /** The listing's last page, when its pager links it. */
      lastPageUrl?: string;
      /** Elements the profile's listing item selector matched (listings with a profile). */
      profileItems?: number;
    };

/**
 * list: one page of a source — its feed, or one page of its listing (the first unless `url` names
 * another) — fetched and parsed into entries. A failure is thrown.
 */
export async function listPage(deps: StepDeps, source: Source, options: ListOptions = {}): Promise<Listing> {
  const res = await fetchCounted(deps, source.id, {
    url: options.url ?? source.url,
    allowedHosts: source.hosts,
    accept: source.type === 'feed' ? ACCEPT_FEED : ACCEPT_HTML,
    ...(options.etag ? { etag: options.etag } : {}),
    ...(options.lastModified ? { lastModified: options.lastModified } : {}),
    ...(options.place !== undefined ? { place: options.place } : {}),
  });
  if (res.status === 'not-modified') return { status: 'not-modified' };
  const response = responseOf(res);
  if (source.type === 'feed') return { status: 'listed', response, entries: await parseFeed(res.text, res.url, { contentLocation: res.contentLocation }) };
  const page = parseListing(res.text, res.url, profileFor(deps, source));
  return {
    status: 'listed',
    response,
    entries: page.entries,
    ...(page.nextPageUrl !== undefined ? { nextPageUrl: page.nextPageUrl } : {}),
    ...(page.lastPageUrl !== undefined ? { lastPageUrl: page.lastPageUrl } : {}),
    ...(page.profileItems !== undefined ? { profileItems: page.profileItems } : {}),
  };
}

// ── scrape ──────────────────────────────────────────────────────────────────────────────────────

export type PageScrape =
  | { status: 'not-modified'; url: string }
  | { status: 'extracted'; response: FetchedResponse; article: Article; profileMisses?: ProfileMisses }
  | { status: 'failed'; error: unknown; response?: FetchedResponse; profileMisses?: ProfileMisses };

/**
 * scrape: fetch one article page (conditionally when given validators), refuse anything but HTML,
 * extract and sanitize it into an Article. A failure is returned, not thrown, together with what
 * was learnt before it (the server's answer, the profile selectors that found nothing), so that
 * a report can show why a page that fails to extract fails. A busy host (with `place`, see
 * ListOptions.place) is no failure: HostBusyError is thrown.
 */
export async function scrapePage(deps: StepDeps, source: Source, url: string, validators: Validators = {}, place?: string): Promise<PageScrape> {
  let res: FetchResult;
  try {
    res = await fetchCounted(deps, source.id, {
      url,
      allowedHosts: source.hosts,
      accept: ACCEPT_HTML,
      ...(validators.etag ? { etag: validators.etag } : {}),
      ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
      ...(place !== undefined ? { place } : {}),
    });
  } catch (error) {
    if (error instanceof HostBusyError) throw error;
    return { status: 'failed', error };
  }
  if (res.status === 'not-modified') return { status: 'not-modified', url: res.url };
  const response = responseOf(res);
  if (!/html/.test(res.contentType)) {
    return { status: 'failed', response, error: new UnrecoverableError(`${res.url}: not an HTML page (Content-Type ${res.contentType})`) };
  }
  // Extraction sanitizes the body as its last step; nothing after this point adds markup.
  const page = extractPage(res.text, res.url, { profile: profileFor(deps, source), registry: deps.registry, fallbackMinistryId: source.ministry });
  const profileMisses = page.profileMisses ? { profileMisses: page.profileMisses } : {};
  if (page.error) return { status: 'failed', response, error: page.error, ...profileMisses };
  return { status: 'extracted', response, article: page.article, ...profileMisses };
}

/** An entry whose page may not be fetched, as the article its feed's own fields make. */
export function entryArticle(deps: Pick<StepDeps, 'registry'>, source: Source, entry: Entry): Article {
  return articleFromEntry(entry, { registry: deps.registry, fallbackMinistryId: source.ministry });
}
