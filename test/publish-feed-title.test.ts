import { describe, expect, it } from 'vitest';
import { feedTitle } from '../src/publish/index.js';

const BASE = 'Hessische Landesregierung – Pressemitteilungen';

describe('feedTitle', () => {
  it.each([
    [{}, BASE],
    [{ tagLabels: ['Integration'] }, `${BASE} · Schlagwort: Integration`],
    [{ tagLabels: ['Integration', 'Frühkindliche Bildung'] }, `${BASE} · Schlagworte: Integration, Frühkindliche Bildung`],
    [{ ministryNames: ['Hessische Staatskanzlei'] }, `${BASE} · Ministerium: Hessische Staatskanzlei`],
    [{ q: 'Wasserstoff  Tankstelle ' }, `${BASE} · Suche: Wasserstoff Tankstelle`],
    [{ excludedTagLabels: ['Polizei'] }, `${BASE} · ohne Schlagwort: Polizei`],
    [
      { q: 'Kita', tagLabels: ['Integration'], ministryNames: ['Hessisches Ministerium für Kultus, Bildung und Chancen'] },
      `${BASE} · Ministerium: Hessisches Ministerium für Kultus, Bildung und Chancen · Schlagwort: Integration · Suche: Kita`,
    ],
    [{ tagLabels: ['', '  ', 'Integration', 'Integration'], q: '   ' }, `${BASE} · Schlagwort: Integration`],
  ])('%j → %s', (filter, expected) => {
    expect(feedTitle(filter)).toBe(expected);
  });

  it('shortens a pasted paragraph used as search', () => {
    const title = feedTitle({ q: 'wort '.repeat(100) });
    expect(title.startsWith(`${BASE} · Suche: wort wort`)).toBe(true);
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThan(BASE.length + 100);
  });
});
