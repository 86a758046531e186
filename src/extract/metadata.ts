/**
 * Machine-readable metadata a page carries besides its visible text: JSON-LD (schema.org
 * NewsArticle/Article), OpenGraph and article:* meta tags, rel=canonical. The generic extractor
 * prefers what is visible and uses these where the page shows nothing.
 */
import type { CheerioAPI } from 'cheerio';
import { collapseWhitespace, findElements, rawText, type Element } from './dom.js';

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

function readJsonLd(scripts: readonly Element[]): JsonObject | undefined {
  const nodes: JsonObject[] = [];
  for (const el of scripts) {
    try {
      flattenJsonLd(JSON.parse(rawText(el)), nodes);
    } catch {
      // Broken JSON-LD is common; the page still has its visible text.
    }
  }
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

/** The elements metadata is read from, found in one walk over the page. */
interface MetaElements {
  /** `meta[property], meta[name]`, in document order. */
  metas: Element[];
  /** `script[type="application/ld+json"]` (the type in any case, as the selector matches it). */
  jsonLd: Element[];
  /** `link[rel~="canonical"]` (rel in any case). */
  canonical?: Element;
}

function findMetaElements($: CheerioAPI): MetaElements {
  const found: MetaElements = { metas: [], jsonLd: [] };
  findElements($.root()[0], (el) => {
    const { attribs } = el;
    if (el.name === 'meta' && (attribs.property !== undefined || attribs.name !== undefined)) found.metas.push(el);
    else if (el.name === 'script' && attribs.type?.toLowerCase() === 'application/ld+json') found.jsonLd.push(el);
    else if (el.name === 'link' && found.canonical === undefined && attribs.rel !== undefined && /(?:^|\s)canonical(?:$|\s)/i.test(attribs.rel)) found.canonical = el;
    return false;
  });
  return found;
}

/** `meta[property="key"], meta[name="key"]`: the first one's content. */
function meta(metas: readonly Element[], key: string): string | undefined {
  const value = metas.find((el) => el.attribs.property === key || el.attribs.name === key)?.attribs.content;
  return value === undefined ? undefined : collapseWhitespace(value) || undefined;
}

export function readMetadata($: CheerioAPI): PageMetadata {
  const { metas, jsonLd, canonical } = findMetaElements($);
  const ld = readJsonLd(jsonLd) ?? {};
  const m = (key: string): string | undefined => meta(metas, key);
  return {
    canonical: canonical?.attribs.href?.trim() || undefined,
    title: asString(ld.headline) ?? m('og:title') ?? asString(ld.name),
    description: m('og:description') ?? asString(ld.description) ?? m('description'),
    published: asString(ld.datePublished) ?? m('article:published_time') ?? m('dcterms.date'),
    modified: asString(ld.dateModified) ?? m('article:modified_time') ?? m('og:updated_time'),
    image: imageFrom(ld.image) ?? m('og:image') ?? m('twitter:image'),
    keywords: keywordsFrom(ld.keywords),
    issuers: [...namesFrom(ld.author), ...namesFrom(ld.publisher)],
  };
}
