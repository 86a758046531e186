import type { Ministry } from '../../src/model/types.js';
import { createMinistryRegistry, type MinistryRegistry } from '../../src/model/index.js';

/** A small ministry list for extraction tests (names and aliases as in the issue). */
export const TEST_MINISTRIES: Ministry[] = [
  {
    id: 'soziales',
    name: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales',
    shortName: 'HMAIJS',
    hosts: ['soziales.hessen.de'],
    aliases: ['Hessisches Ministerium für Soziales und Integration'],
  },
  {
    id: 'kultus',
    name: 'Hessisches Ministerium für Kultus, Bildung und Chancen',
    shortName: 'HMKB',
    hosts: ['kultus.hessen.de', 'kultusministerium.hessen.de'],
    aliases: ['Hessisches Kultusministerium'],
  },
  {
    id: 'staatskanzlei',
    name: 'Hessische Staatskanzlei',
    shortName: 'HStK',
    hosts: ['staatskanzlei.hessen.de'],
    aliases: [],
  },
  {
    id: 'innen',
    name: 'Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz',
    shortName: 'HMdIS',
    hosts: ['innen.hessen.de'],
    aliases: ['Hessisches Ministerium des Innern und für Sport'],
  },
];

export function testRegistry(): MinistryRegistry {
  return createMinistryRegistry(TEST_MINISTRIES);
}
