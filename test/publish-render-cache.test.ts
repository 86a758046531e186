/**
 * The render cache while the store changes faster than a feed renders (a full-speed ingest):
 * renders of versions nobody will see must not pile up, a request must not wait while a render
 * superseded moments ago can be sent, and nothing older than that is sent. In process, with a
 * clock and version changes the test moves itself.
 */
import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RenderCache, RenderedResponse, type Encoding } from '../src/publish/index.js';

function world() {
  let version = 1;
  let clock = 0;
  const listeners: ((version: number) => void)[] = [];
  /** When each version was first seen: seenAt[v]. */
  const seenAt: number[] = [0, 0];
  const pending: ((label?: string) => Promise<void>)[] = [];
  const cache = new RenderCache({
    version: { current: () => version, onChange: (listener) => listeners.push(listener) },
    now: () => clock,
    staleMs: 750,
    minIntervalMs: 400,
  });
  // Each render waits until the test finishes it, with the version it started at as its body.
  const render = (): Promise<RenderedResponse> =>
    new Promise((resolve) => {
      const startedAt = version;
      pending.push(async (label = `v${startedAt}`) => {
        resolve(await RenderedResponse.prepare(Buffer.from(label), 'text/plain', 'Thu, 01 Jan 1970 00:00:00 GMT'));
        await new Promise((done) => setImmediate(done));
      });
    });
  return {
    cache,
    render,
    pending,
    seenAt,
    get clock() {
      return clock;
    },
    change(ms: number) {
      clock += ms;
      version += 1;
      seenAt[version] = clock;
      for (const listener of listeners) listener(version);
    },
    wait(ms: number) {
      clock += ms;
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const bodyOf = async (answer: Promise<RenderedResponse>): Promise<string> => (await (await answer).bodyIn('identity')).toString();

/** Whether `promise` has settled after the current turn of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

/** A world whose feed has been rendered once (as "v1"), and that first answer. */
async function renderedOnce(): Promise<{ w: ReturnType<typeof world>; first: Promise<RenderedResponse> }> {
  const w = world();
  const first = w.cache.get('feed', w.render);
  await tick();
  await w.pending[0]!('v1');
  return { w, first };
}

describe('a feed while the store changes every 100 ms', () => {
  it('has one render under way at a time, and sends the previous render meanwhile', async () => {
    const { w, first } = await renderedOnce();
    expect(await bodyOf(first)).toBe('v1');
    for (let i = 0; i < 5; i++) w.change(100);
    // The change 400 ms after the first render started one render ahead; the others started none.
    expect(w.cache.renders).toBe(2);
    expect(await bodyOf(w.cache.get('feed', w.render))).toBe('v1');
    expect(w.cache.renders).toBe(2);
  });

  it('never sends a render superseded longer than staleMs ago: the request waits for the render under way', async () => {
    const { w, first } = await renderedOnce();
    await first;
    for (let i = 0; i < 5; i++) w.change(100);
    // v1 was superseded 400 ms ago: still sent. 800 ms after that change it is not.
    expect(await bodyOf(w.cache.get('feed', w.render))).toBe('v1');
    w.wait(400);
    const late = w.cache.get('feed', w.render);
    await tick();
    expect(await settled(late)).toBe(false);
    // It waits for the render the change at 400 ms started (v5), not for one of its own.
    expect(w.pending).toHaveLength(2);
    await w.pending[1]!();
    expect(await bodyOf(late)).toBe('v5');
    // v6 came 100 ms after that render started: v5 is sent while that change is younger than staleMs.
    expect(w.clock - w.seenAt[6]!).toBeLessThan(750);
    expect(await bodyOf(w.cache.get('feed', w.render))).toBe('v5');
    w.wait(400);
    const later = w.cache.get('feed', w.render);
    await tick();
    expect(await settled(later)).toBe(false);
    await w.pending[2]!();
    expect(await bodyOf(later)).toBe('v6');
    expect(w.cache.renders).toBe(3);
  });

  it('starts no second render while one is under way, however many requests find the last one too old', async () => {
    const { w, first } = await renderedOnce();
    await first;
    w.change(100);
    w.wait(800);
    // A change between any two requests: each finds a newer version than the render under way.
    const waiting = Array.from({ length: 10 }, () => {
      const answer = w.cache.get('feed', w.render);
      w.change(10);
      return answer;
    });
    await tick();
    expect(w.cache.renders).toBe(2);
    await w.pending[1]!();
    // The render began after the first request's version was read, by then v3: all ten get it.
    expect(await Promise.all(waiting.map(bodyOf))).toEqual(Array(10).fill('v3'));
  });

  it('renders a busy feed at most once per minIntervalMs while the store changes every 10 ms, and sends nothing superseded longer than staleMs ago', async () => {
    const { w, first } = await renderedOnce();
    await first;
    let finished = 1;
    for (let i = 0; i < 200; i++) {
      w.change(10);
      const answer = w.cache.get('feed', w.render);
      await tick();
      while (finished < w.pending.length) await w.pending[finished++]!();
      const served = Number((await bodyOf(answer)).slice(1));
      // The version after the one served was first seen less than staleMs ago (or it is the newest).
      const supersededAt = w.seenAt[served + 1];
      if (supersededAt !== undefined) expect(w.clock - supersededAt).toBeLessThan(750);
    }
    // 2 s of changes: a render at most every 400 ms, not one per change.
    expect(w.cache.renders).toBeLessThanOrEqual(1 + 2000 / 400 + 1);
  });
});

describe('a kept render asked for without waiting (ready: the fast path)', () => {
  it('is sent as get would send it: superseded less than staleMs ago, with the new render started in the background', async () => {
    const { w, first } = await renderedOnce();
    await first;
    expect(await bodyOf(Promise.resolve(w.cache.ready('feed')!))).toBe('v1');
    w.wait(400);
    w.change(100);
    // The change started a render ahead; ready sends v1 meanwhile and starts none of its own.
    expect(w.cache.renders).toBe(2);
    expect(await bodyOf(Promise.resolve(w.cache.ready('feed')!))).toBe('v1');
    expect(w.cache.renders).toBe(2);
    await w.pending[1]!();
    expect(await bodyOf(Promise.resolve(w.cache.ready('feed')!))).toBe('v2');
  });

  it('starts the render when none is under way, and sends nothing superseded staleMs ago or longer', async () => {
    const { w, first } = await renderedOnce();
    await first;
    // A change 100 ms after the first render started: too soon for a render ahead.
    w.change(100);
    expect(w.cache.renders).toBe(1);
    w.wait(300);
    expect(await bodyOf(Promise.resolve(w.cache.ready('feed')!))).toBe('v1');
    expect(w.cache.renders).toBe(2);
    // 750 ms after the change v1 may not be sent: ready has nothing, and get waits for v2.
    w.wait(450);
    expect(w.cache.ready('feed')).toBeUndefined();
    const late = w.cache.get('feed', w.render);
    await tick();
    expect(await settled(late)).toBe(false);
    expect(w.cache.renders).toBe(2);
    await w.pending[1]!();
    expect(await bodyOf(late)).toBe('v2');
    expect(w.cache.ready('feed')).toBe(await late);
  });

  it('is undefined for a key never rendered, and where the version is known only by asking Redis', async () => {
    const { w } = await renderedOnce();
    expect(w.cache.ready('other')).toBeUndefined();
    const asking = new RenderCache({ version: { current: async () => 1 } });
    const kept = await asking.get('feed', async () => RenderedResponse.prepare(Buffer.from('v1'), 'text/plain', 'Thu, 01 Jan 1970 00:00:00 GMT'));
    expect(await asking.get('feed', w.render)).toBe(kept);
    expect(asking.ready('feed')).toBeUndefined();
  });
});

describe('the compressed forms of a render', () => {
  const body = Buffer.from('<feed>' + 'Pressemitteilung des Landes Hessen. '.repeat(400) + '</feed>');
  const response = (): RenderedResponse => RenderedResponse.prepare(body, 'application/atom+xml', 'Thu, 01 Jan 1970 00:00:00 GMT');

  it('are made when first asked for, one compression shared by those who ask meanwhile, and kept', async () => {
    const rendered = response();
    expect(rendered.readyBodyIn('gzip')).toBeUndefined();
    expect(rendered.bytes).toBe(body.length);
    const [a, b] = await Promise.all([rendered.bodyIn('gzip'), rendered.bodyIn('gzip')]);
    expect(a).toBe(b);
    expect(gunzipSync(a).equals(body)).toBe(true);
    expect(rendered.readyBodyIn('gzip')).toBe(a);
    // Brotli was never asked for: not made, not held. Nobody asked for the body as it is: let go.
    expect(rendered.readyBodyIn('br')).toBeUndefined();
    expect(rendered.readyBodyIn('identity')).toBeUndefined();
    expect(rendered.bytes).toBe(a.length);
    // Asked for later, brotli is made from the gzip'd body, and the body itself likewise.
    const br = await rendered.bodyIn('br');
    expect(brotliDecompressSync(br).equals(body)).toBe(true);
    expect(rendered.bytes).toBe(a.length + br.length);
    const plain = await rendered.bodyIn('identity');
    expect(plain.equals(body)).toBe(true);
    // A client wants it as it is now: kept from here on.
    expect(rendered.readyBodyIn('identity')).toBe(plain);
    expect(rendered.bytes).toBe(a.length + br.length + body.length);
  });

  it('keep the body itself when a client asked for it before any compression', async () => {
    const rendered = response();
    expect(await rendered.bodyIn('identity')).toBe(body);
    const gz = await rendered.bodyIn('gzip');
    expect(rendered.readyBodyIn('identity')).toBe(body);
    expect(rendered.bytes).toBe(body.length + gz.length);
  });
});

describe('the render cache size limit', () => {
  const version = { current: () => 1 };
  // Random bytes: their compressed forms are as big as they are.
  const rendered = (size: number) => async () => RenderedResponse.prepare(randomBytes(size), 'text/plain', 'Thu, 01 Jan 1970 00:00:00 GMT');

  it('drops the least recently used renders, counting each compressed form when it is made', async () => {
    const cache = new RenderCache({ version, maxBytes: 25_000 });
    const a = await cache.get('a', rendered(10_000));
    await cache.get('b', rendered(10_000));
    expect(cache.size).toBe(20_000);
    // 'a' is used again, so 'b' is the least recently used when 'c' does not fit beside them.
    expect(await cache.get('a', rendered(10_000))).toBe(a);
    await cache.get('c', rendered(10_000));
    expect(cache.size).toBe(20_000);
    expect(cache.ready('b')).toBeUndefined();
    expect(cache.ready('a')).toBe(a);
    // Now 'c' is the least recently used. a's gzip, when a client asks for it, takes the place
    // of its body: 'c' still fits (the size counts it).
    const gz = await a.bodyIn('gzip');
    expect(cache.size).toBe(10_000 + gz.length);
    // a's body made again for a client that wants it as it is leaves no room for 'c'.
    await a.bodyIn('identity');
    expect(cache.size).toBe(10_000 + gz.length);
    expect(cache.ready('c')).toBeUndefined();
    expect(cache.ready('a')).toBe(a);
  });

  it('counts an answer of a kept render (fresh) as a use: the render not asked for goes first', async () => {
    const cache = new RenderCache({ version, maxBytes: 25_000 });
    const a = await cache.get('a', rendered(10_000));
    await cache.get('b', rendered(10_000));
    expect(cache.ready('a')).toBe(a);
    await cache.get('c', rendered(10_000));
    expect(cache.ready('b')).toBeUndefined();
    expect(cache.ready('a')).toBe(a);
    // And the other way round: 'c' answered now, 'a' is the one that goes.
    expect(cache.ready('c')).toBeDefined();
    await cache.get('d', rendered(10_000));
    expect(cache.ready('a')).toBeUndefined();
    expect(cache.ready('c')).toBeDefined();
  });

  it('keeps the one render being sent even when it alone is over the limit', async () => {
    const cache = new RenderCache({ version, maxBytes: 1_000 });
    const big = await cache.get('big', rendered(5_000));
    expect(cache.ready('big')).toBe(big);
    await cache.get('other', rendered(500));
    expect(cache.ready('big')).toBeUndefined();
    expect(cache.size).toBe(500);
  });
});

describe('a render replacing one whose compressed form clients asked for', () => {
  /** The render that replaces one whose clients asked for `asked`, in that order, and that first render. */
  async function renderAfter(asked: Encoding[]): Promise<{ first: RenderedResponse; second: RenderedResponse }> {
    let version = 1;
    const cache = new RenderCache({ version: { current: () => version } });
    const render = async () => RenderedResponse.prepare(randomBytes(4_000), 'text/plain', 'Thu, 01 Jan 1970 00:00:00 GMT');
    const first = await cache.get('feed', render);
    for (const encoding of asked) await first.bodyIn(encoding);
    version = 2;
    return { first, second: await cache.get('feed', render) };
  }

  it('is kept with that form made, and the other form still not', async () => {
    const { first, second } = await renderAfter(['gzip']);
    expect(second).not.toBe(first);
    expect(second.readyBodyIn('gzip')).toBeDefined();
    expect(second.readyBodyIn('br')).toBeUndefined();
    // Nobody asked for the body itself: the next render lets it go too.
    expect(second.readyBodyIn('identity')).toBeUndefined();
  });

  it('keeps the body itself when clients of the one before asked for it', async () => {
    const { second } = await renderAfter(['identity', 'gzip']);
    expect(second.readyBodyIn('gzip')).toBeDefined();
    expect(second.readyBodyIn('identity')).toBeDefined();
  });
});

/** `count` parts of about 6 KiB each, as a render writes a feed's entries. */
function feedParts(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(`<entry>${i} ${randomBytes(1500).toString('hex')} Pressemitteilung</entry>\n`.repeat(2)));
}

/**
 * The window a brotli stream was made with, as a power of two: WBITS at the start of the stream
 * (RFC 7932, section 9.1).
 */
function brotliWindowBits(stream: Buffer): number {
  const first = stream[0]!;
  if ((first & 1) === 0) return 16;
  const n = (first >> 1) & 7;
  if (n !== 0) return 17 + n;
  const m = (first >> 4) & 7;
  return m === 0 ? 17 : 8 + m;
}

describe('the brotli form of a large feed', () => {
  // 1.2 MB, as `/feed.atom?limit=200` is, in parts as a render writes them.
  const parts = feedParts(200);
  const body = Buffer.concat(parts);

  it('is made with a window of 256 KiB, not brotli\'s 4 MiB, whether written in parts or compressed whole', async () => {
    const written = await RenderedResponse.fromParts(parts, ['br'], 'application/atom+xml', 'Thu, 01 Jan 1970 00:00:00 GMT');
    const whole = await RenderedResponse.prepare(body, 'application/atom+xml', 'Thu, 01 Jan 1970 00:00:00 GMT').bodyIn('br');
    for (const br of [written.readyBodyIn('br')!, whole]) {
      expect(brotliWindowBits(br)).toBe(18);
      expect(brotliDecompressSync(br).equals(body)).toBe(true);
    }
  });
});

describe('a render written in parts', () => {
  // Some 200 KiB in parts of about 6 KiB, as a feed's entries come.
  const parts = feedParts(32);
  const body = Buffer.concat(parts);
  const LAST_MODIFIED = 'Thu, 01 Jan 1970 00:00:00 GMT';

  it('is the same response as the whole body, with the asked codings made as it was written', async () => {
    const whole = RenderedResponse.prepare(body, 'application/atom+xml', LAST_MODIFIED, 'basis');
    const written = await RenderedResponse.fromParts(parts, ['gzip', 'br', 'gzip'], 'application/atom+xml', LAST_MODIFIED, 'basis');
    expect(written.etag).toBe(whole.etag);
    expect(written.basis).toBe('basis');
    expect(gunzipSync(written.readyBodyIn('gzip')!).equals(body)).toBe(true);
    expect(brotliDecompressSync(written.readyBodyIn('br')!).equals(body)).toBe(true);
    // Nobody asked for the body itself: let go once compressed, made again when asked for.
    expect(written.readyBodyIn('identity')).toBeUndefined();
    expect(written.codingsAsked.sort()).toEqual(['br', 'gzip']);
    expect((await written.bodyIn('identity')).equals(body)).toBe(true);
  });

  it('keeps the body itself when it is asked for as it is, and makes nothing else', async () => {
    const written = await RenderedResponse.fromParts(parts, ['identity'], 'application/atom+xml', LAST_MODIFIED);
    expect(written.readyBodyIn('identity')!.equals(body)).toBe(true);
    expect(written.readyBodyIn('gzip')).toBeUndefined();
    expect(written.bytes).toBe(body.length);
  });

  it('lets the event loop take turns while the parts are written', async () => {
    let turns = 0;
    let running = true;
    const tick = (): void => {
      turns += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    function* taken(): Generator<Buffer> {
      for (const part of parts) {
        seen.push(turns);
        yield part;
      }
    }
    await RenderedResponse.fromParts(taken(), ['gzip'], 'application/atom+xml', LAST_MODIFIED);
    running = false;
    // 200 KiB are three turns' worth at least: other work ran between the first part and the last.
    expect(seen.at(-1)! - seen[0]!).toBeGreaterThanOrEqual(2);
  });
});

describe('a cache asked for a coding', () => {
  it("tells the render which codings it will be sent in: the asking request's and those asked of the previous render", async () => {
    let version = 1;
    const cache = new RenderCache({ version: { current: () => version } });
    const told: (readonly Encoding[])[] = [];
    const render = async (_previous: RenderedResponse | undefined, codings: readonly Encoding[]): Promise<RenderedResponse> => {
      told.push(codings);
      return RenderedResponse.prepare(Buffer.from(`v${version} `.repeat(200)), 'text/plain', 'Thu, 01 Jan 1970 00:00:00 GMT');
    };
    const first = await cache.get('feed', render, 'br');
    // Not made by the render itself: made before it was kept, so the asking request waits for no more.
    expect(first.readyBodyIn('br')).toBeDefined();
    version = 2;
    await cache.get('feed', render, 'gzip');
    expect(told).toEqual([['br'], ['br', 'gzip']]);
  });
});
