/**
 * Golden files: every fixture page in test/fixtures/pages/ sits beside what it must give.
 *
 *   <page>.html               the page as a site serves it
 *   <page>.json               what it gives, and how it was read:
 *   <page>.<variant>.json       { "url": the page's address,
 *                                 "profile": an id from config/profiles.yaml, or null for the generic extractor,
 *                                 "article": the whole Article extractArticle returns }
 *                               or, for a listing page, "listing": the ListingPage parseListing returns.
 *
 * Extraction uses the shipped config (ministries and profiles), as the service does.
 *
 * To regenerate after a deliberate change (or to fill in a new page: write its JSON with "url" and
 * "profile" and an empty "article": {} or "listing": {}):
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden-pages.test.ts
 *
 * then read every changed file against its page (`git diff test/fixtures/pages/`) before
 * committing it: a regenerated file says what the code does, not what it should do.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.js';
import { createMinistryRegistry } from '../src/model/index.js';
import type { Article, Profile } from '../src/model/types.js';
import { parseListing, type ListingPage } from '../src/parse/index.js';
import { loadShippedConfig } from './helpers/config.js';

const PAGES = new URL('./fixtures/pages/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';

type Golden = { url: string; profile: string | null } & ({ article: Article } | { listing: ListingPage });

const config = await loadShippedConfig();
const registry = createMinistryRegistry(config.ministries);

/** Every golden file, with the page it belongs to (its name up to the first dot). */
const GOLDEN_FILES = readdirSync(PAGES)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, page: `${name.split('.')[0]}.html` }));

function readGolden(name: string): Golden {
  return JSON.parse(readFileSync(new URL(name, PAGES), 'utf8')) as Golden;
}

function profileNamed(id: string | null): Profile | undefined {
  if (id === null) return undefined;
  const profile = config.profiles.get(id);
  if (!profile) throw new Error(`config/profiles.yaml has no profile "${id}"`);
  return profile;
}

/** What the code gives for a golden file's page today, in the file's shape. */
function actualFor(golden: Golden, html: string): Golden {
  const profile = profileNamed(golden.profile);
  const head = { url: golden.url, profile: golden.profile };
  if ('article' in golden) return { ...head, article: extractArticle(html, golden.url, { profile, registry }) };
  return { ...head, listing: parseListing(html, golden.url, profile) };
}

/**
 * The same values with long strings cut into lines (at block tags, at newlines), so that a
 * failure shows the paragraph that changed rather than one long line. Nothing is dropped.
 */
function reviewable(golden: Golden): unknown {
  if (!('article' in golden)) return golden;
  const { contentHtml, text } = golden.article;
  return {
    ...golden,
    article: { ...golden.article, contentHtml: contentHtml?.split(/(?=<(?:p|h[1-6]|ul|ol|li|figure|blockquote|table|tr|pre)[\s>])/), text: text?.split('\n') },
  };
}

describe('golden files: each fixture page gives what its JSON says', () => {
  it.each(GOLDEN_FILES)('$name', ({ name, page }) => {
    const golden = readGolden(name);
    // As the file would hold it (JSON has no undefined fields).
    const actual = JSON.parse(JSON.stringify(actualFor(golden, readFileSync(new URL(page, PAGES), 'utf8')))) as Golden;
    if (UPDATE) {
      writeFileSync(new URL(name, PAGES), `${JSON.stringify(actual, null, 2)}\n`);
      return;
    }
    expect(reviewable(actual)).toEqual(reviewable(golden));
  });
});
