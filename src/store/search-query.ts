/**
 * `q` from the word index (search-index.ts), without reading every release. Each query word
 * becomes the sets of the indexed words containing it (found in the vocabulary), each with its
 * size. The smallest of the filter set and the words' sets is walked newest first, so a rare
 * word reads only its few ids, whatever the archive holds; every other part is checked for the
 * ids walked: the filter set and words of few sets by ZMSCORE, a word of many small sets by one
 * short-lived union, a common word of many sets by ZMSCORE on its largest sets and, for the ids
 * in none of them, in their texts, and a word contained in thousands of indexed words in the
 * texts — such words match so often that the newest page is found after a few batches. The work of one request is bounded: past
 * `maxExamined` walked ids or `maxTextChecks` texts a page ends early with a `next` cursor where
 * it stopped, so a client paging on gets every hit exactly once.
 */
import { randomBytes } from 'node:crypto';
import type { Position } from './cursor.js';
import { excludesNone, loadItems, nextPositionsOfAny, SCAN_BATCH, TEMP_TTL_S, toPage, type Loaded, type QueryContext, type QueryFilter, type QueryPage } from './query-read.js';
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './search-index.js';
import { foldedContainsAllWords, searchText } from './search-text.js';

const MAX_BATCH = 1000;

interface WordSets {
  word: string;
  /** Set keys of the indexed words containing it, with their sizes; undefined when too many. */
  sets?: { key: string; size: number }[];
  size: number;
}

/**
 * A check on the walked ids: in any of `keys`. When `word` is given, the keys are only the largest
 * sets of that word, and an id in none of them is checked for the word in its text instead.
 */
interface SetCheck {
  keys: string[];
  word?: string;
}

interface Plan {
  /** The sets walked as one: a single set, or several merged as they are walked (nextPositionsOfAny). */
  walk: string[];
  checks: SetCheck[];
  /** Words checked in the texts. */
  textWords: string[];
}

async function sizesOf(ctx: QueryContext, keys: string[]): Promise<number[]> {
  if (keys.length === 0) return [];
  const pipe = ctx.redis.pipeline();
  for (const key of keys) pipe.zcard(key);
  return ((await pipe.exec()) ?? []).map(([err, size]) => {
    if (err) throw err;
    return Number(size);
  });
}

/** Each word's sets; undefined when some word is in no release at all. */
async function lookUpWords(ctx: QueryContext, words: readonly string[], options: Required<SearchOptions>): Promise<WordSets[] | undefined> {
  const vocabulary = ctx.vocabulary;
  if (!vocabulary) throw new Error('word search needs the store vocabulary (QueryContext.vocabulary)');
  await vocabulary.refresh(ctx.redis, ctx.keys.vocabulary);
  const found: WordSets[] = [];
  for (const word of new Set(words)) {
    const lookup = vocabulary.lookup(word, options.maxWordSets);
    if (lookup.broad) {
      found.push({ word, size: Infinity });
      continue;
    }
    const keys = lookup.words.map((w) => ctx.keys.word(w));
    const sizes = await sizesOf(ctx, keys);
    const sets = keys.map((key, i) => ({ key, size: sizes[i]! })).filter((set) => set.size > 0);
    if (sets.length === 0) return undefined;
    found.push({ word, sets, size: sets.reduce((sum, set) => sum + set.size, 0) });
  }
  return found;
}

class Temps {
  private readonly keys: string[] = [];
  constructor(private readonly ctx: QueryContext) {}

  async union(sets: { key: string }[]): Promise<string> {
    const key = this.ctx.keys.temp(randomBytes(8).toString('hex'));
    this.keys.push(key);
    await this.ctx.redis
      .multi()
      .zunionstore(key, sets.length, ...sets.map((set) => set.key), 'AGGREGATE', 'MAX')
      .expire(key, TEMP_TTL_S)
      .exec();
    return key;
  }

  async release(): Promise<void> {
    if (this.keys.length > 0) await this.ctx.redis.del(...this.keys);
  }
}

