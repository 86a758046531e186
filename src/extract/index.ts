/**
 * extract: turns a fetched release page (or a feed entry that may not be fetched) into an Article
 * — title, ministry, dates, sanitized body, plain text, tags, image, canonical URL.
 */
export { extractArticle, type ExtractOptions } from './article.js';
export { extractWithProfile, type ProfileResult } from './profile.js';
export { documentBase } from './dom.js';
export { articleFromEntry } from './from-entry.js';
export { ExtractionError } from './errors.js';
export { createMinistryRegistry, type MinistryRegistry } from './ministries.js';
export { sanitizeContent } from './sanitize.js';
export { htmlToText } from './text.js';
