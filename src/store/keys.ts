/**
 * Every Redis key of the store (DESIGN.md §2), all under `<prefix>:`. The queues live under
 * `<prefix>:q`, so nothing here starts with `q:`. For Redis Cluster, give the prefix a hash tag
 * (`{hessenfeed}`): the ingest script touches keys it derives, which must share one slot.
 * docs/redis-keys.md lists every key of the project (store, host gate, metrics, queues); a key
 * added here belongs in that table too (test/redis-keys.test.ts fails until it is there).
 */
import { createHash } from 'node:crypto';

export function sha1Hex(value: string): string {
  return createHash('sha1').update(value).digest('hex');
}

export class StoreKeys {
  constructor(readonly prefix: string) {}

  private key(suffix: string): string {
    return `${this.prefix}:${suffix}`;
  }

  /** JSON of one item. */
  item(id: string): string {
    return this.key(`item:${id}`);
  }
  /** Normalized body text of an item's published copy: near-duplicate checks. */
  text(id: string): string {
    return this.key(`text:${id}`);
  }
  /** Earlier versions of a release, a JSON list (revisions.ts). */
  revisions(id: string): string {
    return this.key(`rev:${id}`);
  }
  /** Sorted set of every kept correction, `<id>@<ms>` scored by when it was made (revisions.ts). */
  get corrections(): string {
    return this.key('corrections');
  }
  /** Folded title, summary and text of an item; only in stores before format 2, which drops it (migrate.ts). */
  search(id: string): string {
    return this.key(`search:${id}`);
  }
  /** Word index (search-index.ts): sorted set of the ids of the items holding one folded word, scored by published ms. */
  word(word: string): string {
    return this.key(`w:${word}`);
  }
  /** Every word that has had a `w:` set, one a line after a generation line; only appended to. */
  get vocabulary(): string {
    return this.key('vocab');
  }
  /**
   * Store format: absent = 1 (search texts, plain texts), 2 = word index, deflated texts, 3 =
   * deflated bodies; set by the migration at start and by the first item an ingest writes.
   */
  get format(): string {
    return this.key('format');
  }
  /** sha1 of a canonical URL → item id. */
  url(canonicalUrl: string): string {
    return this.key(`url:${sha1Hex(canonicalUrl)}`);
  }
  /** Content fingerprint → item id. */
  fingerprint(fp: string): string {
    return this.key(`fp:${fp}`);
  }
  /** Set of `<simhash><id>` members whose SimHash has band `band` ("3:af"). */
  band(band: string): string {
    return this.key(`band:${band}`);
  }
  /** Set of the ids of items whose published copy has this paragraph (see dedupe/paragraphs.ts). */
  paragraph(hash: string): string {
    return this.key(`para:${hash}`);
  }
  /** IDENTITY_VERSION that every stored item's fingerprint and SimHash have (identity-upgrade.ts). */
  get identityVersion(): string {
    return this.key('identity');
  }
  /** Hash band → change count; guards band lookups against concurrent ingests. */
  get bandVersions(): string {
    return this.key('bandver');
  }
  /** Sorted sets of item ids scored by published time (ms). */
  get all(): string {
    return this.key('all');
  }
  ministry(id: string): string {
    return this.key(`min:${id}`);
  }
  tag(slug: string): string {
    return this.key(`tag:${slug}`);
  }
  /** Hash tag slug → label as first published. */
  get tagLabels(): string {
    return this.key('tags');
  }
  get version(): string {
    return this.key('version');
  }
  /** Pub/sub channel on which every store change announces the new version (not a key). */
  get changes(): string {
    return this.key('changes');
  }
  get lastChanged(): string {
    return this.key('lastChanged');
  }
  /** Hash of one source's poll state and running counts. */
  source(id: string): string {
    return this.key(`src:${id}`);
  }
  /** Set of item ids a source has led to. */
  sourceItems(id: string): string {
    return this.key(`src:${id}:items`);
  }
  /** Hash of what is remembered about one fetched page. */
  page(canonicalUrl: string): string {
    return this.key(`page:${sha1Hex(canonicalUrl)}`);
  }
  /** Set of source ids whose polls listed a page, until the page is stored. */
  sightings(canonicalUrl: string): string {
    return this.key(`seen:${sha1Hex(canonicalUrl)}`);
  }
  /** Hash of one source's backfill walk (see walk-state.ts). */
  walk(sourceId: string): string {
    return this.key(`walk:${sourceId}`);
  }
  /** Short-lived result of a filter (ZUNIONSTORE/ZINTERSTORE). */
  temp(token: string): string {
    return this.key(`tmp:${token}`);
  }
}
