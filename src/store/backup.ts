/**
 * Backup and restore of one deployment's store (everything under `<prefix>:` except the queues and
 * the host gate) as NDJSON records, so that restore after a lost Redis gives the same items, the
 * same feeds byte for byte and the same source and page state.
 *
 * What is written, and why:
 * - `hessenfeed-backup` header: format version, the prefix it came from, when it was made.
 * - `store`: the version counter, lastChanged, the tag label hash (the label a tag was *first*
 *   published with, which the items alone cannot tell) and the SimHash band change counters.
 * - `source`: each source's state hash as stored (counters included) and the items it led to.
 * - `page`: each page state hash, by its key's sha1 (the URL itself is not stored).
 * - `item`: the item JSON exactly as stored (store-internal fields included), its normalized text,
 *   and every content fingerprint that leads to it — earlier versions of a corrected release keep
 *   pointing at it, and the item only names its current one — and its earlier versions
 *   (`revisions`, revisions.ts), when it was corrected.
 * Everything else is rebuilt on restore from the items, by the same rules as ingest: URL keys,
 * the word index and its vocabulary (the store is written in the current format, see migrate.ts), SimHash
 * band members (for texts long enough to have content identity), the `all`/ministry/tag sorted
 * sets and the corrections index. Sightings (short-lived, only until a page is stored) and temp
 * keys are left out.
 *
 * A backup is consistent per record, not a point-in-time snapshot: for an exact copy, stop the
 * workers first (or use Redis' own BGSAVE).
 */
import type { Redis } from 'ioredis';
import { contentFingerprint, simhash64, simhashBands, wordsOf } from '../dedupe/index.js';
import { indexEntries } from './ingest.js';
import { IDENTITY_VERSION, MIN_IDENTITY_WORDS, type StoredItem } from './item-record.js';
import type { StoreKeys } from './keys.js';
import { nextPositions } from './query.js';
import { correctionMember, correctionScore, isRevision, MAX_REVISIONS, parseRevisions, type Revision } from './revisions.js';
import { STORE_FORMAT } from './migrate.js';
import { indexedWords, newGeneration } from './search-index.js';
import { decodeText, encodeText } from './text-codec.js';
import { decodeItem, encodeItem } from './item-codec.js';

export const BACKUP_FORMAT = 'hessenfeed-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  type: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** KEY_PREFIX the backup was taken from; restore may target another one. */
  prefix: string;
  /** ISO 8601. */
  created: string;
}

export interface StoreRecord {
  type: 'store';
  /** The store version counter (ETags, cache keys). */
  version: number;
  lastChanged?: string;
  /** Tag slug → label as first published. */
  tagLabels: Record<string, string>;
  /** SimHash band → change counter. */
  bandVersions: Record<string, string>;
}

export interface SourceRecord {
  type: 'source';
  id: string;
  /** The source state hash as stored. */
  state: Record<string, string>;
  /** Ids of the items the source led to. */
  items: string[];
}

export interface PageRecord {
  type: 'page';
  /** sha1 of the page's canonical URL (its key suffix). */
  key: string;
  state: Record<string, string>;
}

export interface ItemRecord {
  type: 'item';
  item: StoredItem;
  /** Normalized body text (near-duplicate checks, word search), plain (the store keeps it deflated). */
  text?: string;
  /** Every content fingerprint whose key leads to this item. */
  fingerprints: string[];
  /** Earlier versions, oldest first; absent when the release was never corrected. */
  revisions?: Revision[];
}

export type BackupRecord = BackupHeader | StoreRecord | SourceRecord | PageRecord | ItemRecord;

export interface BackupContext {
  redis: Redis;
  keys: StoreKeys;
}

export interface RestoreOptions {
  /** Replace what the prefix already holds (deleted first) instead of refusing. */
  force?: boolean;
}

export interface RestoreSummary {
  /** The header of the restored backup. */
  header: BackupHeader;
  items: number;
  sources: number;
  pages: number;
  /** Store keys deleted first (with `force`). */
  replaced: number;
}

/** The input is not a hessenfeed backup, or a line of it is damaged; names the line. */
export class BackupFormatError extends Error {
  override readonly name = 'BackupFormatError';
}

/** The target prefix already holds data and `force` was not given. */
export class RestoreRefusedError extends Error {
  override readonly name = 'RestoreRefusedError';
}

