import { describe, expect, it } from 'vitest';
import { createMinistryRegistry } from '../src/model/index.js';
import { loadShippedConfig } from './helpers/config.js';
import { TEST_MINISTRIES, testRegistry } from './helpers/ministries.js';

describe('MinistryRegistry.matchName', () => {
  const registry = testRegistry();

  it.each([
    ['HMSI', 'soziales'],
    ['HMSI · Pressemitteilung', 'soziales'],
    ['wissenschaft.hessen.de', 'wissenschaft'],
    ['Quelle: soziales.hessen.de', 'soziales'],
    ['HKM', 'kultus'],
    ['HMUKLV', 'landwirtschaft'],
  ])('%s → %s by the shipped registry (abbreviations in former use, host names printed as datelines)', async (text, id) => {
    const { ministries } = await loadShippedConfig();
    expect(createMinistryRegistry(ministries).matchName(text)?.id).toBe(id);
  });

  it.each([
    ['Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales', 'soziales'],
    ['Hessisches Ministerium für Soziales und Integration', 'soziales'],
    ['HMAIJS', 'soziales'],
    ['Hessisches Kultusministerium', 'kultus'],
    ['Hessisches Ministerium für Kultus, Bildung und Chancen', 'kultus'],
    ['  hessisches   MINISTERIUM für kultus,\n bildung und chancen ', 'kultus'],
    ['Hessische Staatskanzlei', 'staatskanzlei'],
    ['Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz', 'innen'],
    ['Pressestelle: Hessische Staatskanzlei, Wiesbaden', 'staatskanzlei'],
  ])('%s → %s', (text, id) => {
    expect(registry.matchName(text)?.id).toBe(id);
  });

  it.each([
    ['Polizeipräsidium Mittelhessen'],
    ['HMAIJSX'],
    ['Hessische Staatskanzleien'],
    [''],
  ])('%s → no ministry', (text) => {
    expect(registry.matchName(text)).toBeUndefined();
  });

  it('prefers the longest name that occurs, whatever the list order', () => {
    const justiz = { id: 'justiz' as const, name: 'Hessisches Ministerium der Justiz', shortName: 'HMdJ', hosts: [], aliases: [] };
    const rechtsstaat = {
      id: 'europa' as const,
      name: 'Hessisches Ministerium der Justiz und für den Rechtsstaat',
      shortName: 'HMdJR',
      hosts: [],
      aliases: [],
    };
    for (const list of [[justiz, rechtsstaat], [rechtsstaat, justiz]]) {
      const registry = createMinistryRegistry(list);
      expect(registry.matchName('Hessisches Ministerium der Justiz und für den Rechtsstaat')?.id).toBe('europa');
      expect(registry.matchName('Hessisches Ministerium der Justiz')?.id).toBe('justiz');
    }
  });
});

describe('MinistryRegistry.byHost and byId', () => {
  const registry = testRegistry();

  it.each([
    ['soziales.hessen.de', 'soziales'],
    ['SOZIALES.hessen.de.', 'soziales'],
    ['www.soziales.hessen.de', 'soziales'],
    ['kultus.hessen.de', 'kultus'],
    ['kultusministerium.hessen.de', 'kultus'],
  ])('%s → %s', (host, id) => {
    expect(registry.byHost(host)?.id).toBe(id);
  });

  it('knows no ministry for the portal or foreign hosts', () => {
    expect(registry.byHost('www.hessen.de')).toBeUndefined();
    expect(registry.byHost('soziales.hessen.de.example.org')).toBeUndefined();
  });

  it('gives a shared host to the ministry listed first', () => {
    const shared = createMinistryRegistry([
      { id: 'staatskanzlei', name: 'Hessische Staatskanzlei', shortName: 'HStK', hosts: ['staatskanzlei.hessen.de'], aliases: [] },
      { id: 'europa', name: 'Hessischer Minister für Bundes- und Europaangelegenheiten', shortName: 'HMBE', hosts: ['staatskanzlei.hessen.de'], aliases: [] },
    ]);
    expect(shared.byHost('staatskanzlei.hessen.de')?.id).toBe('staatskanzlei');
  });

  it('finds ministries by id and lists them all', () => {
    expect(registry.byId('kultus')?.name).toBe('Hessisches Ministerium für Kultus, Bildung und Chancen');
    expect(registry.byId('nope')).toBeUndefined();
    expect(registry.all.map((m) => m.id)).toEqual(TEST_MINISTRIES.map((m) => m.id));
  });
});
