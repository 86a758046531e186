/** OPML 2.0 subscription list: the merged feed, every ministry feed and every tag feed. */
import { element, serializeXmlDocument, textElement, type XmlElement } from './xml-writer.js';

export const OPML_CONTENT_TYPE = 'text/x-opml; charset=utf-8';

export interface OpmlInput {
  baseUrl: string;
  ministries: { id: string; name: string }[];
  tags: { label: string; slug: string }[];
  /** RFC 822 date of the last store change (`dateModified`); never the clock. */
  dateModified: string;
}

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
        feedOutline('Hessische Landesregierung – Pressemitteilungen', baseUrl, '/feed'),
        element(
          'outline',
          { text: 'Ministerien', title: 'Ministerien' },
          input.ministries.map((m) => feedOutline(m.name, baseUrl, `/ministries/${m.id}`)),
        ),
        element(
          'outline',
          { text: 'Schlagworte', title: 'Schlagworte' },
          input.tags.map((t) => feedOutline(`Schlagwort: ${t.label}`, baseUrl, `/tags/${encodeURIComponent(t.slug)}`)),
        ),
      ]),
    ]),
  );
}
