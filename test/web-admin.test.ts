/**
 * The /admin pages: off without ADMIN_PASSWORD, basic auth in front of everything (Bull Board's
 * assets and API included), read-only mode, "poll now" and its cross-site defence. Real servers
 * on loopback over the real Redis; jobs are observed in the real BullMQ queues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../src/metrics/index.js';
import type { WalkState } from '../src/model/index.js';
import type { WalkPageResult } from '../src/store/index.js';
import { pollSchedulerId, reconcileSchedulers } from '../src/queue/index.js';
import { loadShippedConfig } from './helpers/config.js';
import { httpGet, httpSend, startTestWeb, type RawResponse, type TestWeb } from './helpers/web.js';
import { CORPUS, corpusArticle } from './web-corpus.js';

const PASSWORD = 'correct horse battery staple';

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

const AUTH = { authorization: basic('admin', PASSWORD) };

function problem(res: RawResponse): { title: string; detail: string; status: number } {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return JSON.parse(res.text) as { title: string; detail: string; status: number };
}

/** Waiting poll jobs of `sourceId` that were started by hand. */
async function manualPolls(web: TestWeb, sourceId: string): Promise<number> {
  const jobs = await web.queues.poll.getJobs(['wait', 'prioritized', 'delayed']);
  return jobs.filter((j) => j.data.sourceId === sourceId && j.data.trigger === 'manual').length;
}

let off: TestWeb;
let admin: TestWeb;
let readonly: TestWeb;

beforeAll(async () => {
  [off, admin, readonly] = await Promise.all([
    startTestWeb(),
    startTestWeb({ admin: { password: PASSWORD, readonly: false } }),
    startTestWeb({ admin: { password: PASSWORD, readonly: true } }),
  ]);
});
afterAll(async () => {
  await Promise.all([off?.close(), admin?.close(), readonly?.close()]);
});

describe('when ADMIN_PASSWORD is not set', () => {
  it('answers every /admin path with 404 saying the pages are off and how to turn them on, even with credentials', async () => {
    const requests: [string, string][] = [
      ['GET', '/admin/queues'],
      ['GET', '/admin/queues/api/queues'],
      ['GET', '/admin/sources'],
      ['GET', '/admin'],
      ['POST', '/admin/sources/portal-presse/poll'],
      ['PUT', '/admin/queues/api/queues/poll/pause'],
    ];
    for (const [method, path] of requests) {
      const res = await httpSend(method, `${off.url}${path}`, { ...AUTH, origin: off.url });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers['www-authenticate']).toBeUndefined();
      const body = problem(res);
      expect(body.title).toBe('Admin pages are off');
      expect(body.detail).toContain('ADMIN_PASSWORD');
    }
    expect(await off.queues.poll.isPaused()).toBe(false);
    expect(await manualPolls(off, 'portal-presse')).toBe(0);
  });
});

