import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, parseDuration } from '../src/config/index.js';
import { loadShippedConfig } from './helpers/config.js';
import { writeTempConfig, type TempConfig } from './config-temp-files.js';

const created: TempConfig[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((config) => config.remove()));
});

async function load(content: Parameters<typeof writeTempConfig>[0]) {
  const config = await writeTempConfig(content);
  created.push(config);
  return loadConfig(config.files);
}

describe('loadConfig turns valid files into typed sources, ministries and profiles', () => {
  it('fills in the documented defaults', async () => {
    const config = await load({
      sources: `
sources:
  - id: feed-only
    name: Ein Feed
    url: https://Feeds.Example:8443/all.xml
    type: feed
`,
    });
    expect(config.sources).toEqual([
      {
        id: 'feed-only',
        name: 'Ein Feed',
        url: 'https://feeds.example:8443/all.xml',
        type: 'feed',
        intervalMs: 15 * 60_000,
        // The url's host name, lower-cased and without the port: it is compared with link host names.
        hosts: ['feeds.example'],
        maxPages: 3,
        recheckMs: 24 * 3600_000,
      },
    ]);
  });

  it('keeps what the file sets, with hosts lower-cased', async () => {
    const config = await load({
      sources: `
sources:
  - id: portal-presse
    name: Portal
    url: https://www.hessen.example/presse
    type: listing
    profile: plain
    ministry: staatskanzlei
    interval: 1h30m
    max_pages: 7
    recheck: 6h
    spacing: 5s
    concurrency: 1
    hosts: [WWW.Hessen.Example, Soziales.Example, www.hessen.example]
    archive: https://soziales.example/archiv?seite={page}
    backfill: true
  - id: ohne-recheck
    name: Ohne Nachprüfen
    url: https://www.hessen.example/andere
    type: listing
    recheck: off
    spacing: 0
`,
    });
    expect(config.sources[1]).not.toHaveProperty('recheckMs');
    expect(config.sources[1]).toMatchObject({ spacingMs: 0 });
    expect(config.sources[1]).not.toHaveProperty('concurrency');
    expect(config.sources[1]).not.toHaveProperty('archive');
    expect(config.sources[1]).not.toHaveProperty('backfill');
    expect(config.sources[0]).toMatchObject({
      ministry: 'staatskanzlei',
      profile: 'plain',
      intervalMs: 90 * 60_000,
      maxPages: 7,
      recheckMs: 6 * 3600_000,
      spacingMs: 5000,
      concurrency: 1,
      hosts: ['www.hessen.example', 'soziales.example'],
      archive: 'https://soziales.example/archiv?seite={page}',
      backfill: true,
    });
  });

  it('maps ministries to the model and defaults aliases and abbreviations to none', async () => {
    const config = await load({});
    expect(config.ministries).toHaveLength(12);
    expect(config.ministries.find((ministry) => ministry.id === 'kultus')).toEqual({
      id: 'kultus',
      name: 'Ministerium kultus',
      shortName: 'M-kultus',
      hosts: ['kultus.example'],
      aliases: [],
      abbreviations: [],
    });
  });

  it('reads abbreviations, confirmed and current unless marked otherwise', async () => {
    const { ministries } = await loadShippedConfig();
    expect(ministries.find((m) => m.id === 'soziales')?.abbreviations).toEqual([{ text: 'HMSI', former: true, confirmed: true }]);
    expect(ministries.find((m) => m.id === 'kultus')?.abbreviations).toEqual([{ text: 'HKM', former: true, confirmed: false }]);
  });

  it('keys profiles by id and defaults article.remove to an empty list', async () => {
    const config = await load({});
    expect(config.profiles.get('hessen-drupal')).toEqual({
      id: 'hessen-drupal',
      listing: { item: 'article.node--view-mode-teaser', link: 'a.teaser--area-link' },
      article: { body: '.field--body', remove: [] },
    });
    expect(config.profiles.get('plain')).toEqual({ id: 'plain', listing: { item: 'li' }, article: { remove: [] } });
  });
});

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    [' 5m ', 300_000],
    ['500ms', 500],
    ['1s250ms', 1250],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '15', '15 mins', '15min', 'm', '30m1h', '1.5h', '-5m', '15M', '5ms1s', 'ms'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