const SCAN_COUNT = 1000;
const BATCH = 200;
/** Store keys are `<prefix>:<one of these>…`; queues (`q:`) and the host gate (`host:`) are not the store's. */
const STORE_KEY_FAMILIES = ['item:', 'text:', 'search:', 'rev:', 'url:', 'fp:', 'band:', 'para:', 'min:', 'tag:', 'src:', 'page:', 'seen:', 'tmp:', 'w:'];
const STORE_SINGLE_KEYS = ['all', 'tags', 'version', 'lastChanged', 'bandver', 'corrections', 'vocab', 'format', 'identity'];

function globEscape(value: string): string {
  return value.replace(/[*?[\]\\]/g, '\\$&');
}

/** Every key matching `<prefix>:<pattern>`, each once (SCAN may repeat keys), sorted. */
async function scanKeys(ctx: BackupContext, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await ctx.redis.scan(cursor, 'MATCH', `${globEscape(ctx.keys.prefix)}:${pattern}`, 'COUNT', SCAN_COUNT);
    cursor = next;
    for (const key of keys) found.add(key);
  } while (cursor !== '0');
  return [...found].sort();
}

function suffixOf(ctx: BackupContext, key: string): string {
  return key.slice(ctx.keys.prefix.length + 1);
}

function isStoreKey(ctx: BackupContext, key: string): boolean {
  const rest = suffixOf(ctx, key);
  return STORE_SINGLE_KEYS.includes(rest) || STORE_KEY_FAMILIES.some((family) => rest.startsWith(family));
}

async function execPipeline(pipe: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const replies = (await pipe.exec()) ?? [];
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

async function readStoreRecord(ctx: BackupContext): Promise<StoreRecord> {
  const { keys } = ctx;
  const [version, lastChanged, tagLabels, bandVersions] = await execPipeline(
    ctx.redis.pipeline().get(keys.version).get(keys.lastChanged).hgetall(keys.tagLabels).hgetall(keys.bandVersions),
  );
  const record: StoreRecord = {
    type: 'store',
    version: Number(version ?? 0),
    tagLabels: tagLabels as Record<string, string>,
    bandVersions: bandVersions as Record<string, string>,
  };
  if (typeof lastChanged === 'string') record.lastChanged = lastChanged;
  return record;
}

async function* readSourceRecords(ctx: BackupContext): AsyncGenerator<SourceRecord> {
  const ids = new Set((await scanKeys(ctx, 'src:*')).map((key) => suffixOf(ctx, key).slice('src:'.length).replace(/:items$/, '')));
  for (const id of [...ids].sort()) {
    const [state, items] = await execPipeline(ctx.redis.pipeline().hgetall(ctx.keys.source(id)).smembers(ctx.keys.sourceItems(id)));
    yield { type: 'source', id, state: state as Record<string, string>, items: (items as string[]).sort() };
  }
}

async function* readPageRecords(ctx: BackupContext): AsyncGenerator<PageRecord> {
  const keys = await scanKeys(ctx, 'page:*');
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH);
    const pipe = ctx.redis.pipeline();
    for (const key of batch) pipe.hgetall(key);
    const states = await execPipeline(pipe);
    for (const [j, key] of batch.entries()) {
      const state = states[j] as Record<string, string>;
      if (Object.keys(state).length > 0) yield { type: 'page', key: suffixOf(ctx, key).slice('page:'.length), state };
    }
  }
}

/** Item id → every fingerprint whose key names it. */
async function readFingerprints(ctx: BackupContext): Promise<Map<string, string[]>> {
  const keys = await scanKeys(ctx, 'fp:*');
  const byItem = new Map<string, string[]>();
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH);
    const ids = await ctx.redis.mget(batch);
    for (const [j, id] of ids.entries()) {
      if (id === null) continue;
      const list = byItem.get(id) ?? [];
      list.push(suffixOf(ctx, batch[j]!).slice('fp:'.length));
      byItem.set(id, list);
    }
  }
  return byItem;
}

