/**
 * parse: what a poll fetched → entries. Feeds via rss-parser (with the adapter around it in
 * feed.ts), HTML listing pages via cheerio and the source's profile. Entries carry absolute URLs
 * and ISO 8601 dates; a document that cannot be read is a ParseError saying what is wrong with it.
 */
export { parseFeed, type ParseFeedOptions } from './feed.js';
export { parseListing, type ListingPage } from './listing.js';
export { ParseError } from './errors.js';
