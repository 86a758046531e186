/** `text/html; charset=ISO-8859-1` → mime "text/html", charset "ISO-8859-1". */
export function parseContentType(header: string | undefined): { mime: string; charset?: string } {
  if (!header) return { mime: '' };
  const [mimePart = '', ...params] = header.split(';');
  const mime = mimePart.trim().toLowerCase();
  for (const param of params) {
    const match = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(param);
    if (match?.[1]) return { mime, charset: match[1] };
  }
  return { mime };
}

/**
 * A server that sends no Content-Type still sends a document; a look at its first bytes tells a
 * feed from a page (RFC 9110 §8.3 lets the recipient sniff).
 */
export function sniffMimeType(text: string): string {
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 512).toLowerCase();
  if (/^<!doctype html|^<html[\s>]/.test(start)) return 'text/html';
  if (/^<\?xml|^<rss[\s>]|^<feed[\s>]|^<rdf:rdf[\s>]/.test(start)) return 'application/xml';
  return 'application/octet-stream';
}