/** What to walk and what to check, the walk being the smallest part. */
async function planSearch(ctx: QueryContext, filterKey: string, words: WordSets[], temps: Temps, options: Required<SearchOptions>): Promise<Plan | undefined> {
  const filterSize = await ctx.redis.zcard(filterKey);
  if (filterSize === 0) return undefined;
  const smallest = words.reduce<WordSets | undefined>((best, w) => (w.sets && w.size < (best?.size ?? filterSize) ? w : best), undefined);
  const plan: Plan = { walk: [filterKey], checks: [], textWords: [] };
  if (smallest) {
    const sets = smallest.sets!;
    // A union costs what its sets hold (a word part in many words: thousands of ids at 50,000
    // releases); merging the sets' next ids costs what a page needs.
    if (sets.length === 1) plan.walk = [sets[0]!.key];
    else if (smallest.size <= options.maxWalkedUnionIds) plan.walk = [await temps.union(sets)];
    else plan.walk = sets.map((set) => set.key);
    if (filterKey !== ctx.keys.all) plan.checks.push({ keys: [filterKey] });
  }
  for (const w of words) {
    if (w === smallest) continue;
    if (!w.sets) plan.textWords.push(w.word);
    else if (w.sets.length <= options.maxCheckedSets) plan.checks.push({ keys: w.sets.map((set) => set.key) });
    else if (w.size <= options.maxUnionIds) plan.checks.push({ keys: [await temps.union(w.sets)] });
    else {
      // A common word in many sets: most ids are in its largest few; only the others need their text read.
      const largest = [...w.sets].sort((a, b) => b.size - a.size).slice(0, options.maxCheckedSets);
      plan.checks.push({ keys: largest.map((set) => set.key), word: w.word });
    }
  }
  return plan;
}

/** A walked position that passed the set checks, with the words still to be found in its text. */
interface Candidate {
  position: Position;
  textWords: string[];
}

/** The walked positions that pass every set check. */
async function passingChecks(ctx: QueryContext, positions: Position[], checks: SetCheck[], textWords: string[]): Promise<Candidate[]> {
  const candidates = positions.map((position) => ({ position, textWords: [...textWords] }));
  if (checks.length === 0 || positions.length === 0) return candidates;
  const ids = positions.map((p) => p.id);
  const pipe = ctx.redis.pipeline();
  for (const check of checks) for (const key of check.keys) pipe.zmscore(key, ...ids);
  const replies = ((await pipe.exec()) ?? []).map(([err, scores]) => {
    if (err) throw err;
    return scores as (string | null)[];
  });
  let at = 0;
  const passing = new Array<boolean>(ids.length).fill(true);
  for (const check of checks) {
    const inAny = new Array<boolean>(ids.length).fill(false);
    for (let k = 0; k < check.keys.length; k++) replies[at++]!.forEach((score, i) => (inAny[i] ||= score !== null));
    inAny.forEach((hit, i) => {
      if (hit) return;
      if (check.word === undefined) passing[i] = false;
      else candidates[i]!.textWords.push(check.word);
    });
  }
  return candidates.filter((_, i) => passing[i]);
}

export async function searchItems(ctx: QueryContext, filterKey: string, filter: QueryFilter, words: readonly string[], after: Position | undefined): Promise<QueryPage> {
  const options = { ...DEFAULT_SEARCH_OPTIONS, ...ctx.search };
  const wordSets = await lookUpWords(ctx, words, options);
  if (!wordSets) return { items: [] };
  const temps = new Temps(ctx);
  try {
    const plan = await planSearch(ctx, filterKey, wordSets, temps, options);
    if (!plan) return { items: [] };
    const keep = excludesNone(filter);
    const filtered = plan.checks.length > 0 || plan.textWords.length > 0 || (filter.excludeTags?.length ?? 0) > 0;
    let batch = filtered ? Math.max(SCAN_BATCH, filter.limit + 1) : filter.limit + 1;
    const found: Loaded[] = [];
    let position = after;
    let examined = 0;
    let textsRead = 0;
    while (found.length <= filter.limit) {
      if (examined >= options.maxExamined || textsRead >= options.maxTextChecks) return toPage(found, filter.limit, position);
      const positions = await nextPositionsOfAny(ctx.redis, plan.walk, position, batch);
      if (positions.length === 0) break;
      examined += positions.length;
      const candidates = await passingChecks(ctx, positions, plan.checks, plan.textWords);
      const withText = candidates.filter((c) => c.textWords.length > 0);
      textsRead += withText.length;
      const pending = new Map(withText.map((c) => [c.position.id, c.textWords]));
      const [plain, texted] = await Promise.all([
        loadItems(ctx, candidates.filter((c) => c.textWords.length === 0).map((c) => c.position)),
        loadItems(ctx, withText.map((c) => c.position), true),
      ]);
      const byId = new Map([...plain, ...texted].map((entry) => [entry.position.id, entry]));
      for (const { position } of candidates) {
        const entry = byId.get(position.id);
        if (!entry || !keep(entry)) continue;
        const words = pending.get(position.id);
        if (!words || foldedContainsAllWords(searchText(entry.item, entry.text ?? ''), words)) found.push(entry);
      }
      position = positions[positions.length - 1];
      // Few hits per batch: walk faster.
      batch = Math.min(MAX_BATCH, batch * 2);
    }
    return toPage(found, filter.limit);
  } finally {
    await temps.release();
  }
}
