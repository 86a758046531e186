import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/index.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';

const redis: Redis = connectRedis();
const prefixes: string[] = [];
let store: Store;

beforeEach(() => {
  const prefix = uniquePrefix('store-state');
  prefixes.push(prefix);
  store = new Store(redis, prefix);
});

afterAll(async () => {
  for (const prefix of prefixes) await deletePrefix(redis, prefix);
  redis.disconnect();
});

const at = (minute: number) => new Date(Date.UTC(2024, 8, 23, 12, minute));

describe('source state', () => {
  it('starts at zero for a source never polled', async () => {
    expect(await store.getSourceState('soziales-presse')).toEqual({
      id: 'soziales-presse',
      consecutiveFailures: 0,
      itemsSeen: 0,
      counts: { entries: 0, new: 0, updated: 0, duplicates: 0, errors: 0 },
    });
  });

  it('keeps validators and poll times of a success and adds up listed entries', async () => {
    await store.recordPollSuccess('soziales-presse', { at: at(0), etag: '"abc"', lastModified: 'Mon, 23 Sep 2024 11:55:00 GMT', entries: 10 });
    await store.recordPollSuccess('soziales-presse', { at: at(15), etag: '"def"', lastModified: 'Mon, 23 Sep 2024 12:10:00 GMT', entries: 12 });
    expect(await store.getSourceState('soziales-presse')).toMatchObject({
      etag: '"def"',
      lastModified: 'Mon, 23 Sep 2024 12:10:00 GMT',
      lastPollAt: at(15).toISOString(),
      lastSuccessAt: at(15).toISOString(),
      counts: { entries: 22 },
    });
  });

  it('drops a validator the last response no longer sent', async () => {
    await store.recordPollSuccess('s', { at: at(0), etag: '"abc"', lastModified: 'Mon, 23 Sep 2024 11:55:00 GMT', entries: 1 });
    await store.recordPollSuccess('s', { at: at(5), lastModified: 'Mon, 23 Sep 2024 12:00:00 GMT', entries: 1 });
    const state = await store.getSourceState('s');
    expect(state.etag).toBeUndefined();
    expect(state.lastModified).toBe('Mon, 23 Sep 2024 12:00:00 GMT');
  });

  it('counts failures in a row until the next success, and errors for good', async () => {
    await store.recordPollSuccess('s', { at: at(0), etag: '"abc"', entries: 3 });
    await store.recordPollFailure('s', { at: at(5), message: 'HTTP 503 Service Unavailable', url: 'https://soziales.hessen.de/presse' });
    await store.recordPollFailure('s', { at: at(10), message: 'connect ETIMEDOUT' });
    let state = await store.getSourceState('s');
    expect(state).toMatchObject({
      consecutiveFailures: 2,
      lastPollAt: at(10).toISOString(),
      lastSuccessAt: at(0).toISOString(),
      lastError: { at: at(10).toISOString(), message: 'connect ETIMEDOUT' },
      etag: '"abc"',
      counts: { errors: 2, entries: 3 },
    });
    await store.recordPollNotModified('s', at(15));
    state = await store.getSourceState('s');
    expect(state).toMatchObject({ consecutiveFailures: 0, lastPollAt: at(15).toISOString(), lastSuccessAt: at(15).toISOString(), etag: '"abc"' });
    expect(state.counts.errors).toBe(2);
  });

  it('records an article error without touching the failure streak', async () => {
    await store.recordPollFailure('s', { at: at(0), message: 'HTTP 500' });
    await store.recordPageError('s', { at: at(1), message: 'no article body found', url: 'https://soziales.hessen.de/presse/leer' });
    expect(await store.getSourceState('s')).toMatchObject({
      consecutiveFailures: 1,
      lastError: { at: at(1).toISOString(), message: 'no article body found', url: 'https://soziales.hessen.de/presse/leer' },
      counts: { errors: 2 },
    });
  });

  it('clears validators on request and lists several sources in the order asked', async () => {
    await store.recordPollSuccess('a', { at: at(0), etag: '"1"', lastModified: 'Mon, 23 Sep 2024 11:55:00 GMT', entries: 4 });
    await store.recordPollSuccess('b', { at: at(1), etag: '"2"', entries: 5 });
    await store.clearSourceValidators('a');
    const [b, a, c] = await store.listSourceStates(['b', 'a', 'c']);
    expect(b).toMatchObject({ id: 'b', etag: '"2"', counts: { entries: 5 } });
    expect(a?.id).toBe('a');
    expect(a?.etag).toBeUndefined();
    expect(a?.lastModified).toBeUndefined();
    expect(a?.counts.entries).toBe(4);
    expect(c).toMatchObject({ id: 'c', consecutiveFailures: 0, counts: { entries: 0 } });
  });
});

describe('page state', () => {
  const page = 'https://soziales.hessen.de/presse/integrationskonferenz';

  it('is empty for an unknown page', async () => {
    expect(await store.getPageState(page)).toEqual({});
  });

  it('merges patches, removes fields given as undefined and is keyed by canonical URL', async () => {
    await store.setPageState(page, { etag: '"v1"', signature: 'abc', goneUntil: '2024-10-01T00:00:00.000Z' });
    await store.setPageState(page, { itemId: '0123456789abcdef', goneUntil: undefined });
    expect(await store.getPageState(`http://SOZIALES.hessen.de/presse/integrationskonferenz/?utm_source=x#top`)).toEqual({
      etag: '"v1"',
      signature: 'abc',
      itemId: '0123456789abcdef',
    });
  });
});
