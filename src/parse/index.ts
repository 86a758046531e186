/**
 * parse: what a poll fetched → entries. Feeds via rss-parser, HTML listing pages via cheerio and
 * the source's profile. Entries carry absolute URLs and ISO 8601 dates.
 */
export { parseFeed } from './feed.js';
export { parseListing, type ListingPage } from './listing.js';
export { ParseError } from './errors.js';
