/**
 * The Redis store (DESIGN.md §2): items, their indexes, identity keys, per-source and per-page
 * state. Every key lives under `<prefix>:`; see keys.ts for the layout.
 */
import type { Redis } from 'ioredis';
import { tryCanonicalizeUrl } from '../dedupe/index.js';
import { MINISTRY_IDS, type Article, type IngestResult, type Item, type PageState, type SourceState, type WalkState } from '../model/index.js';
import { LuaScript } from '../redis/index.js';
import { DEFAULT_INGEST_OPTIONS, ingestArticle, type IngestContext, type IngestOptions } from './ingest.js';
import { toItem } from './item-record.js';
import { upgradeItemIdentity } from './identity-upgrade.js';
import { StoreKeys } from './keys.js';
import { readPageState, readPageStates, writePageState, writePageStateReadSightings } from './page-state.js';
import { deleteItem } from './delete-item.js';
import { migrateStore, type MigrationResult } from './migrate.js';
import { Vocabulary } from './search-index.js';
import { queryItems, walkItems, type QueryContext, type QueryFilter, type QueryPage } from './query.js';
import type { SearchOptions } from './search-index.js';
import { readRevisions, type Revision } from './revisions.js';
import { addItemSources, readSightings, recordSightings } from './sightings.js';
import {
  clearSourceValidators,
  readSourceStates,
  recordPageError,
  recordPollFailure,
  recordPollNotModified,
  recordPollSuccess,
  type ErrorReport,
  type PollSuccess,
} from './source-state.js';
import { finishWalkPage, readWalks, recordWalkError, startWalk, type NewWalk, type WalkPageResult, type WalkPlace, type WalkStateContext } from './walk-state.js';
import { decodeItem } from './item-codec.js';

export interface TagCount {
  label: string;
  slug: string;
  count: number;
}

export interface StoreOptions extends IngestOptions {
  /** How word searches and listings are carried out and bounded (search-query.ts, query.ts). */
  search?: SearchOptions;
}

export class Store {
  readonly keys: StoreKeys;
  private readonly ingestContext: IngestContext;
  private readonly addSourcesScript = new LuaScript(new URL('./lua/add-sources-2.lua', import.meta.url));
  private readonly walkContext: WalkStateContext;
  private readonly indexScript = new LuaScript(new URL('./lua/index-item-2.lua', import.meta.url));
  private readonly deleteScript = new LuaScript(new URL('./lua/delete-item-2.lua', import.meta.url));

  constructor(
    private readonly redis: Redis,
    readonly prefix: string,
    options: StoreOptions = {},
  ) {
    if (!prefix) throw new Error('Store needs a non-empty key prefix');
    const { search, ...ingestOptions } = options;
    this.searchOptions = search ?? {};
    this.keys = new StoreKeys(prefix);
    this.ingestContext = {
      redis,
      keys: this.keys,
      commitScript: new LuaScript(new URL('./lua/commit-ingest-4.lua', import.meta.url)),
      options: { ...DEFAULT_INGEST_OPTIONS, ...ingestOptions },
    };
    this.walkContext = {
      redis,
      keys: this.keys,
      startScript: new LuaScript(new URL('./lua/start-walk-1.lua', import.meta.url)),
      updateScript: new LuaScript(new URL('./lua/update-walk-1.lua', import.meta.url)),
    };
  }

  /** This process's copy of the word index vocabulary (search-index.ts). */
  private readonly vocabulary = new Vocabulary();

  private readonly searchOptions: SearchOptions;

  private get ctx(): QueryContext & { vocabulary: Vocabulary } {
    return { redis: this.redis, keys: this.keys, vocabulary: this.vocabulary, search: this.searchOptions };
  }

  /** Brings a store written by an older hessenfeed to the current format (migrate.ts); undefined when it is. */
  migrate(): Promise<MigrationResult | undefined> {
    return migrateStore({ ...this.ctx, indexScript: this.indexScript });
  }

