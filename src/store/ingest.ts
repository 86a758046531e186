/**
 * ingest (DESIGN.md §3): decide which item an article belongs to and merge it in, race-free.
 *
 * Read what the decision depends on, decide in TypeScript, then commit with one Lua script that
 * first checks that none of it changed — the URL keys, the fingerprint key, the SimHash bands
 * looked up (via their change counters) and the matched item's JSON (via its sha1). On a conflict
 * nothing is written and the whole decision is made again from fresh reads.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { hammingDistance, isNearDuplicate, NEAR_DUPLICATE_MAX_DISTANCE, simhashBands } from '../dedupe/index.js';
import type { Article, IngestOutcome, IngestResult } from '../model/index.js';
import type { LuaScript } from '../redis/index.js';
import { IngestConflictError } from './errors.js';
import {
  createItem,
  mergeItem,
  prepareArticle,
  type PreparedArticle,
  type StoredItem,
} from './item-record.js';
import { sha1Hex, type StoreKeys } from './keys.js';
import { STORE_FORMAT } from './migrate.js';
import { appendRevision, correctionMember, correctionScore, type Revision } from './revisions.js';
import { indexedWords, planPostings, type IndexedState, type PostingsPlan } from './search-index.js';
import { decodeText, encodeText } from './text-codec.js';
import { decodeItem, encodeItem, readItemFields } from './item-codec.js';

export interface IngestOptions {
  /** Commit attempts before giving up with IngestConflictError. @defaultValue 50 */
  maxAttempts?: number;
  /** Hamming distance up to which band candidates are compared by text. @defaultValue 12 */
  maxDistance?: number;
  /** Closest band candidates whose texts are compared. @defaultValue 8 */
  maxCandidates?: number;
}

export interface IngestContext {
  redis: Redis;
  keys: StoreKeys;
  commitScript: LuaScript;
  options: Required<IngestOptions>;
}

type MatchKind = 'url' | 'content' | 'near';

interface Snapshot {
  /** Item id behind each of the article's URL keys, or null. */
  urlOwners: (string | null)[];
  fpOwner: string | null;
  /** bandver counts, read before the band sets so a later change shows at commit. */
  bandVersions: string[];
  /** Members of the article's bands (one SUNION), read after their counters. */
  bandMembers: string[];
  /** The paragraphs' change counters, read before their sizes, and the size of each paragraph's set. */
  paragraphVersions: (string | null)[];
  paragraphSizes: number[];
}

interface Decision {
  match?: { kind: MatchKind; id: string; json: string };
  /** Bands were consulted (no URL or fingerprint match): guard them at commit. */
  usedBands: boolean;
  /** Paragraph counters as read by the containment lookup (bandver fields), guarded at commit. */
  paragraphGuards?: [string, string][];
}

interface CommitPlan {
  expectStrings: [string, string][];
  expectItem: [string, string];
  expectBands: [string, string][];
  item?: [string, string];
  strings: [string, string][];
  bandRemove: [string, string, string][];
  bandAdd: [string, string, string][];
  zrem: [string, string][];
  zadd: [string, string, string][];
  tagsKey: string;
  tagLabels: [string, string][];
  tagDrop: [string, string][];
  bump: boolean;
  now: string;
  source: [string, string, string, string];
  /** The item's text key, written with the deflated text passed beside the plan (ARGV[2]). */
  textKey?: string;
  /** Word index changes (search-index.ts). */
  words?: PostingsPlan;
}

const OUTCOME_BY_KIND: Record<MatchKind, IngestOutcome> = {
  url: 'duplicate-url',
  content: 'duplicate-content',
  near: 'near-duplicate',
};

const COUNT_FIELD: Record<IngestOutcome, string> = {
  new: 'c:new',
  updated: 'c:updated',
  'duplicate-url': 'c:duplicates',
  'duplicate-content': 'c:duplicates',
  'near-duplicate': 'c:duplicates',
};

export const DEFAULT_INGEST_OPTIONS: Required<IngestOptions> = {
  maxAttempts: 50,
  maxDistance: NEAR_DUPLICATE_MAX_DISTANCE,
  maxCandidates: 8,
};

