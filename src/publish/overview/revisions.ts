/**
 * What a correction changed, for readers: the sentence ("Titel geändert; 1 Absatz geändert:
 * „480“ → „520“") and the changed title and paragraphs with deleted words in `<del>` and inserted
 * words in `<ins>` (marked by brackets and signs as well, so it reads without colour). Unchanged
 * paragraphs are left out; the sentence says how many changed. The words come from jsdiff.
 */
import * as cheerio from 'cheerio';
import { diffArrays, diffWords } from 'diff';
import type { Revision } from '../../store/index.js';
import { escapeHtml } from '../html.js';
import type { Lang } from './language.js';

/** One version of a release, the current one or a replaced one. */
export interface Version {
  title: string;
  summary?: string;
  contentHtml: string;
}

export interface Change {
  titleChanged: boolean;
  summaryChanged: boolean;
  /** Changed paragraph groups: the old and the new paragraphs of each. */
  paragraphs: { before: string[]; after: string[] }[];
}

/** The paragraphs of a body as plain text: block elements in document order. */
function paragraphsOf(html: string): string[] {
  const $ = cheerio.load(html, null, false);
  const blocks = $('p, h1, h2, h3, h4, h5, h6, li, td, th, blockquote, figcaption')
    .filter((_, el) => $(el).find('p, li, h2, h3, h4').length === 0)
    .map((_, el) => $(el).text().replace(/\s+/g, ' ').trim())
    .get()
    .filter((text) => text !== '');
  return blocks.length > 0 ? blocks : [$.root().text().replace(/\s+/g, ' ').trim()].filter((text) => text !== '');
}

export function compareVersions(before: Version, after: Version): Change {
  const paragraphs: Change['paragraphs'] = [];
  let pending: { before: string[]; after: string[] } | undefined;
  for (const part of diffArrays(paragraphsOf(before.contentHtml), paragraphsOf(after.contentHtml))) {
    if (!part.added && !part.removed) {
      if (pending) paragraphs.push(pending);
      pending = undefined;
      continue;
    }
    pending ??= { before: [], after: [] };
    (part.removed ? pending.before : pending.after).push(...part.value);
  }
  if (pending) paragraphs.push(pending);
  return { titleChanged: before.title !== after.title, summaryChanged: (before.summary ?? '') !== (after.summary ?? ''), paragraphs };
}

const MAX_EXAMPLE_CHARS = 60;

/** "Titel geändert; 1 Absatz geändert: „480“ → „520“". */
export function describeChange(change: Change, lang: Lang): string {
  const de = lang === 'de';
  const parts: string[] = [];
  if (change.titleChanged) parts.push(de ? 'Titel geändert' : 'title changed');
  if (change.summaryChanged) parts.push(de ? 'Teaser geändert' : 'teaser changed');
  const changed = change.paragraphs.reduce((sum, group) => sum + Math.max(group.before.length, group.after.length), 0);
  if (changed > 0) {
    const count = de ? `${changed} ${changed === 1 ? 'Absatz' : 'Absätze'} geändert` : `${changed} ${changed === 1 ? 'paragraph' : 'paragraphs'} changed`;
    const example = firstWordChange(change);
    parts.push(example ? `${count}: ${example}` : count);
  }
  if (parts.length === 0) return de ? 'Formatierung geändert' : 'formatting changed';
  const sentence = parts.join('; ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** The first words replaced in the text, `„alt“ → „neu“`. */
function firstWordChange(change: Change): string | undefined {
  const group = change.paragraphs[0];
  if (!group) return undefined;
  const parts = diffWords(group.before.join(' '), group.after.join(' '));
  const at = parts.findIndex((part) => part.added || part.removed);
  if (at < 0) return undefined;
  const removed = parts[at]?.removed ? parts[at]!.value : '';
  const next = parts[at + (removed ? 1 : 0)];
  const added = next?.added ? next.value : '';
  const quote = (text: string): string => `„${shorten(text.trim())}“`;
  if (removed && added) return `${quote(removed)} → ${quote(added)}`;
  return removed ? `− ${quote(removed)}` : `+ ${quote(added)}`;
}

function shorten(text: string): string {
  return text.length > MAX_EXAMPLE_CHARS ? `${text.slice(0, MAX_EXAMPLE_CHARS).trimEnd()}…` : text;
}

/** Old and new text as one run of words, deleted in `<del>`, inserted in `<ins>`. */
export function wordDiffHtml(before: string, after: string): string {
  return diffWords(before, after)
    .map((part) => (part.removed ? `<del>${escapeHtml(part.value)}</del>` : part.added ? `<ins>${escapeHtml(part.value)}</ins>` : escapeHtml(part.value)))
    .join('');
}

/** The changed title and paragraphs as HTML. */
export function changeHtml(before: Version, after: Version, change: Change, labels: { title: string }): string {
  const blocks: string[] = [];
  if (change.titleChanged) blocks.push(`<p class="diff-title"><strong>${escapeHtml(labels.title)}:</strong> ${wordDiffHtml(before.title, after.title)}</p>`);
  if (change.summaryChanged) blocks.push(`<p class="diff">${wordDiffHtml(before.summary ?? '', after.summary ?? '')}</p>`);
  for (const group of change.paragraphs) blocks.push(`<p class="diff">${wordDiffHtml(group.before.join('\n'), group.after.join('\n'))}</p>`);
  return blocks.join('\n');
}

/** Each replaced version paired with the version that replaced it, newest correction first. */
export function corrections(current: Version, revisions: readonly Revision[]): { revision: Revision; before: Version; after: Version }[] {
  return revisions
    .map((revision, i) => ({ revision, before: revision as Version, after: (revisions[i + 1] as Version | undefined) ?? current }))
    .reverse();
}
