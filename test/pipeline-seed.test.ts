import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage } from './helpers/hessen-site.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

const SLUG = 'integrationskonferenz-konstituiert-sich-in-weiterstadt';
const page = (name: string): string => readFileSync(new URL(`./fixtures/pages/${name}`, import.meta.url), 'utf8');

describe('the seed release on the ministry site and on the portal', () => {
  let ministry: FixtureServer;
  let portal: FixtureServer;
  let pipeline: TestPipeline;

  beforeAll(async () => {
    const teaser = { title: 'Integrationskonferenz konstituiert sich in Weiterstadt', date: '23.09.2024', dateline: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales' };
    ministry = await startFixtureServer({
      '/presse': listingPage([{ ...teaser, href: `/presse/${SLUG}` }]),
      [`/presse/${SLUG}`]: page('seed-soziales.html'),
    });
    portal = await startFixtureServer({
      '/presse': listingPage([{ ...teaser, href: `/presse/${SLUG}?utm_source=hessen.de` }]),
      [`/presse/${SLUG}`]: page('seed-portal.html'),
    });
    pipeline = await startTestPipeline({
      sources: [
        testSource({ id: 'soziales-presse', url: `${ministry.origin}/presse`, ministry: 'soziales' }),
        // The portal has no ministry of its own: attribution must come from the page's dateline.
        testSource({ id: 'portal-presse', url: `${portal.origin}/presse` }),
      ],
    });
    await pipeline.pollAll();
  });

  afterAll(async () => {
    await pipeline?.close();
    await ministry?.close();
    await portal?.close();
  });

  it('becomes one item that keeps both URLs and both sources', async () => {
    expect(await pipeline.app.store.countItems()).toBe(1);
    const id = await pipeline.app.store.findItemIdByUrl(`${ministry.origin}/presse/${SLUG}`);
    expect(id).toBeDefined();
    expect(await pipeline.app.store.findItemIdByUrl(`${portal.origin}/presse/${SLUG}`)).toBe(id);
    const item = (await pipeline.app.store.getItem(id!))!;
    expect([...item.urls].sort()).toEqual(
      [`https://127.0.0.1:${ministry.port}/presse/${SLUG}`, `https://127.0.0.1:${portal.port}/presse/${SLUG}`].sort(),
    );
    expect([...item.sources].sort()).toEqual(['portal-presse', 'soziales-presse']);
  });

  it('carries ministry, title, date, tags and the full body without page chrome', async () => {
    const [item] = (await pipeline.app.store.query({ limit: 10 })).items;
    expect(item?.ministryId).toBe('soziales');
    expect(item?.title).toBe('Integrationskonferenz konstituiert sich in Weiterstadt');
    expect(item?.published).toBe('2024-09-22T22:00:00.000Z');
    expect(item?.tags.map((t) => t.slug).sort()).toEqual(['fruehkindliche-bildung', 'integration', 'rassismus']);
    expect(item?.contentHtml).toContain('<h2>Integration ist eine gemeinschaftliche Aufgabe</h2>');
    expect(item?.contentHtml).toContain('Unter dem Vorsitz von Ministerin Heike Hofmann');
    expect(item?.contentHtml).toContain('in den kommenden Monaten und Jahren.');
    for (const chrome of ['Lesedauer', 'Cookie', 'Schlagworte zum Thema', 'Startseite', 'Das könnte Sie auch interessieren', 'Impressum']) {
      expect(item?.contentHtml).not.toContain(chrome);
    }
  });
});
