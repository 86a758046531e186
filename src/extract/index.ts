/**
 * extract: turns a fetched release page (or a feed entry that may not be fetched) into an Article
 * — title, ministry, dates, sanitized body, plain text, tags, image, canonical URL.
 */
export { extractArticle, extractPage, type ExtractOptions, type PageExtraction } from './article.js';
export { PROFILE_FIELDS, type ProfileField, type ProfileMisses } from './profile.js';
export { articleFromEntry } from './from-entry.js';
export { ExtractionError } from './errors.js';
export { sanitizeContent } from './sanitize.js';
export { htmlToText } from './text.js';
