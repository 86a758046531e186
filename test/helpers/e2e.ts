/**
 * Shared pieces of the end-to-end tests that run `hessenfeed start` as a child process against
 * fixture sites on loopback: the sources file, the environment, reading Atom entries the way a
 * feed reader does, and bounded waiting.
 *
 * The ministry site and the portal listen on different loopback addresses (127.0.0.1 and
 * 127.0.0.2), as the real sites have different hosts: the per-host politeness spacing then
 * applies to each site on its own, like in production.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { attribute, children, parseXml, text, type XmlNode } from './atom-checker.js';
import { TEST_REDIS_URL } from './redis.js';

export const MINISTRY_SITE_HOST = '127.0.0.1';
export const PORTAL_SITE_HOST = '127.0.0.2';

export interface E2eSource {
  id: string;
  url: string;
  /** Fallback attribution; the portal has none (the page's dateline decides). */
  ministry?: string;
}

/**
 * Writes a sources.yaml for the fixture sites. The interval is long on purpose: the first poll of
 * `start` runs at once, and every later poll in a test is triggered explicitly, so nothing
 * changes behind a test's back.
 */
export function writeSourcesFile(dir: string, sources: E2eSource[]): string {
  const file = join(dir, 'sources.yaml');
  const entries = sources.map(
    (s) => `  - id: ${s.id}
    name: ${s.id}
${s.ministry ? `    ministry: ${s.ministry}\n` : ''}    url: ${s.url}
    type: listing
    profile: hessen-drupal
    interval: 1h
    max_pages: 1
`,
  );
  writeFileSync(file, `sources:\n${entries.join('')}`);
  return file;
}

/** Environment of a `hessenfeed start` on a free port, allowed to fetch the fixture sites only. */
export function serviceEnv(prefix: string, sourcesFile: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: TEST_REDIS_URL,
    KEY_PREFIX: prefix,
    SOURCES_FILE: sourcesFile,
    ALLOW_PRIVATE_NETWORKS: `${MINISTRY_SITE_HOST}/32,${PORTAL_SITE_HOST}/32`,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** One Atom entry as a feed reader sees it. */
export interface AtomEntry {
  id: string;
  title: string;
  published: string;
  updated: string;
  authors: string[];
  /** rel="alternate" hrefs. */
  alternate: string[];
  /** rel="related" hrefs (the other copies of a merged release). */
  related: string[];
  categories: { term: string; label?: string; scheme?: string }[];
  contentType?: string;
  content: string;
}

export function feedElement(xml: string): XmlNode {
  const feed = children(parseXml(xml), 'feed')[0];
  if (!feed) throw new Error(`not an Atom feed: ${xml.slice(0, 300)}`);
  return feed;
}

function linksOf(node: XmlNode, rel: string): string[] {
  return children(node, 'link')
    .filter((link) => (attribute(link, 'rel') ?? 'alternate') === rel)
    .map((link) => attribute(link, 'href') ?? '');
}

export function atomEntries(xml: string): AtomEntry[] {
  return children(feedElement(xml), 'entry').map((entry) => {
    const content = children(entry, 'content')[0];
    return {
      id: text(children(entry, 'id')[0]) ?? '',
      title: text(children(entry, 'title')[0]) ?? '',
      published: text(children(entry, 'published')[0]) ?? '',
      updated: text(children(entry, 'updated')[0]) ?? '',
      authors: children(entry, 'author').map((author) => text(children(author, 'name')[0]) ?? ''),
      alternate: linksOf(entry, 'alternate'),
      related: linksOf(entry, 'related'),
      categories: children(entry, 'category').map((c) => ({
        term: attribute(c, 'term') ?? '',
        label: attribute(c, 'label'),
        scheme: attribute(c, 'scheme'),
      })),
      contentType: attribute(content, 'type'),
      content: text(content) ?? '',
    };
  });
}

/** The feed's rel="next" link, if any. */
export function nextLink(xml: string): string | undefined {
  return linksOf(feedElement(xml), 'next')[0];
}

/**
 * Each entry's exact bytes (`<entry>…</entry>`) by its id, to show that an entry did not change
 * at all while another one did.
 */
export function rawEntriesById(xml: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const match of xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)) {
    const id = /<id>([^<]*)<\/id>/.exec(match[0])?.[1];
    if (id === undefined) throw new Error(`an entry without <id>: ${match[0].slice(0, 200)}`);
    entries.set(id, match[0]);
  }
  return entries;
}

/**
 * Calls `check` until it returns a value other than undefined, at most `timeoutMs`; then fails
 * with `what` and the last reason `check` gave through `describe`.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what} after ${options.timeoutMs ?? 60_000} ms${options.describe ? `: ${options.describe()}` : ''}`);
    }
    await sleep(options.intervalMs ?? 200);
  }
}