  /** Deletes a release and every key leading to it, its word index entries included; false when there is none. */
  deleteItem(id: string): Promise<boolean> {
    return deleteItem({ redis: this.redis, keys: this.keys, deleteScript: this.deleteScript }, id);
  }

  /** Recomputes the identity of items stored by an earlier hessenfeed (see identity-upgrade.ts); returns how many. */
  upgradeIdentity(): Promise<number> {
    return upgradeItemIdentity(this.ctx);
  }

  /** Merges an extracted article into the store (DESIGN.md §3); race-free across workers. */
  ingest(article: Article, sourceId: string, now: Date = new Date()): Promise<IngestResult> {
    return ingestArticle(this.ingestContext, article, sourceId, now);
  }

  async getItem(id: string): Promise<Item | undefined> {
    const json = await this.redis.get(this.keys.item(id));
    return json === null ? undefined : toItem(decodeItem(json));
  }

  /** The release's earlier versions (before corrections), oldest first; at most MAX_REVISIONS. */
  revisions(id: string): Promise<Revision[]> {
    return readRevisions(this.ctx, id);
  }

  /**
   * Kept corrections, newest first: `count` of them after skipping `offset`, each the release id
   * and when it was made (ms), for the /changes feeds.
   */
  async listCorrections(offset: number, count: number): Promise<{ itemId: string; at: number }[]> {
    const reply = await this.redis.zrevrange(this.keys.corrections, offset, offset + count - 1, 'WITHSCORES');
    const found: { itemId: string; at: number }[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) found.push({ itemId: reply[i]!.split('@')[0]!, at: Number(reply[i + 1]) });
    return found;
  }