/**
 * Everything the decision may need, in one round trip: the URL and fingerprint keys, and for an
 * indexable article its band and paragraph candidates too (wasted only when a key matches, which
 * costs less than two more round trips for every new release). Each counter is read before the
 * set it guards, so a change in between shows at commit.
 */
async function readSnapshot(ctx: IngestContext, p: PreparedArticle): Promise<Snapshot> {
  const { keys } = ctx;
  const pipe = ctx.redis.pipeline();
  for (const url of p.urls) pipe.get(keys.url(url));
  if (p.indexable) {
    pipe.get(keys.fingerprint(p.fingerprint));
    pipe.hmget(keys.bandVersions, ...p.bands).sunion(...p.bands.map((band) => keys.band(band)));
    if (p.paragraphs.length > 0) pipe.hmget(keys.bandVersions, ...p.paragraphs.map(paragraphGuardField));
    for (const hash of p.paragraphs) pipe.scard(keys.paragraph(hash));
  }
  const values = await execValues(pipe);
  const urlOwners = values.splice(0, p.urls.length) as (string | null)[];
  if (!p.indexable) return { urlOwners, fpOwner: null, bandVersions: [], bandMembers: [], paragraphVersions: [], paragraphSizes: [] };
  const [fpOwner, bandVersions, bandMembers, ...rest] = values as [string | null, (string | null)[], string[], ...unknown[]];
  const paragraphVersions = p.paragraphs.length > 0 ? (rest.shift() as (string | null)[]) : [];
  return {
    urlOwners,
    fpOwner: fpOwner ?? null,
    bandVersions: bandVersions.map((v) => v ?? '0'),
    bandMembers,
    paragraphVersions,
    paragraphSizes: rest.map(Number),
  };
}

/** Band members are `<simhash><id>`; returns ids within reach, closest first. */
function rankCandidates(members: string[], simhash: string, maxDistance: number, limit: number): string[] {
  const best = new Map<string, number>();
  for (const member of members) {
    const id = member.slice(16);
    const distance = hammingDistance(simhash, member.slice(0, 16));
    if (distance <= maxDistance && distance < (best.get(id) ?? Infinity)) best.set(id, distance);
  }
  return [...best.entries()]
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([id]) => id);
}

function findNearDuplicate(ctx: IngestContext, p: PreparedArticle, snap: Snapshot): Promise<{ id: string; json: string } | undefined> {
  const { options } = ctx;
  return firstNearDuplicate(ctx, p, rankCandidates(snap.bandMembers, p.simhash, options.maxDistance, options.maxCandidates));
}

/** The first of the candidate `ids` whose stored text makes it the same release as `p`, with its item JSON. */
async function firstNearDuplicate(ctx: IngestContext, p: PreparedArticle, ids: readonly string[]): Promise<{ id: string; json: string } | undefined> {
  if (ids.length === 0) return undefined;
  const pipe = ctx.redis.pipeline();
  for (const id of ids) pipe.getBuffer(ctx.keys.text(id)).get(ctx.keys.item(id));
  const values = await execValues(pipe);
  for (let i = 0; i < ids.length; i++) {
    const text = decodeText(values[2 * i] as Buffer | null);
    const json = values[2 * i + 1];
    if (typeof text !== 'string' || typeof json !== 'string') continue;
    const stored = readItemFields(json);
    if (isNearDuplicate(subjectOf(p), { simhash: stored.simhash, text, title: stored.title }, { maxDistance: ctx.options.maxDistance })) {
      return { id: ids[i]!, json };
    }
  }
  return undefined;
}

// ── containment candidates (paragraph index) ────────────────────────────────────────────────────
// The second candidate index beside the bands: an item whose published copy shares a paragraph
// with the article. It finds a short release republished with a contact block appended, which the
// block moves past the SimHash gate; the texts decide as for band candidates (isNearDuplicate
// takes a text wholly contained in the other for the same release at any distance).

/** A paragraph that this many releases carry is boilerplate (contact block, "Über …"): not looked up. */
export const MAX_PARAGRAPH_SHARERS = 20;

function subjectOf(p: PreparedArticle): { simhash: string; text: string; title: string } {
  return { simhash: p.simhash, text: p.text, title: p.title };
}

