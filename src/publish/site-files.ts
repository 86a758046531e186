/**
 * The small files every site is asked for: the icon (SVG for browsers that take it, ICO for the
 * rest and for feed readers that look for /favicon.ico) and robots.txt, which lets crawlers read
 * the feeds and pages and keeps them out of /admin. Fixed bytes, no store behind them.
 */

export interface SiteFile {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A feed symbol on the blue of the Hessian state's pages. */
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#1f4e79"/>
<circle cx="7" cy="25" r="3" fill="#fff"/>
<path d="M7 14a11 11 0 0 1 11 11h-3.8A7.2 7.2 0 0 0 7 17.8z M7 7a18 18 0 0 1 18 18h-3.8A14.2 14.2 0 0 0 7 10.8z" fill="#fff"/>
</svg>
`;

/** The same symbol as 16 × 16 and 32 × 32 PNG images in one ICO file. */
const FAVICON_ICO = Buffer.from('AAABAAIAEBAAAAEAIACJAAAAJgAAACAgAAABACAA0QAAAK8AAACJUE5HDQoaCgAAAA1JSERSAAAAEAAAABAIBgAAAB/z/2EAAABQSURBVHjaY2AAAnm/yv/kYAZKNMMNoboB6IBiAwgZgtcLxBiE0wWExEgOA1yGMBDjfGx8ksIAnysIpgNsrsBqAC4nUmwASQmJYgPoniNBegE4vUPyDpbStwAAAABJRU5ErkJggolQTkcNChoKAAAADUlIRFIAAAAgAAAAIAgGAAAAc3p69AAAAJhJREFUeNrd10sKgDAMBNDcxBt5H0+vO6lSMJ/JTDHQdR4lHY3ZUNt+nIxjs2I1nyLYzR8IVfMbsTTgXXJAByYNQEHKgCokNIQdiPQrQEHKz7CKcM9AFNE6hEgENAcyCHgOQAHZ24ggDDH1VAAaAQ0iKuCriRzgRRg6BSGASKDAAdGPixzQ8kfEau4awv/vBfLVbInlVLmeX3jqCQgPii/KAAAAAElFTkSuQmCC', 'base64');

const ROBOTS_TXT = `# hessenfeed: feeds, pages and the API may be read; the admin pages are for operators only.
User-agent: *
Allow: /
Disallow: /admin/
`;

export const SITE_FILES: readonly SiteFile[] = [
  { path: '/favicon.svg', contentType: 'image/svg+xml', body: Buffer.from(FAVICON_SVG, 'utf8') },
  { path: '/favicon.ico', contentType: 'image/x-icon', body: FAVICON_ICO },
  { path: '/robots.txt', contentType: 'text/plain; charset=utf-8', body: Buffer.from(ROBOTS_TXT, 'utf8') },
];