async function* readItemRecords(ctx: BackupContext): AsyncGenerator<ItemRecord> {
  const fingerprints = await readFingerprints(ctx);
  let position: Awaited<ReturnType<typeof nextPositions>>[number] | undefined;
  for (;;) {
    const positions = await nextPositions(ctx.redis, ctx.keys.all, position, BATCH);
    if (positions.length === 0) return;
    const pipe = ctx.redis.pipeline();
    for (const { id } of positions) pipe.get(ctx.keys.item(id)).getBuffer(ctx.keys.text(id)).get(ctx.keys.revisions(id));
    const replies = await execPipeline(pipe);
    for (const [i, { id }] of positions.entries()) {
      const json = replies[3 * i] as string | null;
      const text = decodeText(replies[3 * i + 1] as Buffer | null) ?? null;
      if (json === null) continue;
      const record: ItemRecord = { type: 'item', item: decodeItem(json), fingerprints: fingerprints.get(id) ?? [] };
      if (text !== null) record.text = text;
      const revisions = parseRevisions(replies[3 * i + 2] as string | null);
      if (revisions.length > 0) record.revisions = revisions;
      yield record;
    }
    position = positions[positions.length - 1];
  }
}

/** Every record of a backup, header first, items newest first. */
export async function* backupStore(ctx: BackupContext, now: Date = new Date()): AsyncGenerator<BackupRecord> {
  yield { type: BACKUP_FORMAT, version: BACKUP_VERSION, prefix: ctx.keys.prefix, created: now.toISOString() };
  yield await readStoreRecord(ctx);
  yield* readSourceRecords(ctx);
  yield* readPageRecords(ctx);
  yield* readItemRecords(ctx);
}

/** Store keys under the prefix (items, indexes, source and page state); queues and host gate excluded. */
export async function listStoreKeys(ctx: BackupContext): Promise<string[]> {
  return (await scanKeys(ctx, '*')).filter((key) => isStoreKey(ctx, key));
}

// ── restore ─────────────────────────────────────────────────────────────────────────────────────

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function parseLine(line: string, lineNo: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new BackupFormatError(`line ${lineNo}: not JSON (${(err as Error).message})`);
  }
  if (!isObject(value) || typeof value.type !== 'string') throw new BackupFormatError(`line ${lineNo}: not a backup record (no "type")`);
  return value;
}

function toHeader(record: Record<string, unknown>): BackupHeader {
  if (record.type !== BACKUP_FORMAT) {
    throw new BackupFormatError(`line 1: not a hessenfeed backup (the first line must be a "${BACKUP_FORMAT}" header, got type "${String(record.type)}")`);
  }
  if (record.version !== BACKUP_VERSION) {
    throw new BackupFormatError(`line 1: backup format version ${String(record.version)} is not supported; this hessenfeed reads version ${BACKUP_VERSION}`);
  }
  return { type: BACKUP_FORMAT, version: BACKUP_VERSION, prefix: String(record.prefix ?? ''), created: String(record.created ?? '') };
}

function checkItem(record: Record<string, unknown>, lineNo: number): ItemRecord {
  const item = record.item;
  const fail = (what: string): never => {
    throw new BackupFormatError(`line ${lineNo}: item record ${what}`);
  };
  if (!isObject(item)) return fail('has no "item" object');
  if (typeof item.id !== 'string' || !/^[0-9a-f]{16}$/.test(item.id)) fail('has no valid "id" (16 hex digits)');
  if (!isStringArray(item.urls) || item.urls.length === 0) fail('has no "urls"');
  if (typeof item.published !== 'string' || Number.isNaN(Date.parse(item.published))) fail('has no valid "published" date');
  if (typeof item.simhash !== 'string' || !/^[0-9a-f]{16}$/.test(item.simhash)) fail('has no valid "simhash"');
  if (!Array.isArray(item.tags) || !item.tags.every((t) => isObject(t) && typeof t.slug === 'string' && typeof t.label === 'string')) fail('has invalid "tags"');
  if (record.text !== undefined && typeof record.text !== 'string') fail('has a "text" that is not a string');
  if (!isStringArray(record.fingerprints)) fail('has no "fingerprints" list');
  if (record.revisions !== undefined && !(Array.isArray(record.revisions) && record.revisions.every(isRevision))) fail('has "revisions" that are not a list of earlier versions');
  return record as unknown as ItemRecord;
}

function checkSource(record: Record<string, unknown>, lineNo: number): SourceRecord {
  if (typeof record.id !== 'string' || !/^[a-z0-9-]+$/.test(record.id) || !isStringMap(record.state) || !isStringArray(record.items)) {
    throw new BackupFormatError(`line ${lineNo}: source record needs "id" ([a-z0-9-]), "state" (strings) and "items" (ids)`);
  }
  return record as unknown as SourceRecord;
}

