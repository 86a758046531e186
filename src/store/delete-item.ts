/**
 * Deleting a release (an operator's correction: a page that was never a press release): the item
 * and everything that leads to it or lists it — URL and fingerprint keys, SimHash band members,
 * the `all`/ministry/tag sets, the word index, its text, its revisions and their corrections
 * entries — in one guarded script. Earlier
 * fingerprints of a corrected release may still name it; ingest treats such a dangling key as
 * no match. Words whose sets become empty stay in the vocabulary (search-index.ts).
 */
import type { Redis } from 'ioredis';
import { simhashBands } from '../dedupe/index.js';
import type { LuaScript } from '../redis/index.js';
import { indexEntries } from './ingest.js';
import type { StoredItem } from './item-record.js';
import { sha1Hex, type StoreKeys } from './keys.js';
import { correctionMember, parseRevisions, type Revision } from './revisions.js';
import { indexedWords } from './search-index.js';
import { readWithText } from './text-codec.js';
import { decodeItem } from './item-codec.js';

export interface DeleteContext {
  redis: Redis;
  keys: StoreKeys;
  deleteScript: LuaScript;
}

const MAX_ATTEMPTS = 20;

function deletePlan(keys: StoreKeys, item: StoredItem, text: string, revisions: readonly Revision[]): Record<string, unknown> {
  const bands = simhashBands(item.simhash);
  return {
    id: item.id,
    del: [keys.text(item.id), keys.search(item.id), keys.revisions(item.id)],
    owned: [...item.urls.map((url) => keys.url(url)), keys.fingerprint(item.fingerprint)],
    zrem: [...indexEntries(keys, item).keys(), ...[...indexedWords(item, text)].map((word) => keys.word(word))],
    zremMembers: revisions.map((revision) => [keys.corrections, correctionMember(item.id, revision)]),
    srem: [...bands.map((band) => [keys.band(band), `${item.simhash}${item.id}`]), ...item.sources.map((source) => [keys.sourceItems(source), item.id])],
    bandver: [keys.bandVersions, bands],
    tagsKey: keys.tagLabels,
    tagDrop: item.tags.map((tag) => [keys.tag(tag.slug), tag.slug]),
  };
}

/** Deletes the item; false when there is none. */
export async function deleteItem(ctx: DeleteContext, id: string): Promise<boolean> {
  const { keys, redis } = ctx;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await readWithText(redis, keys, id);
    if (!stored) return false;
    const { json, text } = stored;
    const item = decodeItem(json);
    // The history changes only with the item, whose sha1 the script checks.
    const revisions = parseRevisions(await redis.get(keys.revisions(id)));
    const reply = await ctx.deleteScript.run(redis, [keys.item(id), keys.version], [sha1Hex(json), JSON.stringify(deletePlan(keys, item, text, revisions))]);
    if (reply !== -1) return true;
  }
  throw new Error(`deleting item ${id}: it kept changing; try again`);
}
