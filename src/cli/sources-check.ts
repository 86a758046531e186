/**
 * `hessenfeed sources check [--source id]…`: the tool for the day a site changed its layout.
 * Lists each source's listing or feed now, shows what it yields, then scrapes its first articles
 * and prints field by field what extraction makes of them — and says plainly which profile
 * selector found nothing and whether the generic extractor stepped in.
 *
 * It calls the pipeline's own steps (listPage, scrapePage, mayFetch) and only prints their
 * results, so it passes exactly when the workers would succeed. Nothing is stored, queued or
 * counted: only fetches, with the same fetch policy, allowed hosts and per-host politeness as the
 * workers. Exit 1 when a source yields no entries or an article cannot be fetched or extracted;
 * warnings (a selector that found nothing) alone keep exit 0.
 */
import type { Writable } from 'node:stream';
import { formatBerlinIso } from '../dates/index.js';
import type { App } from '../app/index.js';
import { tryCanonicalizeUrl } from '../dedupe/index.js';
import type { Article, Entry, Profile, Source } from '../model/index.js';
import { describeError, loadSteps, mayFetch, type PageScrape, type StepDeps } from '../pipeline/index.js';
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

// The command itself is loaded only when it runs (commands.ts), and it runs the steps.
const { entryArticle, listPage, scrapePage } = await loadSteps();

const DEFAULT_ARTICLES = 3;
const ENTRIES_SHOWN = 3;
const PREVIEW_CHARS = 120;
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

