/** Small DOM helpers shared by the extractors. */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

export type { AnyNode, Element };

/** Collapses whitespace (including no-break spaces) and drops soft hyphens and zero-width marks. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim();
}

export function textOf(node: Cheerio<AnyNode>): string {
  return collapseWhitespace(node.text());
}

/** Class and id split into lower-case words: "hw-article__share" → hw, article, share. */
export function nameTokens(el: Element): string[] {
  const raw = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`.toLowerCase();
  return raw.split(/[\s_-]+/).filter((t) => t !== '');
}

export function isElement(node: AnyNode | null | undefined): node is Element {
  return node !== null && node !== undefined && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** True when `ancestor` is `node` or contains it. */
export function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let cur: AnyNode | null = node; cur; cur = cur.parent) if (cur === ancestor) return true;
  return false;
}

/** Runs a selector from configuration; an invalid selector finds nothing rather than throwing. */
export function select($: CheerioAPI, selector: string | undefined, context?: Cheerio<AnyNode>): Cheerio<Element> {
  const none = $([] as Element[]);
  if (!selector) return none;
  try {
    const found = context ? context.find(selector) : $(selector);
    return found.filter((_, node): node is Element => isElement(node));
  } catch {
    return none;
  }
}

/** The `href` of a link, made absolute; undefined unless it is http(s). */
export function absoluteHttpUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The URL relative links on this page resolve against (`<base href>` if present). */
export function documentBase($: CheerioAPI, pageUrl: string): string {
  return absoluteHttpUrl($('base[href]').first().attr('href'), pageUrl) ?? pageUrl;
}
