/**
 * Machine-readable metadata a page carries besides its visible text: JSON-LD (schema.org
 * NewsArticle/Article), OpenGraph and article:* meta tags, rel=canonical. The generic extractor
 * prefers what is visible and uses these where the page shows nothing.
 */
import type { CheerioAPI } from 'cheerio';
import { collapseWhitespace } from './dom.js';

export interface PageMetadata {
  canonical?: string;
  title?: string;
  description?: string;
  published?: string;
  modified?: string;
  image?: string;
  keywords: string[];
  /** Author and publisher names from JSON-LD (may name a ministry). */
  issuers: string[];
}

type JsonObject = Record<string, unknown>;

const ARTICLE_TYPES = new Set(['article', 'newsarticle', 'reportagenewsarticle', 'report', 'blogposting', 'pressrelease', 'webpage']);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return collapseWhitespace(value) || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function typesOf(node: JsonObject): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
}

/** Every object in a JSON-LD document, flattening arrays and @graph. */
function flattenJsonLd(value: unknown, out: JsonObject[] = []): JsonObject[] {
  if (Array.isArray(value)) for (const v of value) flattenJsonLd(v, out);
  else if (isObject(value)) {
    out.push(value);
    if (value['@graph'] !== undefined) flattenJsonLd(value['@graph'], out);
  }
  return out;
}

function readJsonLd($: CheerioAPI): JsonObject | undefined {
  const nodes: JsonObject[] = [];
  $('script[type="application/ld+json"]').each((_, el) => {
    try {
      flattenJsonLd(JSON.parse($(el).text()), nodes);
    } catch {
      // Broken JSON-LD is common; the page still has its visible text.
    }
  });
  const rank = (node: JsonObject): number => {
    const types = typesOf(node);
    if (types.some((t) => t !== 'webpage' && ARTICLE_TYPES.has(t))) return 2;
    return types.includes('webpage') ? 1 : 0;
  };
  return nodes.filter((n) => rank(n) > 0).sort((a, b) => rank(b) - rank(a))[0];
}

function imageFrom(value: unknown): string | undefined {
  if (Array.isArray(value)) return imageFrom(value[0]);
  if (isObject(value)) return asString(value.url) ?? asString(value.contentUrl);
  return asString(value);
}

function namesFrom(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (isObject(v) ? asString(v.name) : asString(v))).filter((v): v is string => v !== undefined);
}

function keywordsFrom(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asString).filter((v): v is string => v !== undefined);
  const text = asString(value);
  return text ? text.split(',').map((k) => k.trim()).filter((k) => k !== '') : [];
}

function meta($: CheerioAPI, key: string): string | undefined {
  const value = $(`meta[property="${key}"], meta[name="${key}"]`).first().attr('content');
  return value === undefined ? undefined : collapseWhitespace(value) || undefined;
}

export function readMetadata($: CheerioAPI): PageMetadata {
  const ld = readJsonLd($) ?? {};
  return {
    canonical: $('link[rel~="canonical"]').first().attr('href')?.trim() || undefined,
    title: asString(ld.headline) ?? meta($, 'og:title') ?? asString(ld.name),
    description: meta($, 'og:description') ?? asString(ld.description) ?? meta($, 'description'),
    published: asString(ld.datePublished) ?? meta($, 'article:published_time') ?? meta($, 'dcterms.date'),
    modified: asString(ld.dateModified) ?? meta($, 'article:modified_time') ?? meta($, 'og:updated_time'),
    image: imageFrom(ld.image) ?? meta($, 'og:image') ?? meta($, 'twitter:image'),
    keywords: keywordsFrom(ld.keywords),
    issuers: [...namesFrom(ld.author), ...namesFrom(ld.publisher)],
  };
}
