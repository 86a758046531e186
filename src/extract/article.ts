/**
 * extractArticle composes the steps for one fetched page: profile selectors, generic fallback per
 * field, attribution, URL identity, and sanitizing as the very last step.
 */
import { load } from 'cheerio';
import { canonicalizeUrl, tryCanonicalizeUrl } from '../dedupe/index.js';
import { slugify, type Article, type MinistryId, type MinistryRegistry, type Profile, type Tag } from '../model/index.js';
import { collapseWhitespace, documentBase, loadSerialized } from './dom.js';
import { ExtractionError } from './errors.js';
import { extractGeneric, GenericReach, metadataFields, type GenericResult } from './generic.js';
import { foldForComparison, mentionsImageFileName, startsWithKickers } from './labels.js';
import { readMetadata } from './metadata.js';
import { extractWithProfile, type ProfileMisses } from './profile.js';
import { publishedLink } from './published-link.js';
import { sanitizeContent } from './sanitize.js';
import { htmlToText } from './text.js';
import { tidyBody } from './tidy-body.js';

export interface ExtractOptions {
  profile?: Profile;
  registry: MinistryRegistry;
  /** The source's ministry, used when neither the page's dateline nor its host names one. */
  fallbackMinistryId?: MinistryId;
}

/**
 * One page's extraction: the article, or the ExtractionError that says why the page holds none,
 * and what the profile's selectors found nothing for (undefined without a profile).
 */
export type PageExtraction = ({ article: Article; error?: undefined } | { article?: undefined; error: ExtractionError }) & {
  profileMisses?: ProfileMisses;
};

/** The article of a page; throws ExtractionError when the page holds none. */
export function extractArticle(html: string, pageUrl: string, opts: ExtractOptions): Article {
  const page = extractPage(html, pageUrl, opts);
  if (page.error) throw page.error;
  return page.article;
}

export function extractPage(html: string, pageUrl: string, opts: ExtractOptions): PageExtraction {
  // Parsed once: the profile only reads the tree (it copies the body it cleans), so the generic
  // extractor, which takes chrome out as it goes, runs on the same tree after it.
  const $ = load(html);
  const base = documentBase($, pageUrl);
  // Read before the generic extractor takes the head's links and metas out of the shared tree.
  const link = publishedLink($, base, pageUrl);
  const meta = readMetadata($);
  const fromMeta = metadataFields(meta, base);
  const fromProfile = opts.profile ? extractWithProfile($, opts.profile, base) : undefined;
  const profileMisses = fromProfile ? { profileMisses: fromProfile.misses } : {};
  // The generic extractor's walk over the page runs only for a field the profile left empty (on
  // a release the hessen-drupal profile reads whole, it was a quarter of the extraction).
  let structure: GenericResult | undefined;
  const generic = (): GenericResult => (structure ??= extractGeneric($, base, opts.registry, meta));
  let reach: GenericReach | undefined;
  const reaches = (): GenericReach => (reach ??= new GenericReach($.root()[0]));

  const title = fromProfile?.title ?? generic().title;
  const bodyFromProfile = fromProfile?.bodyHtml !== undefined;
  const bodyHtml = fromProfile?.bodyHtml ?? generic().bodyHtml ?? '';
  const genericLead = (): { leadText?: string; leadHtml?: string } => (structure || reaches().mayHaveLead() ? generic() : {});
  const lead = readLead(fromProfile?.leadText !== undefined ? fromProfile : genericLead());

  // Sanitize last: everything above only selects, removes and regroups (the tidying takes out what
  // an older layout leaves of its head in the body and puts loose captions into figures); from
  // here on nothing adds markup except the lead paragraph, which is sanitized the same way before
  // it is joined on.
  const tidied = tidyBody(bodyHtml, lead.text);
  const body = sanitizeContent(tidied.html, base);
  const text = htmlToText(body);
  const error = missingArticle(pageUrl, title, text, !bodyFromProfile && generic().looksLikeListing);
  if (error) return { error, ...profileMisses };
  const leadHtml = lead.html && lead.text && !text.startsWith(lead.text) ? sanitizeContent(lead.html, base) : '';

  const dateline = fromProfile?.dateline ?? generic().dateline;
  const published = fromProfile?.published ?? generic().published;
  // The page's dateline, the generic one (when the profile's names no ministry), the issuers.
  function* ministryNames(): Generator<string | undefined> {
    yield dateline;
    yield generic().dateline;
    yield* fromMeta.issuers;
  }
  const article: Article = {
    url: pageUrl,
    canonicalUrl: tryCanonicalizeUrl(fromMeta.canonical, pageUrl) ?? canonicalizeUrl(pageUrl),
    link,
    title: collapseWhitespace(title ?? ''),
    ministryId: attributeMinistry(opts, ministryNames(), pageUrl),
    dateline,
    published,
    updated: isAfterOrEqual(fromMeta.updated, published) ? fromMeta.updated : undefined,
    summary: lead.text ?? chooseSummary(fromMeta.description, tidied.removed, text),
    contentHtml: leadHtml ? `${leadHtml}\n${body}` : body,
    text,
    imageUrl: fromProfile?.imageUrl ?? fromMeta.imageUrl ?? (structure || reaches().mayHaveBodyImage() ? generic().imageUrl : undefined),
    tags: toTags(fromProfile?.tags ?? generic().tags),
    extractedBy: fromProfile?.title !== undefined && bodyFromProfile ? 'profile' : 'generic',
  };
  return { article, ...profileMisses };
}