describe('with a password', () => {
  it('asks for credentials (401 with a Basic challenge) on the pages, the dashboard API and its assets', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png', '/admin/sources']) {
      const res = await httpGet(`${admin.url}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="hessenfeed admin"');
      expect(problem(res).detail).toContain('ADMIN_PASSWORD');
    }
  });

  it('refuses a wrong password, a wrong user and a malformed header with 401', async () => {
    const headers = [
      basic('admin', 'wrong'),
      basic('root', PASSWORD),
      basic('admin', `${PASSWORD} `),
      `Bearer ${PASSWORD}`,
      'Basic !!!',
    ];
    for (const authorization of headers) {
      const res = await httpGet(`${admin.url}/admin/sources`, { authorization });
      expect(res.status, authorization).toBe(401);
    }
  });

  it('shows Bull Board over all four queues to the admin, assets included', async () => {
    const page = await httpGet(`${admin.url}/admin/queues`, AUTH);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/"');
    // Nothing from another host: no web fonts, and a policy that allows only this server.
    expect(page.text).not.toMatch(/(?:href|src)="(?:https?:)?\/\//);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'.*font-src 'self' data:/);
    // The page's own script, fetched the way the browser resolves it against <base>.
    const script = /src="(static\/js\/main[^"]+)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    expect((await httpGet(`${admin.url}/admin/queues/${script}`)).status).toBe(401);
    const asset = await httpGet(`${admin.url}/admin/queues/${script}`, AUTH);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const api = await httpGet(`${admin.url}/admin/queues/api/queues`, AUTH);
    expect(api.status).toBe(200);
    const names = (JSON.parse(api.text) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['backfill', 'ingest', 'poll', 'scrape']);
  });

  it('lets the admin remove a job through the dashboard API', async () => {
    const job = await admin.queues.poll.add('poll', { sourceId: 'portal-presse', trigger: 'manual' });
    const res = await httpSend('PUT', `${admin.url}/admin/queues/api/queues/poll/${job.id}/clean`, { ...AUTH, origin: admin.url });
    expect(res.status).toBe(204);
    expect(await admin.queues.poll.getJob(job.id!)).toBeUndefined();
  });

  it('refuses changes that do not come from its own pages (no or a foreign Origin)', async () => {
    const job = await admin.queues.poll.add('poll', { sourceId: 'portal-presse', trigger: 'manual' });
    const foreign: Record<string, string>[] = [{}, { origin: 'https://evil.example' }, { origin: 'null' }, { referer: 'https://evil.example/page' }];
    for (const headers of foreign) {
      const res = await httpSend('PUT', `${admin.url}/admin/queues/api/queues/poll/${job.id}/clean`, { ...AUTH, ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(problem(res).title).toBe('Cross-site request refused');
    }
    expect(await admin.queues.poll.getJob(job.id!)).toBeDefined();
    await job.remove();
  });
});

describe('the sources page', () => {
  it('shows state, last success, last error (escaped), next poll, items and extraction completeness', async () => {
    const { store, queues, redis, prefix } = admin;
    const now = Date.now();
    await store.recordPollSuccess('portal-presse', { at: new Date(now - 60_000), entries: 10 });
    await store.recordPollFailure('innen-presse', { at: new Date(now - 30_000), message: 'HTTP 503 <script>alert(1)</script> from the site' });
    const portal = (await loadShippedConfig()).sources.find((s) => s.id === 'portal-presse')!;
    await reconcileSchedulers(queues.poll, [portal]);
    await store.ingest(corpusArticle(CORPUS[0]!, 0), 'portal-presse');
    const recorder = new MetricsRecorder(redis, prefix);
    recorder.recordIngest('portal-presse', 'new', corpusArticle(CORPUS[0]!, 0));
    recorder.recordIngest('portal-presse', 'new', corpusArticle(CORPUS[6]!, 6)); // no tags
    await recorder.flush();

    const res = await httpGet(`${admin.url}/admin/sources`, AUTH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const row = (id: string): string => {
      const match = new RegExp(`<tr class="\\w+"><td><code>${id}</code>.*?</tr>`).exec(res.text);
      expect(match, id).not.toBeNull();
      return match![0];
    };
    const portalRow = row('portal-presse');
    expect(portalRow).toContain('<span class="badge ok">ok</span>');
    expect(portalRow).toContain('<td class="number">1</td>');
    expect(portalRow).toContain('tags 50%');
    expect(portalRow).toContain('ministry 100%');
    expect(portalRow).toContain('of 2 releases');
    const next = (await queues.poll.getJobScheduler(pollSchedulerId('portal-presse')))!.next!;
    expect(portalRow).toContain(`datetime="${new Date(next).toISOString()}"`);
    expect(portalRow).toContain('action="/admin/sources/portal-presse/poll"');

    const innenRow = row('innen-presse');
    expect(innenRow).toContain('<span class="badge failing">failing</span>');
    expect(innenRow).toContain('HTTP 503 &lt;script&gt;alert(1)&lt;/script&gt; from the site');
    expect(innenRow).toContain('no scheduler');
    expect(res.text).not.toContain('<script>');
    // Each source's ministry spelled out with its abbreviations, for readers without hover.
    expect(row('soziales-presse')).toContain('Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales (HMAIJS; formerly HMSI)');
    // Problems first.
    expect(res.text.indexOf('<code>innen-presse</code>')).toBeLessThan(res.text.indexOf('<code>portal-presse</code>'));
  });

  it("shows each source's backfill: at which page of about how many while it runs, and how it ended", async () => {
    const { store } = admin;
    const at = new Date();
    const page = (walk: WalkState, next: string | undefined, extra: Partial<WalkPageResult> = {}): WalkPageResult => ({
      at,
      found: 10,
      new: 10,
      duplicates: 0,
      read: true,
      ...(next !== undefined ? { next } : {}),
      ...extra,
    });
    const walkOf = async (id: string): Promise<WalkState> => (await store.getWalk(id))!;
    // Two pages read of a listing whose pager says it has 40.
    await store.startWalk('wirtschaft-presse', { run: 'r1', url: 'https://wirtschaft.hessen.de/presse', at });
    await store.finishWalkPage('wirtschaft-presse', { run: 'r1', page: 0 }, page(await walkOf('wirtschaft-presse'), '?page=1', { estimatedPages: 40 }), await walkOf('wirtschaft-presse'));
    await store.finishWalkPage('wirtschaft-presse', { run: 'r1', page: 1 }, page(await walkOf('wirtschaft-presse'), '?page=2'), await walkOf('wirtschaft-presse'));
    // Ended: one page read, then an empty one.
    await store.startWalk('digitales-presse', { run: 'r1', url: 'https://digitales.hessen.de/presse', at });
    await store.finishWalkPage('digitales-presse', { run: 'r1', page: 0 }, page(await walkOf('digitales-presse'), '?page=1'), await walkOf('digitales-presse'));
    await store.finishWalkPage('digitales-presse', { run: 'r1', page: 1 }, page(await walkOf('digitales-presse'), undefined, { read: false, found: 0, new: 0, end: { status: 'done', reason: 'page 1 lists no releases' } }), await walkOf('digitales-presse'));
    // Failed, with text from the site in the reason.
    await store.startWalk('familie-presse', { run: 'r1', url: 'https://familie.hessen.de/presse', at });
    const failed = { read: false, found: 0, new: 0, skipped: { url: 'https://familie.hessen.de/presse', error: '500' }, end: { status: 'failed' as const, reason: 'server said <b>no</b>' } };
    await store.finishWalkPage('familie-presse', { run: 'r1', page: 0 }, page(await walkOf('familie-presse'), undefined, failed), await walkOf('familie-presse'));

    const res = await httpGet(`${admin.url}/admin/sources`, AUTH);
    const row = (id: string): string => new RegExp(`<tr class="\\w+"><td><code>${id}</code>.*?</tr>`).exec(res.text)?.[0] ?? '';
    expect(row('wirtschaft-presse')).toContain('<span class="walk running">backfill at page 3 of about 40</span>');
    expect(row('digitales-presse')).toContain('<span class="walk done">backfill done: 1 page</span>');
    expect(row('familie-presse')).toContain('<span class="walk failed">backfill failed after 1 page: server said &lt;b&gt;no&lt;/b&gt;</span>');
    expect(row('justiz-presse')).not.toContain('backfill');
  });

  it('"poll now" queues a manual poll and redirects back with 303', async () => {
    const before = await manualPolls(admin, 'justiz-presse');
    const res = await httpSend('POST', `${admin.url}/admin/sources/justiz-presse/poll`, {
      ...AUTH,
      origin: admin.url,
      'content-type': 'application/x-www-form-urlencoded',
    }, '');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/sources?polled=justiz-presse');
    expect(await manualPolls(admin, 'justiz-presse')).toBe(before + 1);
    const page = await httpGet(`${admin.url}${res.headers.location}`, AUTH);
    expect(page.text).toContain('A poll of');
  });

  it('accepts a same-origin Referer when a browser sends no Origin, and refuses a cross-site form post', async () => {
    const before = await manualPolls(admin, 'finanzen-presse');
    const form = { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' };
    const foreign = await httpSend('POST', `${admin.url}/admin/sources/finanzen-presse/poll`, { ...form, origin: 'https://evil.example' }, '');
    expect(foreign.status).toBe(403);
    const none = await httpSend('POST', `${admin.url}/admin/sources/finanzen-presse/poll`, form, '');
    expect(none.status).toBe(403);
    expect(await manualPolls(admin, 'finanzen-presse')).toBe(before);
    const referred = await httpSend('POST', `${admin.url}/admin/sources/finanzen-presse/poll`, { ...form, referer: `${admin.url}/admin/sources` }, '');
    expect(referred.status).toBe(303);
    expect(await manualPolls(admin, 'finanzen-presse')).toBe(before + 1);
  });

  it('answers 404 for a source that is not configured, and enqueues nothing', async () => {
    const res = await httpSend('POST', `${admin.url}/admin/sources/no-such-source/poll`, { ...AUTH, origin: admin.url });
    expect(res.status).toBe(404);
    expect(problem(res).detail).toContain('no-such-source');
    expect(await manualPolls(admin, 'no-such-source')).toBe(0);
  });
});

describe('with ADMIN_READONLY', () => {
  it('shows the pages, without "poll now" buttons', async () => {
    const page = await httpGet(`${readonly.url}/admin/sources`, AUTH);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<code>portal-presse</code>');
    expect(page.text).not.toContain('Poll now');
    expect(page.text).toContain('Read-only');
    expect((await httpGet(`${readonly.url}/admin/queues`, AUTH)).status).toBe(200);
    expect((await httpGet(`${readonly.url}/admin/queues/api/queues`, AUTH)).status).toBe(200);
  });

  it('refuses "poll now" with 403 and enqueues nothing', async () => {
    const res = await httpSend('POST', `${readonly.url}/admin/sources/portal-presse/poll`, {
      ...AUTH,
      origin: readonly.url,
      'content-type': 'application/x-www-form-urlencoded',
    }, '');
    expect(res.status).toBe(403);
    expect(problem(res).detail).toContain('ADMIN_READONLY');
    expect(await manualPolls(readonly, 'portal-presse')).toBe(0);
  });

  it("refuses the dashboard's write actions (remove a job, pause a queue) with 403, and they have no effect", async () => {
    const job = await readonly.queues.poll.add('poll', { sourceId: 'portal-presse', trigger: 'manual' });
    const headers = { ...AUTH, origin: readonly.url };
    const clean = await httpSend('PUT', `${readonly.url}/admin/queues/api/queues/poll/${job.id}/clean`, headers);
    expect(clean.status).toBe(403);
    expect(problem(clean).title).toBe('Admin pages are read-only');
    const pause = await httpSend('PUT', `${readonly.url}/admin/queues/api/queues/poll/pause`, headers);
    expect(pause.status).toBe(403);
    expect(await readonly.queues.poll.getJob(job.id!)).toBeDefined();
    expect(await readonly.queues.poll.isPaused()).toBe(false);
    await job.remove();
  });

  it('still asks for the password first', async () => {
    const res = await httpSend('PUT', `${readonly.url}/admin/queues/api/queues/poll/pause`, { origin: readonly.url });
    expect(res.status).toBe(401);
  });
});