function checkPage(record: Record<string, unknown>, lineNo: number): PageRecord {
  if (typeof record.key !== 'string' || !/^[0-9a-f]{40}$/.test(record.key) || !isStringMap(record.state)) {
    throw new BackupFormatError(`line ${lineNo}: page record needs "key" (40 hex digits) and "state" (strings)`);
  }
  return record as unknown as PageRecord;
}

function checkStore(record: Record<string, unknown>, lineNo: number): StoreRecord {
  if (typeof record.version !== 'number' || !Number.isSafeInteger(record.version) || record.version < 0 || !isStringMap(record.tagLabels) || !isStringMap(record.bandVersions)) {
    throw new BackupFormatError(`line ${lineNo}: store record needs "version" (a whole number), "tagLabels" and "bandVersions"`);
  }
  if (record.lastChanged !== undefined && typeof record.lastChanged !== 'string') throw new BackupFormatError(`line ${lineNo}: store record "lastChanged" must be a string`);
  return record as unknown as StoreRecord;
}

type Tx = ReturnType<Redis['multi']>;

async function execTx(tx: Tx): Promise<void> {
  for (const [err] of (await tx.exec()) ?? []) if (err) throw err;
}

/** The item's word index entries; words not in `vocabulary` yet are appended to it. */
function writeItemWords(tx: Tx, keys: StoreKeys, item: StoredItem, text: string, vocabulary: Set<string>): void {
  const score = Date.parse(item.published);
  for (const word of indexedWords(item, text)) {
    tx.zadd(keys.word(word), score, item.id);
    if (!vocabulary.has(word)) tx.append(keys.vocabulary, `${word}\n`);
    vocabulary.add(word);
  }
}

/**
 * An item stored before IDENTITY_VERSION 2 gets its fingerprint and SimHash recomputed from its
 * stored text (now transliteration-folded), so copies spelt ae/oe/ue/ss find it. Its earlier
 * fingerprints keep leading to it. Its paragraphs cannot be recomputed (the stored text has no
 * paragraph breaks): it is found by bands and fingerprint only until its content is next updated.
 */
function withCurrentIdentity(record: ItemRecord): ItemRecord {
  const { item, text } = record;
  if ((item.identity ?? 1) >= IDENTITY_VERSION || text === undefined) return record;
  const fingerprint = contentFingerprint(text);
  const fingerprints = record.fingerprints.includes(fingerprint) ? record.fingerprints : [...record.fingerprints, fingerprint];
  return { ...record, item: { ...item, fingerprint, simhash: simhash64(text), paragraphs: [], identity: IDENTITY_VERSION }, fingerprints };
}

/** The keys ingest would have written for this item, rebuilt by the same rules. */
function writeItem(tx: Tx, keys: StoreKeys, stored: ItemRecord, vocabulary: Set<string>): void {
  const record = withCurrentIdentity(stored);
  const { item } = record;
  tx.set(keys.item(item.id), encodeItem(item));
  if (record.text !== undefined) tx.set(keys.text(item.id), encodeText(record.text));
  writeItemWords(tx, keys, item, record.text ?? '', vocabulary);
  for (const url of item.urls) tx.set(keys.url(url), item.id);
  for (const fp of record.fingerprints) tx.set(keys.fingerprint(fp), item.id);
  if (record.revisions !== undefined && record.revisions.length > 0) {
    const kept = record.revisions.slice(-MAX_REVISIONS);
    tx.set(keys.revisions(item.id), JSON.stringify(kept));
    for (const revision of kept) tx.zadd(keys.corrections, correctionScore(revision), correctionMember(item.id, revision));
  }
  // Only texts with content identity are in the bands (see MIN_IDENTITY_WORDS).
  if (record.text !== undefined && wordsOf(record.text).length >= MIN_IDENTITY_WORDS) {
    for (const band of simhashBands(item.simhash)) tx.sadd(keys.band(band), `${item.simhash}${item.id}`);
    for (const hash of item.paragraphs ?? []) tx.sadd(keys.paragraph(hash), item.id);
  }
  for (const [key, score] of indexEntries(keys, item)) tx.zadd(key, score, item.id);
  // Labels from the store record win; these only fill in for a backup without one.
  for (const tag of item.tags) tx.hsetnx(keys.tagLabels, tag.slug, tag.label);
}

