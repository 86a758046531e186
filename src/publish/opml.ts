/**
 * OPML 2.0 subscription list: the merged feed and the ministry feeds, and the tag feeds someone
 * chose. Not every tag: a reader that imports the merged feed, twelve ministry feeds and three
 * hundred tag feeds shows every release many times over, and the list would grow without end.
 * The merged feed already holds what the ministry feeds do; the list says so (README too).
 */
import { element, serializeXmlDocument, textElement, type XmlElement } from './xml-writer.js';

export const OPML_CONTENT_TYPE = 'text/x-opml; charset=utf-8';

export interface OpmlInput {
  baseUrl: string;
  ministries: { id: string; name: string }[];
  /** The chosen tag feeds (`/opml?tags=…`); none by default. */
  tags: { label: string; slug: string }[];
  /** RFC 822 date of the last store change (`dateModified`); never the clock. */
  dateModified: string;
}

/** The folder's name says what a reader should know before importing both. */
const MINISTRIES_FOLDER = 'Ministerien (dieselben Meldungen wie der Gesamtfeed, nach Ministerium)';

function feedOutline(title: string, baseUrl: string, path: string): XmlElement {
  return element('outline', { type: 'rss', text: title, title, xmlUrl: `${baseUrl}${path}.atom`, htmlUrl: `${baseUrl}/` });
}

export function renderOpml(input: OpmlInput): string {
  const { baseUrl } = input;
  return serializeXmlDocument(
    element('opml', { version: '2.0' }, [
      element('head', {}, [
        textElement('title', 'Hessische Landesregierung – Pressemitteilungen (hessenfeed)'),
        textElement('dateModified', input.dateModified),
      ]),
      element('body', {}, [
        feedOutline('Hessische Landesregierung – Pressemitteilungen (alle Ministerien)', baseUrl, '/feed'),
        element(
          'outline',
          { text: MINISTRIES_FOLDER, title: MINISTRIES_FOLDER },
          input.ministries.map((m) => feedOutline(m.name, baseUrl, `/ministries/${m.id}`)),
        ),
        input.tags.length === 0
          ? undefined
          : element(
              'outline',
              { text: 'Schlagworte', title: 'Schlagworte' },
              input.tags.map((t) => feedOutline(`Schlagwort: ${t.label}`, baseUrl, `/tags/${encodeURIComponent(t.slug)}`)),
            ),
      ]),
    ]),
  );
}
