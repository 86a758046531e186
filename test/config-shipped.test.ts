import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config/index.js';
import { MINISTRY_IDS } from '../src/model/index.js';

const FILES = {
  sourcesFile: 'config/sources.yaml',
  ministriesFile: 'config/ministries.yaml',
  profilesFile: 'config/profiles.yaml',
};

/** The ministry hosts from the issue; kultusministerium.hessen.de only serves older links. */
const LISTING_HOSTS = [
  'staatskanzlei.hessen.de',
  'finanzen.hessen.de',
  'innen.hessen.de',
  'justizministerium.hessen.de',
  'kultus.hessen.de',
  'wissenschaft.hessen.de',
  'wirtschaft.hessen.de',
  'landwirtschaft.hessen.de',
  'soziales.hessen.de',
  'familie.hessen.de',
  'digitales.hessen.de',
];

describe('the shipped config files', () => {
  let config: Config;

  beforeAll(async () => {
    if (!existsSync(FILES.profilesFile)) {
      throw new Error(
        `${FILES.profilesFile} does not exist: the shipped sources use the hessen-drupal profile, ` +
          'so the extraction profiles must be shipped alongside them',
      );
    }
    config = await loadConfig(FILES);
  });

  it('list each of the twelve ministries once, with a name and at least one host', () => {
    expect(config.ministries.map((ministry) => ministry.id).sort()).toEqual([...MINISTRY_IDS].sort());
    for (const ministry of config.ministries) {
      expect(ministry.name, ministry.id).toMatch(/^Hessische/);
      expect(ministry.hosts.length, ministry.id).toBeGreaterThan(0);
    }
  });

  it('keep the known current and former names, so datelines of both eras are attributed', () => {
    const byId = new Map(config.ministries.map((ministry) => [ministry.id, ministry]));
    expect(byId.get('soziales')?.name).toBe('Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales');
    expect(byId.get('soziales')?.aliases).toContain('Hessisches Ministerium für Soziales und Integration');
    expect(byId.get('kultus')?.name).toBe('Hessisches Ministerium für Kultus, Bildung und Chancen');
    expect(byId.get('kultus')?.aliases).toContain('Hessisches Kultusministerium');
    expect(byId.get('kultus')?.hosts).toEqual(['kultus.hessen.de', 'kultusministerium.hessen.de']);
    expect(byId.get('europa')?.hosts).toEqual(['staatskanzlei.hessen.de']);
  });

  it('poll the /presse listing of every ministry host, attributed to that ministry', () => {
    const listings = config.sources.filter((source) => source.id !== 'portal-presse');
    expect(listings.map((source) => new URL(source.url).hostname).sort()).toEqual([...LISTING_HOSTS].sort());
    for (const source of listings) {
      const ministry = config.ministries.find((candidate) => candidate.id === source.ministry);
      expect(ministry?.hosts, source.id).toContain(new URL(source.url).hostname);
      expect(source.url, source.id).toBe(`https://${new URL(source.url).hostname}/presse`);
      expect(source.type, source.id).toBe('listing');
    }
  });

  it('poll the portal, which may fetch the ministry pages it links to', () => {
    const portal = config.sources.find((source) => source.id === 'portal-presse');
    expect(portal).toMatchObject({ url: 'https://www.hessen.de/presse', type: 'listing' });
    expect(portal?.ministry).toBeUndefined();
    const ministryHosts = config.ministries.flatMap((ministry) => ministry.hosts);
    expect(new Set(portal?.hosts)).toEqual(new Set(['www.hessen.de', ...ministryHosts]));
  });

  it('extract every source with the hessen-drupal profile, every 15 minutes', () => {
    expect(config.profiles.has('hessen-drupal')).toBe(true);
    for (const source of config.sources) {
      expect(source.profile, source.id).toBe('hessen-drupal');
      expect(source.intervalMs, source.id).toBe(15 * 60_000);
    }
  });
});
