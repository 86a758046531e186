/**
 * `hessenfeed rescrape <item-id|url>` and `hessenfeed rescrape --source <id>`: fetch and extract
 * again, e.g. after a profile fix or when a ministry corrected a release without touching its
 * listing. The scrape jobs are forced: no conditional GET, so an unchanged page (304) is still
 * re-extracted, and they carry an id of their own (see rescrapeJobOptions), so a queued or failed
 * scrape of the same URL does not swallow them. Like `poll`, this only enqueues; workers do it.
 */
import type { Writable } from 'node:stream';
import type { App } from '../app/index.js';
import { tryCanonicalizeUrl } from '../dedupe/index.js';
import type { Item, Source } from '../model/index.js';
import { fetchUrlFor, sourceForUrl } from '../pipeline/index.js';
import { rescrapeJobOptions, type ScrapeJob } from '../queue/index.js';
import { workerNote } from './poll.js';
import { unknownSourceError } from './source-ids.js';
import { UsageError } from './usage-error.js';

export interface RescrapeOptions {
  /** An item id or an article URL. */
  target?: string;
  /** Every item this source led to. */
  sourceId?: string;
  out: Writable;
  /** Where "nothing to rescrape" goes. */
  err: Writable;
  now?: Date;
}

export interface PlannedScrape {
  /** Canonical URL (job id, page state). */
  url: string;
  /** What is fetched: the canonical URL in the scheme of the source (see pipeline fetchUrlFor). */
  fetchUrl: string;
  sourceId: string;
}

const LISTED_MAX = 20;
const ADD_BATCH = 500;

function planned(url: string, source: Source): PlannedScrape {
  return { url, fetchUrl: fetchUrlFor(url, source), sourceId: source.id };
}

/** Every URL of the item that some configured source may fetch, and the URLs none may. */
export function planItem(sources: readonly Source[], item: Item, preferred: readonly string[] = []): { planned: PlannedScrape[]; skipped: string[] } {
  const plan: PlannedScrape[] = [];
  const skipped: string[] = [];
  for (const url of item.urls) {
    const source = sourceForUrl(sources, url, [...preferred, ...item.sources]);
    if (source) plan.push(planned(url, source));
    else skipped.push(url);
  }
  return { planned: plan, skipped };
}

async function planTarget(app: App, target: string): Promise<{ planned: PlannedScrape[]; skipped: string[]; items: number }> {
  const sources = app.config.sources;
  if (/^https?:\/\//i.test(target)) {
    const url = tryCanonicalizeUrl(target);
    if (!url) throw new UsageError(`rescrape: "${target}" is not a usable URL`);
    const itemId = await app.store.findItemIdByUrl(url);
    const item = itemId ? await app.store.getItem(itemId) : undefined;
    if (item) return { ...planItem(sources, item), items: 1 };
    // Not stored (e.g. it failed to extract before a profile fix): scrape the URL itself.
    const source = sourceForUrl(sources, url);
    if (!source) throw new RescrapeError(`no configured source may fetch ${new URL(url).hostname}; add it to a source's hosts in the sources file`);
    return { planned: [planned(url, source)], skipped: [], items: 0 };
  }
  const item = await app.store.getItem(target);
  if (!item) throw new RescrapeError(`no stored item has the id "${target}"; give an item id (16 hex digits, see \`hessenfeed export\`) or an article URL`);
  return { ...planItem(sources, item), items: 1 };
}

async function planSource(app: App, sourceId: string): Promise<{ planned: PlannedScrape[]; skipped: string[]; items: number }> {
  const ids = (await app.connection.smembers(app.store.keys.sourceItems(sourceId))).sort();
  const items = await app.store.getItems(ids);
  const all: PlannedScrape[] = [];
  const skipped: string[] = [];
  for (const item of items) {
    const plan = planItem(app.config.sources, item, [sourceId]);
    all.push(...plan.planned);
    skipped.push(...plan.skipped);
  }
  return { planned: all, skipped, items: items.length };
}

/** Nothing to rescrape as asked; the message says why. Exit 1. */
export class RescrapeError extends Error {
  override readonly name = 'RescrapeError';
}

async function enqueue(app: App, plan: PlannedScrape[], now: Date): Promise<void> {
  const jobs = await Promise.all(
    plan.map(async ({ url, fetchUrl, sourceId }) => {
      // Keeps the listing signature, so the next poll does not scrape the page once more.
      const page = await app.store.getPageState(url);
      const data: ScrapeJob = { sourceId, entry: { url: fetchUrl }, signature: page.signature ?? '', force: true };
      return { name: 'scrape', data, opts: rescrapeJobOptions(url, app.deps.retry, now) };
    }),
  );
  for (let i = 0; i < jobs.length; i += ADD_BATCH) await app.queues.scrape.addBulk(jobs.slice(i, i + ADD_BATCH));
}

export async function runRescrape(app: App, options: RescrapeOptions): Promise<number> {
  const { target, sourceId, out } = options;
  if (target !== undefined && sourceId !== undefined) throw new UsageError('rescrape: give an item id or URL, or --source <id>, not both');
  if (target === undefined && sourceId === undefined) throw new UsageError('rescrape: give an item id or an article URL, or --source <id>');
  const configured = app.config.sources.map((s) => s.id);
  if (sourceId !== undefined && !configured.includes(sourceId)) throw unknownSourceError('rescrape --source', sourceId, configured);
  let plan: Awaited<ReturnType<typeof planSource>>;
  try {
    plan = target !== undefined ? await planTarget(app, target) : await planSource(app, sourceId!);
  } catch (err) {
    if (!(err instanceof RescrapeError)) throw err;
    options.err.write(`hessenfeed: rescrape: ${err.message}\n`);
    return 1;
  }
  if (target !== undefined && plan.planned.length === 0) {
    options.err.write(`hessenfeed: rescrape: no configured source may fetch any URL of this item: ${plan.skipped.join(', ')}\n`);
    return 1;
  }
  await enqueue(app, plan.planned, options.now ?? new Date());
  out.write(`Queued ${plan.planned.length} forced rescrape(s) of ${plan.items} item(s)${plan.items === 0 && plan.planned.length > 0 ? ' (the URL is not stored yet)' : ''}.\n`);
  for (const { fetchUrl, sourceId: id } of plan.planned.slice(0, LISTED_MAX)) out.write(`  ${fetchUrl}  (source ${id})\n`);
  if (plan.planned.length > LISTED_MAX) out.write(`  … and ${plan.planned.length - LISTED_MAX} more\n`);
  if (plan.skipped.length > 0) {
    out.write(`Skipped ${plan.skipped.length} URL(s) that no configured source may fetch (published from feed fields):\n`);
    for (const url of plan.skipped.slice(0, LISTED_MAX)) out.write(`  ${url}\n`);
  }
  out.write(await workerNote([app.queues.scrape, app.queues.ingest]));
  return 0;
}