/** Field of a paragraph's change counter in the bandver hash (band fields are "<n>:<bits>"). */
function paragraphGuardField(hash: string): string {
  return `p:${hash}`;
}

async function execValues(pipe: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  return ((await pipe.exec()) ?? []).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/** Ids sharing the most of `p`'s (non-boilerplate) paragraphs, most first, and the counters read before. */
async function paragraphCandidates(ctx: IngestContext, p: PreparedArticle, snap: Snapshot): Promise<{ ids: string[]; guards: [string, string][] }> {
  const { keys, redis } = ctx;
  const sizes = snap.paragraphSizes;
  // Only what the decision read is guarded: a boilerplate paragraph changes with every release
  // that carries it, and guarding it would make all of those ingests conflict with each other.
  const read = p.paragraphs.map((_, i) => sizes[i]! < MAX_PARAGRAPH_SHARERS);
  const guards = p.paragraphs.flatMap((hash, i): [string, string][] => (read[i] ? [[paragraphGuardField(hash), snap.paragraphVersions[i] ?? '0']] : []));
  const wanted = p.paragraphs.filter((_, i) => read[i] && sizes[i]! > 0);
  if (wanted.length === 0) return { ids: [], guards };
  const second = redis.pipeline();
  for (const hash of wanted) second.smembers(keys.paragraph(hash));
  const shared = new Map<string, number>();
  for (const members of await execValues(second)) for (const id of members as string[]) shared.set(id, (shared.get(id) ?? 0) + 1);
  const ids = [...shared.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, ctx.options.maxCandidates)
    .map(([id]) => id);
  return { ids, guards };
}

async function findContainingCopy(ctx: IngestContext, p: PreparedArticle, snap: Snapshot): Promise<{ match?: { id: string; json: string }; guards: [string, string][] }> {
  if (p.paragraphs.length === 0) return { guards: [] };
  const { ids, guards } = await paragraphCandidates(ctx, p, snap);
  const match = await firstNearDuplicate(ctx, p, ids);
  return match ? { match, guards } : { guards };
}

function planParagraphs(keys: StoreKeys, id: string, hashes: readonly string[], into: [string, string, string][]): void {
  for (const hash of hashes) into.push([keys.paragraph(hash), paragraphGuardField(hash), id]);
}

// ── decision ────────────────────────────────────────────────────────────────────────────────────

async function decide(ctx: IngestContext, p: PreparedArticle, snap: Snapshot): Promise<Decision> {
  const byUrl = snap.urlOwners.find((owner) => owner !== null);
  const direct: [MatchKind, string] | undefined = byUrl ? ['url', byUrl] : snap.fpOwner ? ['content', snap.fpOwner] : undefined;
  if (direct) {
    const json = await ctx.redis.get(ctx.keys.item(direct[1]));
    // An index key always points at a stored item; if not, the store is damaged — treat as new.
    if (json !== null) return { match: { kind: direct[0], id: direct[1], json }, usedBands: false };
  }
  if (!p.indexable) return { usedBands: false };
  const near = await findNearDuplicate(ctx, p, snap);
  if (near) return { match: { kind: 'near', ...near }, usedBands: true };
  const contained = await findContainingCopy(ctx, p, snap);
  return { match: contained.match ? { kind: 'near', ...contained.match } : undefined, usedBands: true, paragraphGuards: contained.guards };
}

/** Index sorted-set memberships of an item: key → score. */
export function indexEntries(keys: StoreKeys, item: StoredItem): Map<string, string> {
  const score = String(Date.parse(item.published));
  const entries = new Map<string, string>([[keys.all, score]]);
  if (item.ministryId) entries.set(keys.ministry(item.ministryId), score);
  for (const tag of item.tags) entries.set(keys.tag(tag.slug), score);
  return entries;
}

function planIndexes(keys: StoreKeys, before: StoredItem | undefined, after: StoredItem, plan: CommitPlan): void {
  const old = before ? indexEntries(keys, before) : new Map<string, string>();
  const now = indexEntries(keys, after);
  for (const [key] of old) if (!now.has(key)) plan.zrem.push([key, after.id]);
  for (const [key, score] of now) if (old.get(key) !== score) plan.zadd.push([key, score, after.id]);
  const oldTags = new Set(before?.tags.map((t) => t.slug));
  const newTags = new Set(after.tags.map((t) => t.slug));
  for (const tag of after.tags) if (!oldTags.has(tag.slug)) plan.tagLabels.push([tag.slug, tag.label]);
  for (const slug of oldTags) if (!newTags.has(slug)) plan.tagDrop.push([keys.tag(slug), slug]);
}

function planBands(keys: StoreKeys, item: StoredItem, bands: readonly string[], into: [string, string, string][]): void {
  for (const band of bands) into.push([keys.band(band), band, `${item.simhash}${item.id}`]);
}

function emptyPlan(ctx: IngestContext, p: PreparedArticle, snap: Snapshot, decision: Decision, now: string): CommitPlan {
  const { keys } = ctx;
  const expectStrings: [string, string][] = p.urls.map((url, i) => [keys.url(url), snap.urlOwners[i] ?? '']);
  if (p.indexable) expectStrings.push([keys.fingerprint(p.fingerprint), snap.fpOwner ?? '']);
  return {
    expectStrings,
    expectItem: ['', ''],
    expectBands: decision.usedBands ? [...p.bands.map((band, i): [string, string] => [band, snap.bandVersions[i] ?? '0']), ...(decision.paragraphGuards ?? [])] : [],
    strings: [],
    bandRemove: [],
    bandAdd: [],
    zrem: [],
    zadd: [],
    tagsKey: keys.tagLabels,
    tagLabels: [],
    tagDrop: [],
    bump: false,
    now,
    source: ['', '', '', ''],
  };
}

function planNew(ctx: IngestContext, p: PreparedArticle, plan: CommitPlan, sourceId: string, now: string): IngestResult {
  const { keys } = ctx;
  const item = createItem(p, sourceId, now);
  plan.expectItem = [keys.item(item.id), ''];
  plan.item = [keys.item(item.id), encodeItem(item)];
  plan.strings.push(...p.urls.map((url): [string, string] => [keys.url(url), item.id]));
  planTextAndWords(keys, undefined, { item, text: p.text }, plan);
  if (p.indexable) {
    plan.strings.push([keys.fingerprint(p.fingerprint), item.id]);
    planBands(keys, item, p.bands, plan.bandAdd);
    planParagraphs(keys, item.id, p.paragraphs, plan.bandAdd);
  }
  planIndexes(keys, undefined, item, plan);
  plan.bump = true;
  return { outcome: 'new', itemId: item.id };
}

async function planMatch(
  ctx: IngestContext,
  p: PreparedArticle,
  snap: Snapshot,
  match: NonNullable<Decision['match']>,
  plan: CommitPlan,
  sourceId: string,
  now: string,
): Promise<IngestResult> {
  const { keys } = ctx;
  const existing = decodeItem(match.json);
  plan.expectItem = [keys.item(existing.id), sha1Hex(match.json)];
  // A URL already owned by another item stays with it; only free URLs join this one.
  const freeUrls = p.urls.filter((_, i) => snap.urlOwners[i] === null);
  const merged = mergeItem(existing, p, sourceId, freeUrls, now);
  plan.strings.push(...freeUrls.map((url): [string, string] => [keys.url(url), existing.id]));
  // The fingerprint of every copy leads here, so a later exact copy of it matches directly.
  if (p.indexable && snap.fpOwner === null) plan.strings.push([keys.fingerprint(p.fingerprint), existing.id]);
  if (merged.contentUpdated) {
    // The version replaced goes into the release's history. Read after the item: had the
    // history changed since, so would the item's sha1, and the commit would retry.
    const history = await ctx.redis.get(keys.revisions(existing.id));
    const replaced: Revision = { replacedAt: now, title: existing.title, contentHtml: existing.contentHtml, published: existing.published, updated: existing.updated };
    if (existing.summary !== undefined) replaced.summary = existing.summary;
    const { json: revisions, dropped } = appendRevision(history, replaced);
    plan.strings.push([keys.revisions(existing.id), revisions]);
    plan.zadd.push([keys.corrections, correctionScore(replaced), correctionMember(existing.id, replaced)]);
    for (const old of dropped) plan.zrem.push([keys.corrections, correctionMember(existing.id, old)]);
    planBands(keys, existing, simhashBands(existing.simhash), plan.bandRemove);
    if (p.indexable) planBands(keys, merged.item, p.bands, plan.bandAdd);
    planParagraphs(keys, existing.id, existing.paragraphs ?? [], plan.bandRemove);
    if (p.indexable) planParagraphs(keys, existing.id, p.paragraphs, plan.bandAdd);
  }
  if (merged.changed && changesIndexedWords(existing, merged.item)) {
    // The stored text read here is current: had it changed, so would the item, and the commit would retry.
    const text = decodeText(await ctx.redis.getBuffer(keys.text(existing.id))) ?? '';
    planTextAndWords(keys, { item: existing, text }, { item: merged.item, text: merged.contentUpdated ? p.text : text }, plan, merged.contentUpdated);
  }
  if (merged.changed) {
    plan.item = [keys.item(existing.id), encodeItem(merged.item)];
    planIndexes(keys, existing, merged.item, plan);
    plan.bump = true;
  }
  return { outcome: merged.contentUpdated ? 'updated' : OUTCOME_BY_KIND[match.kind], itemId: existing.id };
}

// ── stored text and word index (text-codec.ts, search-index.ts) ───────────────────────────────────

interface TextedItem {
  item: StoredItem;
  text: string;
}

/** The deflated texts of the plans being committed, by plan (the text travels beside the JSON). */
const textValues = new WeakMap<CommitPlan, Buffer>();

function textValueOf(plan: CommitPlan): Buffer | string {
  return textValues.get(plan) ?? '';
}

function indexedState({ item, text }: TextedItem): IndexedState {
  return { words: indexedWords(item, text), score: String(Date.parse(item.published)) };
}

/** Whether a merge moves the item's words or their score: title, summary (text: with the content) or published. */
function changesIndexedWords(before: StoredItem, after: StoredItem): boolean {
  return before.title !== after.title || before.summary !== after.summary || before.published !== after.published || before.fingerprint !== after.fingerprint;
}

/** Writes the text (a new item, or new content) and the word index changes from `before` to `after`. */
function planTextAndWords(keys: StoreKeys, before: TextedItem | undefined, after: TextedItem, plan: CommitPlan, textChanged = true): void {
  if (textChanged) {
    plan.textKey = keys.text(after.item.id);
    textValues.set(plan, encodeText(after.text));
  }
  plan.words = planPostings(keys, after.item.id, before && indexedState(before), indexedState(after));
}

async function attemptIngest(ctx: IngestContext, p: PreparedArticle, sourceId: string, now: string): Promise<IngestResult | undefined> {
  const snap = await readSnapshot(ctx, p);
  const decision = await decide(ctx, p, snap);
  const plan = emptyPlan(ctx, p, snap, decision, now);
  const result = decision.match
    ? await planMatch(ctx, p, snap, decision.match, plan, sourceId, now)
    : planNew(ctx, p, plan, sourceId, now);
  plan.source = [ctx.keys.source(sourceId), COUNT_FIELD[result.outcome], ctx.keys.sourceItems(sourceId), result.itemId];
  const { keys } = ctx;
  const reply = await ctx.commitScript.run(ctx.redis, [keys.version, keys.bandVersions, keys.lastChanged, keys.format], [JSON.stringify(plan), textValueOf(plan), STORE_FORMAT]);
  return reply === -1 ? undefined : result;
}

/** Merges `article`, seen by `sourceId`, into the store; see the module comment for the protocol. */
export async function ingestArticle(ctx: IngestContext, article: Article, sourceId: string, now: Date): Promise<IngestResult> {
  const p = prepareArticle(article);
  const at = now.toISOString();
  for (let attempt = 1; attempt <= ctx.options.maxAttempts; attempt++) {
    const result = await attemptIngest(ctx, p, sourceId, at);
    if (result) return result;
    // Spread the losers out so they do not collide again on the next round.
    await sleep(Math.random() * Math.min(100, 2 ** attempt));
  }
  throw new IngestConflictError(`ingest of ${p.urls[0]} conflicted ${ctx.options.maxAttempts} times with concurrent ingests`);
}
