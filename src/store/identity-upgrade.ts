/**
 * Brings the identity of items stored by an earlier hessenfeed up to IDENTITY_VERSION, once per
 * store, when a process opens it: fingerprint and SimHash are recomputed from the stored text
 * (transliteration folded since version 2), the new fingerprint key and SimHash band members
 * written, the old band members removed. The old fingerprint key keeps leading to the item.
 * Paragraph hashes cannot be recomputed (the stored text has no paragraph breaks), so such an
 * item is found through the paragraph index only once its content is next updated.
 *
 * Race-free with ingest: each item is rewritten under WATCH of its JSON (on a connection of its
 * own, since WATCH holds for a whole connection), and the band change counters move, so an ingest
 * that decided on what this changes commits nothing and decides again.
 */
import type { Redis } from 'ioredis';
import { decodeText } from './text-codec.js';
import { contentFingerprint, simhash64, simhashBands, wordsOf } from '../dedupe/index.js';
import { IDENTITY_VERSION, MIN_IDENTITY_WORDS, type StoredItem } from './item-record.js';
import type { StoreKeys } from './keys.js';
import { decodeItem, encodeItem, readItemFields, type ItemFields } from './item-codec.js';

const BATCH = 200;
/** Rewrites of one item that lost to a concurrent ingest before it is left for the next start. */
const MAX_TRIES = 5;

export interface IdentityUpgradeContext {
  redis: Redis;
  keys: StoreKeys;
}

function isCurrent(item: ItemFields): boolean {
  return (item.identity ?? 1) >= IDENTITY_VERSION;
}

/** One item under WATCH: true when it is current now (rewritten, or found so), false on a conflict. */
async function upgradeItem(ctx: IdentityUpgradeContext, id: string): Promise<boolean> {
  const { redis, keys } = ctx;
  await redis.watch(keys.item(id));
  const [json, stored] = await Promise.all([redis.get(keys.item(id)), redis.getBuffer(keys.text(id))]);
  const text = decodeText(stored) ?? null;
  const item = json === null ? undefined : decodeItem(json);
  if (item === undefined || isCurrent(item) || text === null) {
    await redis.unwatch();
    return true;
  }
  const upgraded: StoredItem = { ...item, fingerprint: contentFingerprint(text), simhash: simhash64(text), paragraphs: item.paragraphs ?? [], identity: IDENTITY_VERSION };
  const tx = redis.multi().set(keys.item(id), encodeItem(upgraded)).set(keys.fingerprint(upgraded.fingerprint), id, 'NX');
  for (const band of simhashBands(item.simhash)) tx.srem(keys.band(band), `${item.simhash}${id}`).hincrby(keys.bandVersions, band, 1);
  if (wordsOf(text).length >= MIN_IDENTITY_WORDS) {
    for (const band of simhashBands(upgraded.simhash)) tx.sadd(keys.band(band), `${upgraded.simhash}${id}`).hincrby(keys.bandVersions, band, 1);
  }
  return (await tx.exec()) !== null;
}

/** Upgrades every item not yet current; returns how many were rewritten. Cheap once done (one GET). */
export async function upgradeItemIdentity(ctx: IdentityUpgradeContext): Promise<number> {
  const { redis, keys } = ctx;
  if ((await redis.get(keys.identityVersion)) === String(IDENTITY_VERSION)) return 0;
  let upgraded = 0;
  let complete = true;
  let own: Redis | undefined;
  const total = await redis.zcard(keys.all);
  try {
    for (let start = 0; start < total; start += BATCH) {
      const ids = await redis.zrange(keys.all, start, start + BATCH - 1);
      const jsons = ids.length > 0 ? await redis.mget(...ids.map((id) => keys.item(id))) : [];
      for (const [i, json] of jsons.entries()) {
        if (json === null || isCurrent(readItemFields(json))) continue;
        own ??= redis.duplicate();
        let done = false;
        for (let attempt = 0; attempt < MAX_TRIES && !done; attempt++) done = await upgradeItem({ redis: own, keys }, ids[i]!);
        if (done) upgraded += 1;
        else complete = false;
      }
    }
  } finally {
    own?.disconnect();
  }
  // Items ingested from now on are current; the mark spares the next start the walk. An empty
  // store gets none: it would be data in a prefix that restore must find empty.
  if (complete && total > 0) await redis.set(keys.identityVersion, String(IDENTITY_VERSION));
  return upgraded;
}