/** The lead as the extractor found it, minus kicker words, file names and captions printed inside it. */
function readLead(found: { leadText?: string; leadHtml?: string }): { text?: string; html?: string } {
  if (!found.leadHtml || !found.leadText) return { text: found.leadText, html: found.leadHtml };
  const tidied = tidyBody(found.leadHtml);
  if (tidied.removed.length === 0) return { text: found.leadText, html: found.leadHtml };
  const text = collapseWhitespace(loadSerialized(tidied.html).root().text());
  return text ? { text, html: tidied.html } : {};
}

/**
 * The page's description, unless it was written from a leaked page head (it opens with kicker
 * words or with something the tidying took out of the body, or it names an image file). Else, on a
 * page whose head leaked into the body (a description was leaked, or there is none and the tidying
 * took something out), the body's first real paragraph. A page without lead or description whose
 * body was clean has no summary, as before.
 */
function chooseSummary(description: string | undefined, removed: readonly string[], text: string): string | undefined {
  if (description !== undefined && !isLeakedDescription(description, removed)) return description;
  if (description === undefined && removed.length === 0) return undefined;
  return firstParagraph(text);
}

function isLeakedDescription(description: string, removed: readonly string[]): boolean {
  if (startsWithKickers(description) || mentionsImageFileName(description)) return true;
  const folded = foldForComparison(description);
  return removed.some((r) => {
    const part = foldForComparison(r);
    return part !== '' && folded.startsWith(part);
  });
}

/** Subheadings and short lines are not what a summary should be. */
const MIN_SUMMARY_CHARS = 60;

function firstParagraph(text: string): string | undefined {
  const blocks = text.split('\n\n').filter((b) => b !== '');
  return blocks.find((b) => b.length >= MIN_SUMMARY_CHARS) ?? blocks[0];
}

function missingArticle(url: string, title: string | undefined, text: string, looksLikeListing: boolean): ExtractionError | undefined {
  const missing = [...(title ? [] : ['title']), ...(text ? [] : ['body text'])];
  if (missing.length > 0) return new ExtractionError(url, missing);
  if (looksLikeListing) return new ExtractionError(url, ['body text'], 'the page is mostly teasers of other pages (a listing?)');
  return undefined;
}

function isAfterOrEqual(updated: string | undefined, published: string | undefined): boolean {
  return updated !== undefined && (published === undefined || updated >= published);
}

/**
 * The ministry: a dateline (or publisher name) that names one, else the site's host, else the
 * source's ministry. A release republished on the portal keeps its ministry through its dateline.
 */
export function attributeMinistry(
  opts: { registry: MinistryRegistry; fallbackMinistryId?: MinistryId },
  names: Iterable<string | undefined>,
  url: string,
): MinistryId | undefined {
  for (const name of names) {
    const match = name ? opts.registry.matchName(name) : undefined;
    if (match) return match.id;
  }
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    // An unparsable URL has no host to attribute by.
  }
  return opts.registry.byHost(host)?.id ?? opts.fallbackMinistryId;
}

/** Tags as published, one per slug (the first spelling wins), empty ones dropped. */
export function toTags(labels: readonly string[] | undefined): Tag[] {
  const bySlug = new Map<string, Tag>();
  for (const raw of labels ?? []) {
    const label = collapseWhitespace(raw);
    const slug = slugify(label);
    if (slug !== '' && !bySlug.has(slug)) bySlug.set(slug, { label, slug });
  }
  return [...bySlug.values()];
}