function writeStore(tx: Tx, keys: StoreKeys, record: StoreRecord, versionBefore: number): void {
  // After replacing other data the version must move past what caches and ETags have seen.
  const version = versionBefore > 0 ? Math.max(record.version, versionBefore + 1) : record.version;
  if (version > 0) tx.set(keys.version, version).publish(keys.changes, String(version));
  if (record.lastChanged !== undefined) tx.set(keys.lastChanged, record.lastChanged);
  if (Object.keys(record.tagLabels).length > 0) tx.hset(keys.tagLabels, record.tagLabels);
  if (Object.keys(record.bandVersions).length > 0) tx.hset(keys.bandVersions, record.bandVersions);
}

async function firstLine(lines: AsyncIterator<string>): Promise<string> {
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new BackupFormatError('the input is empty: expected a hessenfeed backup (NDJSON, header first)');
    if (next.value.trim() !== '') return next.value;
  }
}

/**
 * Restores a backup into the prefix of `ctx`. Refuses (RestoreRefusedError) when the prefix
 * already holds store data, unless `force`, which deletes that data first (queues stay). Records
 * are written in MULTI batches; a damaged line stops the restore with BackupFormatError naming it,
 * leaving what was written so far (run again with `force`).
 */
export async function restoreStore(ctx: BackupContext, input: AsyncIterable<string>, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const lines = input[Symbol.asyncIterator]();
  const header = toHeader(parseLine(await firstLine(lines), 1));
  const existing = await listStoreKeys(ctx);
  const versionBefore = Number((await ctx.redis.get(ctx.keys.version)) ?? 0);
  if (existing.length > 0) {
    if (!options.force) {
      const items = await ctx.redis.zcard(ctx.keys.all);
      throw new RestoreRefusedError(
        `KEY_PREFIX "${ctx.keys.prefix}" already holds data (${items} items, ${existing.length} store keys); ` +
          'restore does not mix a backup into existing data. Restore into an empty prefix, or add --force to delete the existing store data first (queues are kept).',
      );
    }
    for (let i = 0; i < existing.length; i += BATCH) await ctx.redis.unlink(...existing.slice(i, i + BATCH));
  }
  const summary: RestoreSummary = { header, items: 0, sources: 0, pages: 0, replaced: options.force ? existing.length : 0 };
  // The words given a set so far: the prefix was empty, so every set is new once.
  const vocabulary = new Set<string>();
  let tx = ctx.redis.multi().set(ctx.keys.vocabulary, newGeneration()).set(ctx.keys.format, STORE_FORMAT);
  let pending = 0;
  let lineNo = 1;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    lineNo += 1;
    if (next.value.trim() === '') continue;
    const record = parseLine(next.value, lineNo);
    switch (record.type) {
      case 'store':
        writeStore(tx, ctx.keys, checkStore(record, lineNo), versionBefore);
        break;
      case 'source': {
        const source = checkSource(record, lineNo);
        if (Object.keys(source.state).length > 0) tx.hset(ctx.keys.source(source.id), source.state);
        if (source.items.length > 0) tx.sadd(ctx.keys.sourceItems(source.id), ...source.items);
        summary.sources += 1;
        break;
      }
      case 'page': {
        const page = checkPage(record, lineNo);
        // keys.page() hashes a URL; the backup only knows the hash, which is the key's suffix.
        if (Object.keys(page.state).length > 0) tx.hset(`${ctx.keys.prefix}:page:${page.key}`, page.state);
        summary.pages += 1;
        break;
      }
      case 'item':
        writeItem(tx, ctx.keys, checkItem(record, lineNo), vocabulary);
        summary.items += 1;
        break;
      case BACKUP_FORMAT:
        throw new BackupFormatError(`line ${lineNo}: a second backup header; restore one backup at a time`);
      default:
        throw new BackupFormatError(`line ${lineNo}: unknown record type "${String(record.type)}"`);
    }
    if (++pending >= BATCH) {
      await execTx(tx);
      tx = ctx.redis.multi();
      pending = 0;
    }
  }
  if (pending > 0) await execTx(tx);
  return summary;
}
