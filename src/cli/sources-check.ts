/**
 * `hessenfeed sources check [--source id]…`: the tool for the day a site changed its layout.
 * Fetches each source's listing or feed now, shows what it yields, then fetches its first
 * articles and prints field by field what extraction makes of them — and says plainly which
 * profile selector found nothing and whether the generic extractor stepped in.
 *
 * Nothing is stored and nothing is queued: only fetches, with the same fetch policy, allowed hosts
 * and per-host politeness as the workers. Exit 1 when a source yields no entries or an article
 * cannot be fetched or extracted; warnings (a selector that found nothing) alone keep exit 0.
 */
import type { Writable } from 'node:stream';
import { load, type CheerioAPI } from 'cheerio';
import type { App } from '../app/index.js';
import { tryCanonicalizeUrl } from '../dedupe/index.js';
import { articleFromEntry, documentBase, extractArticle, extractWithProfile } from '../extract/index.js';
import { fetchResource } from '../fetch/index.js';
import type { Article, Entry, Profile, Source } from '../model/index.js';
import { parseFeed, parseListing } from '../parse/index.js';
import { describeError } from '../pipeline/index.js';
import { truncate } from './table.js';
import { unknownSourceError } from './source-ids.js';

export interface SourcesCheckOptions {
  /** Sources to check; all configured ones when empty. */
  sourceIds: string[];
  /** Articles fetched per source. @defaultValue 3 */
  articles?: number;
  out: Writable;
}

interface Verdict {
  warnings: number;
  failures: string[];
}

const DEFAULT_ARTICLES = 3;
const ENTRIES_SHOWN = 3;
const PREVIEW_CHARS = 120;
const ACCEPT_FEED = 'application/atom+xml, application/rss+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
const LABEL_WIDTH = 13;

/** Writes the report lines of one source and counts what went wrong. */
class Reporter {
  readonly verdict: Verdict = { warnings: 0, failures: [] };
  constructor(private readonly out: Writable) {}

