/**
 * The inverted index behind `q` (DESIGN.md §2). Every folded word of an item's title, summary and
 * text (`foldedWords`: maximal runs of letters and digits) has a sorted set `w:<word>` of the ids
 * holding it, scored by published ms like `all`, so a page of hits is read newest first with the
 * same cursors. Ingest, merge, restore, migration and deletion keep it exact.
 *
 * A query word matches *inside* longer words ("integration" finds "Integrationskonferenz"), so it
 * is looked up as every indexed word that contains it. Those are found in the vocabulary: the
 * `vocab` string, one word a line, appended to whenever a word's set is created. Each process
 * keeps a copy and reads only what was appended since (one GETRANGE); the first line is a random
 * generation, so a copy notices a rebuilt vocabulary (restore, migration) and reads it again.
 * A word whose set became empty stays in the vocabulary, harmlessly: its set is empty.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { StoreKeys } from './keys.js';
import { foldedWords, searchText, searchWords } from './search-text.js';

/** More words than this in one `q` are refused (each is a lookup and a check). */
export const MAX_SEARCH_WORDS = 8;
/** Longer query words are refused; no German word needs more, and a part of one finds it. */
export const MAX_SEARCH_WORD_CHARS = 40;

/** Why `q` is refused, as a sentence for a 400 answer; undefined when it is fine. */
export function searchLimitProblem(q: string): string | undefined {
  const words = searchWords(q);
  if (words.length > MAX_SEARCH_WORDS) {
    return `${words.length} words; at most ${MAX_SEARCH_WORDS} are searched together. Leave out the most general ones: every word must occur, and each one also matches inside longer words.`;
  }
  const long = words.find((word) => [...word].length > MAX_SEARCH_WORD_CHARS);
  if (long) {
    return `the word "${long.slice(0, 20)}…" has ${[...long].length} letters; a word may have at most ${MAX_SEARCH_WORD_CHARS}. Search for a part of it: words match inside longer words.`;
  }
  return undefined;
}

/** The words of an item as the index holds them. */
export function indexedWords(item: { title: string; summary?: string }, text: string): Set<string> {
  return foldedWords(searchText(item, text));
}

/** An item's index entries before or after a change. */
export interface IndexedState {
  words: ReadonlySet<string>;
  /** Published ms, as a string (the sorted-set score). */
  score: string;
}

/**
 * What the commit scripts change in the index for one item (see the "word index" block of
 * lua/commit-ingest-4.lua): ZREM from `remove`, ZADD to `add`, each new set's word appended to
 * the vocabulary (created with the generation line `gen` when missing).
 */
export interface PostingsPlan {
  vocab: string;
  gen: string;
  id: string;
  score: string;
  /** [set key, word] */
  add: [string, string][];
  remove: string[];
}

/** The index change from `before` (absent: a new item) to `after`; undefined when nothing changes. */
export function planPostings(keys: StoreKeys, id: string, before: IndexedState | undefined, after: IndexedState | undefined): PostingsPlan | undefined {
  const rescored = before !== undefined && after !== undefined && before.score !== after.score;
  const add = [...(after?.words ?? [])].filter((word) => rescored || !before?.words.has(word));
  const remove = [...(before?.words ?? [])].filter((word) => !after?.words.has(word));
  if (add.length === 0 && remove.length === 0) return undefined;
  return {
    vocab: keys.vocabulary,
    gen: newGeneration(),
    id,
    score: after?.score ?? before!.score,
    add: add.map((word) => [keys.word(word), word]),
    remove: remove.map((word) => keys.word(word)),
  };
}

/** The first line of a new vocabulary. */
export function newGeneration(): string {
  return `#${randomBytes(8).toString('hex')}\n`;
}
const GENERATION_BYTES = 18;

/** The words of one query word: the indexed words containing it, or `broad` past the cap. */
export type WordLookup = { broad: false; words: string[] } | { broad: true };

/** A process's copy of the vocabulary, brought up to date before each search. */
export class Vocabulary {
  private text = '';
  private bytes = 0;

  async refresh(redis: Redis, key: string): Promise<void> {
    const replies = (await redis.multi().getrange(key, 0, GENERATION_BYTES - 1).getrange(key, this.bytes, -1).exec()) ?? [];
    const head = String(replies[0]?.[1] ?? '');
    const tail = String(replies[1]?.[1] ?? '');
    if (this.bytes > 0 && head === this.text.slice(0, GENERATION_BYTES)) {
      this.text += tail;
      this.bytes += Buffer.byteLength(tail);
      return;
    }
    this.text = (await redis.get(key)) ?? '';
    this.bytes = Buffer.byteLength(this.text);
  }

  /** Every vocabulary word containing `word`, each once; `broad` as soon as there are more than `max`. */
  lookup(word: string, max: number): WordLookup {
    const found = new Set<string>();
    const { text } = this;
    for (let at = text.indexOf(word); at !== -1; ) {
      const start = text.lastIndexOf('\n', at) + 1;
      const end = text.indexOf('\n', at);
      // The generation line is no word (its hex digits could hold a query's).
      if (text[start] !== '#') found.add(text.slice(start, end === -1 ? undefined : end));
      if (found.size > max) return { broad: true };
      if (end === -1) break;
      at = text.indexOf(word, end + 1);
    }
    return { broad: false, words: [...found] };
  }
}

/** How one search is carried out and bounded. */
export interface SearchOptions {
  /** A query word contained in more indexed words than this is checked in the texts. @defaultValue 2000 */
  maxWordSets?: number;
  /** A word of at most this many sets is checked by ZMSCORE on each of them. @defaultValue 16 */
  maxCheckedSets?: number;
  /** A word of more sets is merged into one union when it holds at most this many ids. @defaultValue 20000 */
  maxUnionIds?: number;
  /**
   * The part walked (the smallest), when it is a word of several sets, is made one union when it
   * holds at most this many ids; one of more is walked by merging each set's next ids, so a word
   * contained in many indexed words costs the same in any archive. @defaultValue 2000
   */
  maxWalkedUnionIds?: number;
  /** Ids walked per request, at most (the walk stops after the batch that passes it). @defaultValue 10000 */
  maxExamined?: number;
  /** Texts read per request, at most (likewise). @defaultValue 1000 */
  maxTextChecks?: number;
  /**
   * A listing without `q` (query.ts): ids one script call looks at, at most; the listing goes on
   * with another call from where it stopped. @defaultValue 5000
   */
  maxListScan?: number;
}

export const DEFAULT_SEARCH_OPTIONS: Required<SearchOptions> = {
  maxWordSets: 2000,
  maxCheckedSets: 16,
  maxUnionIds: 20_000,
  maxWalkedUnionIds: 2000,
  maxExamined: 10_000,
  maxTextChecks: 1000,
  maxListScan: 5000,
};
