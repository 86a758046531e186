import { select } from 'cheerio-select';
import { Document, Element } from 'domhandler';
import { z } from 'zod';
import type { Profile } from '../model/index.js';
import { validate } from './describe-issues.js';
import { checked } from './schema-parts.js';

// One small document is enough: css-select compiles a selector before it looks for matches.
// cheerio-select is what cheerio's `find` runs; called directly, it spares every process that
// only reads the config (a web process) cheerio's parsers.
const probe = new Document([new Element('html', {}, [new Element('body', {})])]);

/** A CSS selector cheerio can run; checked now so a typo stops the start instead of every scrape. */
function describeSelectorProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a CSS selector (text expected)';
  if (value.trim() === '') return 'is empty';
  try {
    select(value, probe);
  } catch (error) {
    return `is not a valid CSS selector (${(error as Error).message.trim()})`;
  }
  return undefined;
}

const selector = checked<string>(describeSelectorProblem);

const listingSchema = z.strictObject({
  item: selector,
  link: selector.optional(),
  title: selector.optional(),
  date: selector.optional(),
  dateline: selector.optional(),
  teaser: selector.optional(),
});

const articleSchema = z.strictObject({
  root: selector.optional(),
  title: selector.optional(),
  dateline: selector.optional(),
  date: selector.optional(),
  lead: selector.optional(),
  body: selector.optional(),
  tags: selector.optional(),
  image: selector.optional(),
  remove: z.array(selector).optional(),
});

const profileSchema = z.strictObject({
  listing: listingSchema,
  article: articleSchema.optional(),
});

const profilesFileSchema = z.strictObject({
  profiles: z.record(z.string(), profileSchema),
});

export type ParsedProfiles = { ok: true; profiles: Map<string, Profile> } | { ok: false; problems: string[] };

/** Validates the profiles file's data (already read from YAML). */
export function parseProfiles(file: string, data: unknown): ParsedProfiles {
  const result = validate(file, profilesFileSchema, data);
  if (!result.ok) return result;
  const profiles = new Map<string, Profile>();
  for (const [id, raw] of Object.entries(result.data.profiles)) profiles.set(id, toProfile(id, raw));
  return { ok: true, profiles };
}

function toProfile(id: string, raw: z.infer<typeof profileSchema>): Profile {
  const { remove, ...article } = raw.article ?? {};
  return { id, listing: { ...raw.listing }, article: { ...article, remove: remove ?? [] } };
}