  /** The stored ones among `ids`, in the order asked. */
  async getItems(ids: string[]): Promise<Item[]> {
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.keys.item(id)));
    return values.flatMap((json) => (json === null ? [] : [toItem(decodeItem(json))]));
  }

  async findItemIdByUrl(url: string): Promise<string | undefined> {
    const canonical = tryCanonicalizeUrl(url);
    if (!canonical) return undefined;
    return (await this.redis.get(this.keys.url(canonical))) ?? undefined;
  }

  countItems(): Promise<number> {
    return this.redis.zcard(this.keys.all);
  }

  /** Bumps on every item change; use it for cache keys and ETags. */
  async version(): Promise<number> {
    return Number((await this.redis.get(this.keys.version)) ?? 0);
  }

  /** ISO instant of the last item change. */
  async lastChanged(): Promise<string | undefined> {
    return (await this.redis.get(this.keys.lastChanged)) ?? undefined;
  }

  /** Every item, newest first (for export). */
  iterateItems(batch = 100): AsyncIterable<Item> {
    return walkItems(this.ctx, batch);
  }

  /** Newest first by (published, id); throws InvalidCursorError for a cursor it did not issue. */
  query(filter: QueryFilter): Promise<QueryPage> {
    return queryItems(this.ctx, filter);
  }

  /** Slug → label as first published, for every tag in use. */
  async tagLabels(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.keys.tagLabels)));
  }

  /** Tags in use, most used first. */
  async listTags(): Promise<TagCount[]> {
    const labels = await this.redis.hgetall(this.keys.tagLabels);
    const slugs = Object.keys(labels);
    if (slugs.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const slug of slugs) pipe.zcard(this.keys.tag(slug));
    const replies = (await pipe.exec()) ?? [];
    return slugs
      .map((slug, i) => ({ label: labels[slug]!, slug, count: Number(replies[i]?.[1] ?? 0) }))
      .filter((tag) => tag.count > 0)
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'de'));
  }

  /** Items per ministry id (every known id, zero included). */
  async ministryCounts(): Promise<Record<string, number>> {
    const pipe = this.redis.pipeline();
    for (const id of MINISTRY_IDS) pipe.zcard(this.keys.ministry(id));
    const replies = (await pipe.exec()) ?? [];
    return Object.fromEntries(MINISTRY_IDS.map((id, i) => [id, Number(replies[i]?.[1] ?? 0)]));
  }

  /** Remembers that `sourceId` listed these pages (canonical URLs). */
  recordSightings(canonicalUrls: readonly string[], sourceId: string): Promise<void> {
    return recordSightings(this.ctx, canonicalUrls, sourceId);
  }

  /** Sources whose polls listed this page (canonical URL). */
  sightings(canonicalUrl: string): Promise<string[]> {
    return readSightings(this.ctx, canonicalUrl);
  }

  /** Adds sources that saw an item; race-free against ingests. True when any was new. */
  addItemSources(itemId: string, sourceIds: readonly string[], now: Date = new Date()): Promise<boolean> {
    return addItemSources({ ...this.ctx, script: this.addSourcesScript }, itemId, sourceIds, now);
  }

  getPageState(url: string): Promise<PageState> {
    return readPageState(this.ctx, url);
  }

  /** Several pages' states in one round trip, in the order asked. */
  getPageStates(urls: readonly string[]): Promise<PageState[]> {
    return readPageStates(this.ctx, urls);
  }

  /** Sets the fields given; a field given as `undefined` is removed. */
  setPageState(url: string, patch: Partial<PageState>): Promise<void> {
    return writePageState(this.ctx, url, patch);
  }

  /**
   * setPageState for a page (canonical URL) just ingested, then the sources whose polls listed it,
   * read after the write (see sightings.ts) in the same transaction.
   */
  settlePage(canonicalUrl: string, patch: Partial<PageState>): Promise<string[]> {
    return writePageStateReadSightings(this.ctx, canonicalUrl, patch, this.keys.sightings(canonicalUrl));
  }

  async getSourceState(id: string): Promise<SourceState> {
    const [state] = await readSourceStates(this.ctx, [id]);
    return state!;
  }

  listSourceStates(ids: string[]): Promise<SourceState[]> {
    return readSourceStates(this.ctx, ids);
  }

  recordPollSuccess(id: string, poll: PollSuccess): Promise<void> {
    return recordPollSuccess(this.ctx, id, poll);
  }

  recordPollNotModified(id: string, at: Date): Promise<void> {
    return recordPollNotModified(this.ctx, id, at);
  }

  recordPollFailure(id: string, report: ErrorReport): Promise<void> {
    return recordPollFailure(this.ctx, id, report);
  }

  recordPageError(id: string, report: ErrorReport): Promise<void> {
    return recordPageError(this.ctx, id, report);
  }

  clearSourceValidators(id: string): Promise<void> {
    return clearSourceValidators(this.ctx, id);
  }

  /** The source's backfill walk; undefined when it never had one. */
  async getWalk(sourceId: string): Promise<WalkState | undefined> {
    const [walk] = await readWalks(this.walkContext, [sourceId]);
    return walk;
  }

  listWalks(sourceIds: readonly string[]): Promise<(WalkState | undefined)[]> {
    return readWalks(this.walkContext, sourceIds);
  }

  /** Starts a walk at its first page (replacing an old one unless `ifAbsent`); true when started. */
  startWalk(sourceId: string, walk: NewWalk, options: { ifAbsent?: boolean } = {}): Promise<boolean> {
    return startWalk(this.walkContext, sourceId, walk, options.ifAbsent === true);
  }

  /** Records a page as finished and where the walk goes next; false when the walk is elsewhere. */
  finishWalkPage(sourceId: string, place: WalkPlace, result: WalkPageResult, walk: WalkState): Promise<boolean> {
    return finishWalkPage(this.walkContext, sourceId, place, result, walk);
  }

  recordWalkError(sourceId: string, place: WalkPlace, error: { at: Date; url: string; message: string }): Promise<boolean> {
    return recordWalkError(this.walkContext, sourceId, place, error);
  }
}