  line(text: string): void {
    this.out.write(`${text}\n`);
  }
  field(label: string, value: string): void {
    this.line(`    ${label.padEnd(LABEL_WIDTH)}${value}`);
  }
  warn(indent: string, text: string): void {
    this.verdict.warnings += 1;
    this.line(`${indent}WARN  ${text}`);
  }
  fail(indent: string, text: string): void {
    this.verdict.failures.push(text);
    this.line(`${indent}FAIL  ${text}`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isAllowedHost(source: Source, url: string): boolean {
  return source.hosts.includes(new URL(url).hostname.toLowerCase());
}

/** Elements a selector from config matches; an invalid one (the config loader reports it) matches none. */
function countMatches($: CheerioAPI, selector: string): number {
  try {
    return $(selector).length;
  } catch {
    return 0;
  }
}

// ── listing / feed ──────────────────────────────────────────────────────────────────────────────

async function readEntries(app: App, source: Source, profile: Profile | undefined, r: Reporter): Promise<Entry[]> {
  const res = await fetchResource(
    { url: source.url, allowedHosts: source.hosts, accept: source.type === 'feed' ? ACCEPT_FEED : ACCEPT_HTML },
    app.deps.fetchPolicy,
    app.deps.gate,
  );
  if (res.status !== 'ok') throw new Error(`${source.url}: unexpected 304 Not Modified`);
  const entries = source.type === 'feed' ? await parseFeed(res.text, res.url) : parseListing(res.text, res.url, profile).entries;
  r.line(`  ${source.type.padEnd(8)}${res.httpStatus} ${res.contentType} · ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${res.url !== source.url ? ` (redirected to ${res.url})` : ''}`);
  if (source.type === 'listing' && profile) {
    const { item, date } = profile.listing;
    if (countMatches(load(res.text), item) === 0) {
      r.warn('  ', `profile ${profile.id}: listing item selector '${item}' matched nothing; generic teaser detection used`);
    } else if (date && entries.length > 0 && entries.every((e) => e.published === undefined)) {
      r.warn('  ', `profile ${profile.id}: listing date selector '${date}' found no date in any teaser`);
    }
  }
  for (const [i, entry] of entries.slice(0, ENTRIES_SHOWN).entries()) {
    r.line(`    ${i + 1}. ${entry.published?.slice(0, 10) ?? '(no date)  '}  ${truncate(oneLine(entry.title ?? '(no title)'), 70)}  ${entry.url}`);
  }
  if (entries.length > ENTRIES_SHOWN) r.line(`    … and ${entries.length - ENTRIES_SHOWN} more`);
  return entries;
}

// ── articles ────────────────────────────────────────────────────────────────────────────────────

interface FieldCheck {
  field: string;
  selector: string | undefined;
  /** What the profile's selector produced. */
  fromProfile: unknown;
  /** What extraction produced in the end (profile or generic). */
  final: unknown;
  /** Pages often lack it (a lead paragraph, an image): no warning when nobody found one. */
  optional?: boolean;
}

function present(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== '';
}

/** What each profile selector found on this page, compared with the final result. */
function profileWarnings(html: string, url: string, profile: Profile, article: Article | undefined): string[] {
  const $ = load(html);
  const found = extractWithProfile($, profile, documentBase($, url));
  const a = profile.article;
  const warnings: string[] = [];
  if (a.root && countMatches($, a.root) === 0) {
    warnings.push(`profile ${profile.id}: root selector '${a.root}' matched nothing; the other selectors ran on the whole page`);
  }
  const checks: FieldCheck[] = [
    { field: 'title', selector: a.title, fromProfile: found.title, final: article?.title },
    { field: 'dateline', selector: a.dateline, fromProfile: found.dateline, final: article?.dateline },
    { field: 'date', selector: a.date, fromProfile: found.published, final: article?.published },
    { field: 'body', selector: a.body, fromProfile: found.bodyHtml, final: article?.text },
    { field: 'tags', selector: a.tags, fromProfile: found.tags, final: article?.tags },
    { field: 'lead', selector: a.lead, fromProfile: found.leadText, final: undefined, optional: true },
    { field: 'image', selector: a.image, fromProfile: found.imageUrl, final: article?.imageUrl, optional: true },
  ];
  for (const check of checks) {
    if (!check.selector || present(check.fromProfile)) continue;
    const what = `profile ${profile.id}: ${check.field} selector '${check.selector}' found nothing`;
    if (!article) warnings.push(what);
    else if (present(check.final)) warnings.push(`${what}; generic fallback used`);
    else if (!check.optional) warnings.push(`${what}, and the generic extractor found none either`);
  }
  return warnings;
}

function printArticle(r: Reporter, article: Article, entry: Entry): void {
  const published = article.published ?? entry.published;
  r.field('extracted by', article.extractedBy);
  r.field('title', oneLine(article.title));
  r.field('ministry', article.ministryId ?? '—');
  r.field('dateline', article.dateline ?? '—');
  r.field('published', published ? `${published}${article.published ? '' : ' (from the listing; the page shows none)'}` : '—');
  r.field('updated', article.updated ?? entry.updated ?? '—');
  r.field('tags', article.tags.length > 0 ? article.tags.map((t) => t.label).join(', ') : '—');
  r.field('summary', article.summary ? truncate(oneLine(article.summary), PREVIEW_CHARS) : '—');
  r.field('body', `${article.text.length} chars: ${JSON.stringify(truncate(oneLine(article.text), PREVIEW_CHARS))}`);
  r.field('image', article.imageUrl ?? '—');
}

async function checkArticle(app: App, source: Source, profile: Profile | undefined, entry: Entry, r: Reporter): Promise<void> {
  const canonical = tryCanonicalizeUrl(entry.url);
  if (!canonical || !isAllowedHost(source, canonical)) {
    const host = canonical ? new URL(canonical).hostname : entry.url;
    r.field('fetched', `no: ${host} is outside the source's hosts (${source.hosts.join(', ')}); published from the feed's own fields`);
    printArticle(r, articleFromEntry(entry, { registry: app.deps.registry, fallbackMinistryId: source.ministry }), entry);
    return;
  }
  let html: string;
  let pageUrl: string;
  try {
    const res = await fetchResource({ url: entry.url, allowedHosts: source.hosts, accept: ACCEPT_HTML }, app.deps.fetchPolicy, app.deps.gate);
    if (res.status !== 'ok') throw new Error(`${entry.url}: unexpected 304 Not Modified`);
    r.field('fetched', `${res.httpStatus} ${res.contentType}, ${res.body.length} bytes${res.url !== entry.url ? `, redirected to ${res.url}` : ''}`);
    if (!/html/.test(res.contentType)) throw new Error(`${res.url}: not an HTML page (Content-Type ${res.contentType})`);
    html = res.text;
    pageUrl = res.url;
  } catch (err) {
    r.fail('    ', describeError(err));
    return;
  }
  let article: Article | undefined;
  try {
    article = extractArticle(html, pageUrl, { profile, registry: app.deps.registry, fallbackMinistryId: source.ministry });
    printArticle(r, article, entry);
  } catch (err) {
    r.fail('    ', describeError(err));
  }
  if (profile) for (const warning of profileWarnings(html, pageUrl, profile, article)) r.warn('    ', warning);
}

// ── command ─────────────────────────────────────────────────────────────────────────────────────

async function checkSource(app: App, source: Source, articles: number, out: Writable): Promise<Verdict> {
  const r = new Reporter(out);
  const profile = source.profile === undefined ? undefined : app.config.profiles.get(source.profile);
  r.line(`== ${source.id} · ${source.type} · profile ${source.profile ?? '(none: generic only)'}`);
  r.line(`  ${source.url}`);
  if (source.profile !== undefined && !profile) r.fail('  ', `profile "${source.profile}" is not defined in the profiles file`);
  let entries: Entry[] = [];
  try {
    entries = await readEntries(app, source, profile, r);
  } catch (err) {
    r.fail('  ', describeError(err));
  }
  if (entries.length === 0 && r.verdict.failures.length === 0) {
    r.fail('  ', `${source.url}: no entries found (is it still a ${source.type === 'feed' ? 'feed' : 'listing of releases'}?)`);
  }
  for (const [i, entry] of entries.slice(0, articles).entries()) {
    r.line(`  article ${i + 1}/${Math.min(articles, entries.length)}  ${entry.url}`);
    await checkArticle(app, source, profile, entry, r);
  }
  const { warnings, failures } = r.verdict;
  r.line(`  -> ${failures.length > 0 ? `FAILED (${failures.length} problem(s))` : 'ok'}${warnings > 0 ? `, ${warnings} warning(s)` : ''}`);
  r.line('');
  return r.verdict;
}

export async function runSourcesCheck(app: App, options: SourcesCheckOptions): Promise<number> {
  const configured = app.config.sources.map((s) => s.id);
  for (const id of options.sourceIds) if (!configured.includes(id)) throw unknownSourceError('sources check --source', id, configured);
  const selected = options.sourceIds.length > 0 ? app.config.sources.filter((s) => options.sourceIds.includes(s.id)) : app.config.sources;
  const verdicts: Verdict[] = [];
  for (const source of selected) verdicts.push(await checkSource(app, source, options.articles ?? DEFAULT_ARTICLES, options.out));
  const failed = verdicts.filter((v) => v.failures.length > 0).length;
  const warned = verdicts.filter((v) => v.failures.length === 0 && v.warnings > 0).length;
  options.out.write(`Checked ${selected.length} source(s): ${selected.length - failed - warned} ok, ${warned} with warnings, ${failed} failed. Nothing was stored.\n`);
  return failed > 0 ? 1 : 0;
}