/** An instant as Berlin time, as the ministries print it (a release of 23.09.2024 is on the 23rd, not the 22nd in UTC). */
function berlinTime(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : formatBerlinIso(instant);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ── listing / feed ──────────────────────────────────────────────────────────────────────────────

async function readEntries(deps: StepDeps, source: Source, profile: Profile | undefined, r: Reporter): Promise<Entry[]> {
  const listing = await listPage(deps, source);
  if (listing.status !== 'listed') throw new Error(`${source.url}: unexpected 304 Not Modified`);
  const { entries, response } = listing;
  r.line(`  ${source.type.padEnd(8)}${response.httpStatus} ${response.contentType} · ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${response.url !== source.url ? ` (redirected to ${response.url})` : ''}`);
  if (source.type === 'listing' && profile) {
    const { item, date } = profile.listing;
    if (listing.profileItems === 0) {
      r.warn('  ', `profile ${profile.id}: listing item selector '${item}' matched nothing; generic teaser detection used`);
    } else if (date && entries.length > 0 && entries.every((e) => e.published === undefined)) {
      r.warn('  ', `profile ${profile.id}: listing date selector '${date}' found no date in any teaser`);
    }
  }
  for (const [i, entry] of entries.slice(0, ENTRIES_SHOWN).entries()) {
    r.line(`    ${i + 1}. ${berlinTime(entry.published)?.slice(0, 10) ?? '(no date)  '}  ${truncate(oneLine(entry.title ?? '(no title)'), 70)}  ${entry.url}`);
  }
  if (entries.length > ENTRIES_SHOWN) r.line(`    … and ${entries.length - ENTRIES_SHOWN} more`);
  return entries;
}

// ── articles ────────────────────────────────────────────────────────────────────────────────────

interface FieldCheck {
  field: ProfileField;
  /** What extraction produced in the end (profile or generic). */
  final: unknown;
  /** Pages often lack it (a lead paragraph, an image): no warning when nobody found one. */
  optional?: boolean;
}

type ProfileField = keyof Omit<Profile['article'], 'root' | 'remove'>;

function present(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== '';
}

/**
 * Each profile selector that found nothing on this page (the scrape notes them as it extracts),
 * and whether the generic extractor filled the field; none for a page that was not extracted.
 */
function profileWarnings(profile: Profile, scraped: Exclude<PageScrape, { status: 'not-modified' }>): string[] {
  const misses = scraped.profileMisses;
  if (!misses) return [];
  const article = scraped.status === 'extracted' ? scraped.article : undefined;
  const a = profile.article;
  const warnings: string[] = [];
  if (misses.root) {
    warnings.push(`profile ${profile.id}: root selector '${a.root}' matched nothing; the other selectors ran on the whole page`);
  }
  const checks: FieldCheck[] = [
    { field: 'title', final: article?.title },
    { field: 'dateline', final: article?.dateline },
    { field: 'date', final: article?.published },
    { field: 'body', final: article?.text },
    { field: 'tags', final: article?.tags },
    { field: 'lead', final: undefined, optional: true },
    { field: 'image', final: article?.imageUrl, optional: true },
  ];
  for (const check of checks) {
    if (!misses.fields.includes(check.field)) continue;
    const what = `profile ${profile.id}: ${check.field} selector '${a[check.field]}' found nothing`;
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
  r.field('published', published ? `${berlinTime(published)}${article.published ? '' : ' (from the listing; the page shows none)'}` : '—');
  r.field('updated', berlinTime(article.updated ?? entry.updated) ?? '—');
  r.field('tags', article.tags.length > 0 ? article.tags.map((t) => t.label).join(', ') : '—');
  r.field('summary', article.summary ? truncate(oneLine(article.summary), PREVIEW_CHARS) : '—');
  r.field('body', `${article.text.length} chars: ${JSON.stringify(truncate(oneLine(article.text), PREVIEW_CHARS))}`);
  r.field('image', article.imageUrl ?? '—');
}

async function checkArticle(deps: StepDeps, source: Source, profile: Profile | undefined, entry: Entry, r: Reporter): Promise<void> {
  const canonical = tryCanonicalizeUrl(entry.url);
  if (!canonical || !mayFetch(source, canonical)) {
    const host = canonical ? new URL(canonical).hostname : entry.url;
    r.field('fetched', `no: ${host} is outside the source's hosts (${source.hosts.join(', ')}); published from the feed's own fields`);
    printArticle(r, entryArticle(deps, source, entry), entry);
    return;
  }
  const scraped = await scrapePage(deps, source, entry.url);
  if (scraped.status === 'not-modified') {
    r.fail('    ', `${entry.url}: unexpected 304 Not Modified`);
    return;
  }
  const { response } = scraped;
  if (response) {
    r.field('fetched', `${response.httpStatus} ${response.contentType}, ${response.bytes} bytes${response.url !== entry.url ? `, redirected to ${response.url}` : ''}`);
  }
  if (scraped.status === 'extracted') printArticle(r, scraped.article, entry);
  else r.fail('    ', describeError(scraped.error));
  if (profile) for (const warning of profileWarnings(profile, scraped)) r.warn('    ', warning);
}

// ── command ─────────────────────────────────────────────────────────────────────────────────────

async function checkSource(app: App, deps: StepDeps, source: Source, articles: number, out: Writable): Promise<Verdict> {
  const r = new Reporter(out);
  const profile = source.profile === undefined ? undefined : app.config.profiles.get(source.profile);
  r.line(`== ${source.id} · ${source.type} · profile ${source.profile ?? '(none: generic only)'}`);
  r.line(`  ${source.url}`);
  if (source.profile !== undefined && !profile) r.fail('  ', `profile "${source.profile}" is not defined in the profiles file`);
  let entries: Entry[] = [];
  try {
    entries = await readEntries(deps, source, profile, r);
  } catch (err) {
    r.fail('  ', describeError(err));
  }
  if (entries.length === 0 && r.verdict.failures.length === 0) {
    r.fail('  ', `${source.url}: no entries found (is it still a ${source.type === 'feed' ? 'feed' : 'listing of releases'}?)`);
  }
  for (const [i, entry] of entries.slice(0, articles).entries()) {
    r.line(`  article ${i + 1}/${Math.min(articles, entries.length)}  ${entry.url}`);
    await checkArticle(deps, source, profile, entry, r);
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
  // The workers' fetch policy, gate, profiles and registry; no metrics: a check is not the pipeline's work.
  const { fetchPolicy, gate, profiles, registry } = app.deps;
  const deps: StepDeps = { fetchPolicy, gate, profiles, registry };
  const verdicts: Verdict[] = [];
  for (const source of selected) verdicts.push(await checkSource(app, deps, source, options.articles ?? DEFAULT_ARTICLES, options.out));
  const failed = verdicts.filter((v) => v.failures.length > 0).length;
  const warned = verdicts.filter((v) => v.failures.length === 0 && v.warnings > 0).length;
  options.out.write(`Checked ${selected.length} source(s): ${selected.length - failed - warned} ok, ${warned} with warnings, ${failed} failed. Nothing was stored.\n`);
  return failed > 0 ? 1 : 0;
}
