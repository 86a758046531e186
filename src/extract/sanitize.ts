/**
 * Everything republished goes through here (DESIGN.md §8): an allow-list of harmless markup, no
 * scripts, styles, frames, forms, event handlers or classes, and only absolute http(s)/mailto
 * links. Runs last, after every other transformation, so nothing can add markup behind it.
 */
import sanitizeHtml from 'sanitize-html';
import { isImageFileName } from './labels.js';

const ALLOWED_TAGS = [
  'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'a', 'strong', 'em', 'b', 'i', 'blockquote',
  'figure', 'figcaption', 'img', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'br', 'hr', 'sup', 'sub', 'abbr', 'code', 'pre',
];

/** Elements whose content is never article text; dropped with everything inside them. */
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'textarea', 'option', 'xmp', 'noscript', 'template', 'iframe', 'frame',
  'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'form', 'select', 'button', 'head',
  'title', 'canvas', 'audio', 'video', 'dialog',
];

/** Blank space in sanitized output (it is canonical: no attributes on these tags). */
const BLANK = String.raw`(?:\s|&nbsp;|&#160;|<br />)*`;
const EMPTY_INLINE = new RegExp(`<(strong|em|b|i|sup|sub|code)>${BLANK}</\\1>`, 'g');
const EMPTY_BLOCK = new RegExp(`<(p|h[2-6]|li|ul|ol|blockquote|figcaption)>${BLANK}</\\1>`, 'g');

/**
 * Resolves `value` against `baseUrl` and returns it when the scheme is allowed. Protocol-relative
 * URLs are refused outright: they point at another host while looking like local paths.
 */
function resolveUrl(value: string | undefined, baseUrl: string, schemes: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || /^[\\/]{2}/.test(trimmed.replace(/[\t\n\r]/g, ''))) return undefined;
  try {
    const url = new URL(trimmed, baseUrl);
    return schemes.includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function transformLink(baseUrl: string): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const href = resolveUrl(attribs.href, baseUrl, ['http:', 'https:', 'mailto:']);
    // A link that goes nowhere safe loses its href and is unwrapped by the filter below.
    if (href === undefined) return { tagName, attribs: {} };
    const kept: sanitizeHtml.Attributes = { href };
    if (attribs.title) kept.title = attribs.title;
    return { tagName, attribs: kept };
  };
}

function transformImage(baseUrl: string): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    // Lazy-loading themes keep the real image in data-src and a placeholder in src.
    const candidates = [attribs['data-src'], attribs.src];
    const src = candidates.map((c) => resolveUrl(c, baseUrl, ['http:', 'https:'])).find((c) => c !== undefined);
    if (src === undefined) return { tagName, attribs: {} };
    // An alt text that is only the file name ("IMG_1234.jpg") says nothing a reader could use.
    const alt = attribs.alt ?? '';
    const kept: sanitizeHtml.Attributes = { src, alt: isImageFileName(alt.trim()) ? '' : alt };
    for (const name of ['width', 'height'] as const) {
      const value = attribs[name];
      if (value !== undefined && /^\d{1,5}$/.test(value.trim())) kept[name] = value.trim();
    }
    return { tagName, attribs: kept };
  };
}

/**
 * Drops images without a usable source; unwraps links without a usable href. (Transforms keep the
 * tag name on purpose: sanitize-html 2.17 closes a renamed, discarded tag with the wrong name.
 * Blank blocks are removed afterwards: an unwrapped link's text is missing from frame.text.)
 */
function filterFrame(frame: sanitizeHtml.IFrame): boolean | 'excludeTag' {
  if (frame.tag === 'a' && frame.attribs.href === undefined) return 'excludeTag';
  if (frame.tag === 'img') return frame.attribs.src === undefined;
  return false;
}

/** Removes empty paragraphs, headings and list items (and empty inline wrappers inside them). */
function dropEmptyBlocks(html: string): string {
  let previous: string;
  let current = html;
  do {
    previous = current;
    current = current.replace(EMPTY_INLINE, '').replace(EMPTY_BLOCK, '');
  } while (current !== previous);
  return current;
}

/** Sanitizes article HTML and makes every link and image URL absolute against `baseUrl`. */
export function sanitizeContent(html: string, baseUrl: string): string {
  const cleaned = sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'width', 'height'],
      abbr: ['title'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    transformTags: {
      h1: 'h2',
      a: transformLink(baseUrl),
      img: transformImage(baseUrl),
    },
    exclusiveFilter: filterFrame,
    // Source indentation is not content; preformatted text keeps its spacing.
    textFilter: (text, tagName) => (tagName === 'pre' || tagName === 'code' ? text : text.replace(/\s+/g, ' ')),
  });
  return dropEmptyBlocks(cleaned).trim();
}
