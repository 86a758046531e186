/**
 * Tag slugs (DESIGN.md §4): lower case, ä→ae, ö→oe, ü→ue, ß→ss, every other run of
 * non-alphanumerics → "-". "Frühkindliche Bildung" and "frühkindliche bildung" share a slug.
 */
export function slugify(label: string): string {
  return label
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
