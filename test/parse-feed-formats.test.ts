/**
 * One shared suite for the feed formats: the same release written as RSS 2.0, RSS 1.0 (RDF) and
 * Atom 1.0 must give the same Entry, so nothing downstream can tell which format it came from.
 *
 * Each row is one release: its documents and the one Entry they must give. A new feed variant
 * (another way of writing a link, an id, a date or a body) is a new row. Where a format cannot
 * carry a field at all, the row names the field and the reason in `notCarried`, and the entry
 * from that format is expected without it; nothing else may differ. A rule that concerns only
 * some formats (or the older ones: RSS 0.90–0.92, Atom 0.3) gives only their documents and says
 * why in `onlyFormats`.
 *
 * The documents are written out in full except for the feed around the items (`rss2`, `rss1`,
 * `atom` below); a row whose variant lives in the feed element itself writes its own document.
 */
import { describe, expect, it } from 'vitest';
import type { Entry } from '../src/model/types.js';
import { parseFeed } from '../src/parse/index.js';

type Format = 'rss2' | 'rss1' | 'atom' | 'rss090' | 'rss091' | 'rss092' | 'atom03';
const FORMAT_NAMES: Record<Format, string> = {
  rss2: 'RSS 2.0',
  rss1: 'RSS 1.0',
  atom: 'Atom 1.0',
  rss090: 'RSS 0.90',
  rss091: 'RSS 0.91',
  rss092: 'RSS 0.92',
  atom03: 'Atom 0.3',
};

type MainFormat = 'rss2' | 'rss1' | 'atom';

/** The release in RSS 2.0, RSS 1.0 and Atom, or in the formats a rule concerns, saying why. */
type Documents =
  | { documents: Record<MainFormat, string>; onlyFormats?: never }
  | { documents: Partial<Record<Format, string>>; onlyFormats: string };

type SameRelease = Documents & {
  release: string;
  feedUrl: string;
  /** The response's Content-Location header, for rows about it. */
  contentLocation?: string;
  entry: Entry;
  /** Fields a format has no element for, with the reason; the entry from that format lacks them. */
  notCarried?: Partial<Record<Format, { fields: (keyof Entry)[]; why: string }>>;
};

/** An RSS 2.0 feed around the given `<item>`s, with the namespaces feeds commonly use. */
function rss2(items: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Pressemitteilungen</title><link>https://soziales.hessen.de/presse</link><description>Aktuelle Pressemitteilungen</description>
${items}
</channel></rss>`;
}

/** An RSS 1.0 feed around the given `<item rdf:about>`s; the channel lists them, as RSS 1.0 requires. */
function rss1(items: string): string {
  const abouts = [...items.matchAll(/<item rdf:about="([^"]*)"/g)].map((m) => `<rdf:li rdf:resource="${m[1]}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://soziales.hessen.de/presse/feed"><title>Pressemitteilungen</title><link>https://soziales.hessen.de/presse</link><description>Aktuelle Pressemitteilungen</description>
<items><rdf:Seq>${abouts.join('')}</rdf:Seq></items></channel>
${items}
</rdf:RDF>`;
}

/** An Atom 1.0 feed around the given `<entry>`s. */
function atom(entries: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
<title>Pressemitteilungen</title><id>tag:soziales.hessen.de,2024:presse</id><updated>2024-09-24T09:00:00+02:00</updated>
${entries}
</feed>`;
}

const FEED_URL = 'https://soziales.hessen.de/presse/feed';
const DATELINE = 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales';

/**
 * Atom requires <updated>, so a release dated once repeats its date there; RSS has no element of
 * its own for it (rows that give RSS one use the dc:modified extension).
 */
const ATOM_ALONE_REPEATS_THE_DATE: SameRelease['notCarried'] = {
  rss2: { fields: ['updated'], why: 'RSS 2.0 has no modification date of its own' },
  rss1: { fields: ['updated'], why: 'RSS 1.0 has no modification date of its own' },
};

/** A long body for the summary rule: the summary is its start, cut at a word. */
const LONG_BODY =
  '<p>Sozialministerin Heike Hofmann hat in Wiesbaden den Landesaktionsplan Pflege vorgestellt. Er bündelt die Maßnahmen der Landesregierung für pflegebedürftige Menschen, ihre Angehörigen und die Beschäftigten in der Pflege.</p>' +
  '<p>Im Mittelpunkt stehen die Ausbildung neuer Fachkräfte, die Entlastung pflegender Angehöriger durch mehr Beratung vor Ort und die Stärkung der ambulanten Versorgung im ländlichen Raum.</p>' +
  '<p>Für die kommenden zwei Jahre stellt das Land dafür zusätzlich 40 Millionen Euro bereit. Die Kommunen, die Pflegekassen und die Verbände der freien Wohlfahrtspflege haben an dem Plan mitgewirkt und tragen ihn mit.</p>';
const LONG_BODY_SUMMARY =
  'Sozialministerin Heike Hofmann hat in Wiesbaden den Landesaktionsplan Pflege vorgestellt. Er bündelt die Maßnahmen der Landesregierung für pflegebedürftige Menschen, ihre Angehörigen und die Beschäftigten in der Pflege. Im Mittelpunkt stehen die Ausbildung neuer Fachkräfte, die Entlastung pflegender Angehöriger durch mehr Beratung vor Ort und die Stärkung der ambulanten Versorgung im ländlichen Raum. Für die kommenden zwei Jahre stellt das Land dafür zusätzlich 40 Millionen Euro bereit. Die Kommunen, die Pflegekassen und die Verbände der freien Wohlfahrtspflege haben an dem Plan mitgewirkt …';

/** Internal entity declarations: one a character, one built from another. */
const DECLARED_ENTITIES = `
<!ENTITY ndash "&#8211;">
<!ENTITY soziales "Arbeit, Integration, Jugend und Soziales">
<!ENTITY ministerium "Hessisches Ministerium f&#252;r &soziales;">
`;

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const CASES: SameRelease[] = [
  {
    release: 'a release with every field: link, id, title, teaser, full text, both dates, issuing body, tags',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item>
<title>Integrationskonferenz konstituiert sich in Weiterstadt</title>
<link>https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt</link>
<guid isPermaLink="true">https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt</guid>
<pubDate>Mon, 23 Sep 2024 14:30:00 +0200</pubDate>
<dc:modified>2024-09-24T09:00:00+02:00</dc:modified>
<dc:publisher>${DATELINE}</dc:publisher>
<category>Integration</category><category>Frühkindliche Bildung</category><category>Rassismus</category>
<description>Unter dem Vorsitz von Ministerin Heike Hofmann hat sich die Hessische Integrationskonferenz konstituiert.</description>
<content:encoded><![CDATA[<p>Unter dem Vorsitz von Ministerin Heike Hofmann hat sich in Weiterstadt die Hessische Integrationskonferenz konstituiert.</p><h2>Integration ist eine gemeinschaftliche Aufgabe</h2>]]></content:encoded>
</item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt">
<title>Integrationskonferenz konstituiert sich in Weiterstadt</title>
<link>https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt</link>
<dc:date>2024-09-23T14:30:00+02:00</dc:date>
<dc:modified>2024-09-24T09:00:00+02:00</dc:modified>
<dc:publisher>${DATELINE}</dc:publisher>
<dc:subject>Integration</dc:subject><dc:subject>Frühkindliche Bildung</dc:subject><dc:subject>Rassismus</dc:subject>
<description>Unter dem Vorsitz von Ministerin Heike Hofmann hat sich die Hessische Integrationskonferenz konstituiert.</description>
<content:encoded><![CDATA[<p>Unter dem Vorsitz von Ministerin Heike Hofmann hat sich in Weiterstadt die Hessische Integrationskonferenz konstituiert.</p><h2>Integration ist eine gemeinschaftliche Aufgabe</h2>]]></content:encoded>
</item>`),
      atom: atom(`<entry>
<title>Integrationskonferenz konstituiert sich in Weiterstadt</title>
<link rel="alternate" type="text/html" href="https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt"/>
<id>https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt</id>
<published>2024-09-23T14:30:00+02:00</published>
<updated>2024-09-24T09:00:00+02:00</updated>
<author><name>${DATELINE}</name></author>
<category term="integration" label="Integration"/><category term="fruehkindliche-bildung" label="Frühkindliche Bildung"/><category term="Rassismus"/>
<summary>Unter dem Vorsitz von Ministerin Heike Hofmann hat sich die Hessische Integrationskonferenz konstituiert.</summary>
<content type="html">&lt;p&gt;Unter dem Vorsitz von Ministerin Heike Hofmann hat sich in Weiterstadt die Hessische Integrationskonferenz konstituiert.&lt;/p&gt;&lt;h2&gt;Integration ist eine gemeinschaftliche Aufgabe&lt;/h2&gt;</content>
</entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt',
      guid: 'https://soziales.hessen.de/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt',
      title: 'Integrationskonferenz konstituiert sich in Weiterstadt',
      summary: 'Unter dem Vorsitz von Ministerin Heike Hofmann hat sich die Hessische Integrationskonferenz konstituiert.',
      contentHtml:
        '<p>Unter dem Vorsitz von Ministerin Heike Hofmann hat sich in Weiterstadt die Hessische Integrationskonferenz konstituiert.</p><h2>Integration ist eine gemeinschaftliche Aufgabe</h2>',
      published: '2024-09-23T12:30:00.000Z',
      updated: '2024-09-24T07:00:00.000Z',
      dateline: DATELINE,
      tags: ['Integration', 'Frühkindliche Bildung', 'Rassismus'],
    },
  },
  {
    release: 'a release dated once: Atom repeats the date as <updated>, which RSS has no element for',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Landesprogramm WIR wird fortgesetzt</title>
<link>https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt</link>
<guid>https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt</guid>
<pubDate>Thu, 05 Sep 2024 08:00:00 GMT</pubDate>
<description>Kommunen erhalten auch im kommenden Jahr Fördermittel für ihre Integrationsarbeit vor Ort.</description></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt"><title>Landesprogramm WIR wird fortgesetzt</title>
<link>https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt</link>
<dc:date>2024-09-05T08:00:00Z</dc:date>
<description>Kommunen erhalten auch im kommenden Jahr Fördermittel für ihre Integrationsarbeit vor Ort.</description></item>`),
      atom: atom(`<entry><title>Landesprogramm WIR wird fortgesetzt</title>
<link href="https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt"/>
<id>https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt</id>
<published>2024-09-05T08:00:00Z</published><updated>2024-09-05T08:00:00Z</updated>
<summary>Kommunen erhalten auch im kommenden Jahr Fördermittel für ihre Integrationsarbeit vor Ort.</summary></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt',
      guid: 'https://soziales.hessen.de/presse/landesprogramm-wir-wird-fortgesetzt',
      title: 'Landesprogramm WIR wird fortgesetzt',
      // A teaser that stands alone is the content as well.
      summary: 'Kommunen erhalten auch im kommenden Jahr Fördermittel für ihre Integrationsarbeit vor Ort.',
      contentHtml: 'Kommunen erhalten auch im kommenden Jahr Fördermittel für ihre Integrationsarbeit vor Ort.',
      published: '2024-09-05T08:00:00.000Z',
      updated: '2024-09-05T08:00:00.000Z',
    },
    notCarried: ATOM_ALONE_REPEATS_THE_DATE,
  },
  {
    release: 'HTML in the teaser and the body: the summary is its plain text, the content stays HTML',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Hessischer Integrationspreis 2024 ausgeschrieben</title>
<link>https://soziales.hessen.de/presse/hessischer-integrationspreis-2024-ausgeschrieben</link>
<guid>https://soziales.hessen.de/presse/hessischer-integrationspreis-2024-ausgeschrieben</guid>
<pubDate>Thu, 12 Sep 2024 10:00:00 +0200</pubDate>
<description>&lt;p&gt;Bis zum &lt;strong&gt;31. Oktober&lt;/strong&gt; können sich Vereine bewerben.&lt;/p&gt;
&lt;p&gt;Das Preisgeld beträgt 10.000 Euro.&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Bis zum <strong>31. Oktober</strong> können sich Vereine bewerben.</p><ul><li>Zusammenhalt</li><li>Ehrenamt</li></ul><p><img src="https://soziales.hessen.de/files/preis.jpg" alt="Preisverleihung"></p>]]></content:encoded></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/hessischer-integrationspreis-2024-ausgeschrieben"><title>Hessischer Integrationspreis 2024 ausgeschrieben</title>
<link>https://soziales.hessen.de/presse/hessischer-integrationspreis-2024-ausgeschrieben</link>
<dc:date>2024-09-12T10:00:00+02:00</dc:date>
<description>&lt;p&gt;Bis zum &lt;strong&gt;31. Oktober&lt;/strong&gt; können sich Vereine bewerben.&lt;/p&gt;
&lt;p&gt;Das Preisgeld beträgt 10.000 Euro.&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Bis zum <strong>31. Oktober</strong> können sich Vereine bewerben.</p><ul><li>Zusammenhalt</li><li>Ehrenamt</li></ul><p><img src="https://soziales.hessen.de/files/preis.jpg" alt="Preisverleihung"></p>]]></content:encoded></item>`),
      atom: atom(`<entry><title>Hessischer Integrationspreis 2024 ausgeschrieben</title>
<link href="https://soziales.hessen.de/presse/hessischer-integrationspreis-2024-ausgeschrieben"/>
<id>https://soziales.hessen.de/presse/hessischer-integrationspreis-2024-ausgeschrieben</id>
<published>2024-09-12T10:00:00+02:00</published><updated>2024-09-12T10:00:00+02:00</updated>
<summary type="html">&lt;p&gt;Bis zum &lt;strong&gt;31. Oktober&lt;/strong&gt; können sich Vereine bewerben.&lt;/p&gt;
&lt;p&gt;Das Preisgeld beträgt 10.000 Euro.&lt;/p&gt;</summary>
<content type="html"><![CDATA[<p>Bis zum <strong>31. Oktober</strong> können sich Vereine bewerben.</p><ul><li>Zusammenhalt</li><li>Ehrenamt</li></ul><p><img src="https://soziales.hessen.de/files/preis.jpg" alt="Preisverleihung"></p>]]></content></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/hessischer-integrationspreis-2024-ausgeschrieben',
      guid: 'https://soziales.hessen.de/presse/hessischer-integrationspreis-2024-ausgeschrieben',
      title: 'Hessischer Integrationspreis 2024 ausgeschrieben',
      summary: 'Bis zum 31. Oktober können sich Vereine bewerben. Das Preisgeld beträgt 10.000 Euro.',
      contentHtml:
        '<p>Bis zum <strong>31. Oktober</strong> können sich Vereine bewerben.</p><ul><li>Zusammenhalt</li><li>Ehrenamt</li></ul><p><img src="https://soziales.hessen.de/files/preis.jpg" alt="Preisverleihung"></p>',
      published: '2024-09-12T08:00:00.000Z',
      updated: '2024-09-12T08:00:00.000Z',
    },
    notCarried: ATOM_ALONE_REPEATS_THE_DATE,
  },
  {
    release: 'relative links: the entry link is resolved against the feed URL; links inside the body are left for extraction',
    feedUrl: 'http://127.0.0.1:8080/presse/feed.xml',
    documents: {
      rss2: rss2(`<item><title>Kita-Fachkräfteoffensive gestartet</title>
<link>/presse/kita-fachkraefteoffensive</link>
<guid isPermaLink="false">http://127.0.0.1:8080/presse/kita-fachkraefteoffensive</guid>
<pubDate>Fri, 20 Sep 2024 09:00:00 +0200</pubDate>
<description>Die Landesregierung wirbt um &lt;a href="/themen/kita"&gt;Fachkräfte für Kitas&lt;/a&gt;.</description>
<content:encoded><![CDATA[<p>Mehr im <a href="/presse/kita-fachkraefteoffensive#text">vollständigen Text</a> und unter <a href="../themen/kita">Kita</a>.</p>]]></content:encoded></item>`),
      rss1: rss1(`<item rdf:about="http://127.0.0.1:8080/presse/kita-fachkraefteoffensive"><title>Kita-Fachkräfteoffensive gestartet</title>
<link>/presse/kita-fachkraefteoffensive</link>
<dc:date>2024-09-20T09:00:00+02:00</dc:date>
<description>Die Landesregierung wirbt um &lt;a href="/themen/kita"&gt;Fachkräfte für Kitas&lt;/a&gt;.</description>
<content:encoded><![CDATA[<p>Mehr im <a href="/presse/kita-fachkraefteoffensive#text">vollständigen Text</a> und unter <a href="../themen/kita">Kita</a>.</p>]]></content:encoded></item>`),
      atom: atom(`<entry><title>Kita-Fachkräfteoffensive gestartet</title>
<link rel="alternate" href="/presse/kita-fachkraefteoffensive"/>
<id>http://127.0.0.1:8080/presse/kita-fachkraefteoffensive</id>
<published>2024-09-20T09:00:00+02:00</published><updated>2024-09-20T09:00:00+02:00</updated>
<summary type="html">Die Landesregierung wirbt um &lt;a href="/themen/kita"&gt;Fachkräfte für Kitas&lt;/a&gt;.</summary>
<content type="html"><![CDATA[<p>Mehr im <a href="/presse/kita-fachkraefteoffensive#text">vollständigen Text</a> und unter <a href="../themen/kita">Kita</a>.</p>]]></content></entry>`),
    },
    entry: {
      url: 'http://127.0.0.1:8080/presse/kita-fachkraefteoffensive',
      guid: 'http://127.0.0.1:8080/presse/kita-fachkraefteoffensive',
      title: 'Kita-Fachkräfteoffensive gestartet',
      summary: 'Die Landesregierung wirbt um Fachkräfte für Kitas.',
      // Unsanitized as the feed carried it; sanitizing (which makes links absolute) comes later.
      contentHtml: '<p>Mehr im <a href="/presse/kita-fachkraefteoffensive#text">vollständigen Text</a> und unter <a href="../themen/kita">Kita</a>.</p>',
      published: '2024-09-20T07:00:00.000Z',
      updated: '2024-09-20T07:00:00.000Z',
    },
    notCarried: ATOM_ALONE_REPEATS_THE_DATE,
  },
  {
    release: 'a date without a time of day: midnight in Berlin',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Ehrenamtskarte feiert Jubiläum</title>
<link>https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum</link>
<guid>https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum</guid>
<pubDate>Fri, 20 Sep 2024</pubDate></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum"><title>Ehrenamtskarte feiert Jubiläum</title>
<link>https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum</link>
<dc:date>2024-09-20</dc:date></item>`),
      atom: atom(`<entry><title>Ehrenamtskarte feiert Jubiläum</title>
<link href="https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum"/>
<id>https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum</id>
<published>2024-09-20</published><updated>2024-09-20</updated></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum',
      guid: 'https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum',
      title: 'Ehrenamtskarte feiert Jubiläum',
      published: '2024-09-19T22:00:00.000Z',
      updated: '2024-09-19T22:00:00.000Z',
    },
    notCarried: ATOM_ALONE_REPEATS_THE_DATE,
  },
  {
    release: 'only a modification date: the release counts as published then',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Pflegebericht vorgelegt</title>
<link>https://soziales.hessen.de/presse/pflegebericht</link>
<guid>https://soziales.hessen.de/presse/pflegebericht</guid>
<dc:modified>2024-09-20T10:00:00+02:00</dc:modified></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/pflegebericht"><title>Pflegebericht vorgelegt</title>
<link>https://soziales.hessen.de/presse/pflegebericht</link>
<dc:modified>2024-09-20T10:00:00+02:00</dc:modified></item>`),
      atom: atom(`<entry><title>Pflegebericht vorgelegt</title>
<link href="https://soziales.hessen.de/presse/pflegebericht"/>
<id>https://soziales.hessen.de/presse/pflegebericht</id>
<updated>2024-09-20T10:00:00+02:00</updated></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/pflegebericht',
      guid: 'https://soziales.hessen.de/presse/pflegebericht',
      title: 'Pflegebericht vorgelegt',
      published: '2024-09-20T08:00:00.000Z',
      updated: '2024-09-20T08:00:00.000Z',
    },
  },
  {
    release: 'the link only in the identifier (a permalink GUID, rdf:about, an http Atom id)',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Nur eine GUID als Permalink</title>
<guid>https://soziales.hessen.de/presse/nur-guid-als-permalink</guid>
<pubDate>Wed, 04 Sep 2024 10:00:00 +0200</pubDate></item>`),
      // RSS 1.0 requires <link>; feeds leave it out anyway.
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/nur-guid-als-permalink"><title>Nur eine GUID als Permalink</title>
<dc:date>2024-09-04T10:00:00+02:00</dc:date></item>`),
      atom: atom(`<entry><title>Nur eine GUID als Permalink</title>
<id>https://soziales.hessen.de/presse/nur-guid-als-permalink</id>
<published>2024-09-04T10:00:00+02:00</published><updated>2024-09-04T10:00:00+02:00</updated></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/nur-guid-als-permalink',
      guid: 'https://soziales.hessen.de/presse/nur-guid-als-permalink',
      title: 'Nur eine GUID als Permalink',
      published: '2024-09-04T08:00:00.000Z',
      updated: '2024-09-04T08:00:00.000Z',
    },
    notCarried: ATOM_ALONE_REPEATS_THE_DATE,
  },
  {
    release: 'a release without any date (Atom requires <updated>; feeds leave it out anyway)',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Sprechstunde der Ministerin</title>
<link>https://soziales.hessen.de/presse/sprechstunde</link>
<guid>https://soziales.hessen.de/presse/sprechstunde</guid>
<description>Bürgerinnen und Bürger können sich anmelden.</description></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/sprechstunde"><title>Sprechstunde der Ministerin</title>
<link>https://soziales.hessen.de/presse/sprechstunde</link>
<description>Bürgerinnen und Bürger können sich anmelden.</description></item>`),
      atom: atom(`<entry><title>Sprechstunde der Ministerin</title>
<link href="https://soziales.hessen.de/presse/sprechstunde"/>
<id>https://soziales.hessen.de/presse/sprechstunde</id>
<summary>Bürgerinnen und Bürger können sich anmelden.</summary></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/sprechstunde',
      guid: 'https://soziales.hessen.de/presse/sprechstunde',
      title: 'Sprechstunde der Ministerin',
      summary: 'Bürgerinnen und Bürger können sich anmelden.',
      contentHtml: 'Bürgerinnen und Bürger können sich anmelden.',
    },
  },
  {
    release: 'entities and CDATA: named, numeric and hexadecimal references and CDATA sections read as the same text',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title><![CDATA[Arbeit & Soziales: „Hessen hält zusammen“]]></title>
<link>https://soziales.hessen.de/presse/hessen-haelt-zusammen?ref=feed&amp;lang=de</link>
<guid>https://soziales.hessen.de/presse/hessen-haelt-zusammen?ref=feed&amp;lang=de</guid>
<pubDate>Tue, 01 Oct 2024 12:00:00 +0200</pubDate>
<dc:creator>Hessisches Ministerium f&#252;r Arbeit, Integration, Jugend und Soziales</dc:creator>
<category>Familie &amp; Jugend</category>
<description><![CDATA[Ministerin Hofmann: „Zusammenhalt &amp; Vielfalt“ – 5 &lt; 10.]]></description></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/hessen-haelt-zusammen?ref=feed&amp;lang=de"><title>Arbeit &amp; Soziales: &#8222;Hessen h&#228;lt zusammen&#8220;</title>
<link>https://soziales.hessen.de/presse/hessen-haelt-zusammen?ref=feed&amp;lang=de</link>
<dc:date>2024-10-01T12:00:00+02:00</dc:date>
<dc:creator>Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales</dc:creator>
<dc:subject><![CDATA[Familie & Jugend]]></dc:subject>
<description>Ministerin Hofmann: &#x201E;Zusammenhalt &amp;amp; Vielfalt&#x201C; &#x2013; 5 &amp;lt; 10.</description></item>`),
      atom: atom(`<entry><title type="text">Arbeit &amp; Soziales: &#x201E;Hessen hält zusammen&#x201C;</title>
<link href="https://soziales.hessen.de/presse/hessen-haelt-zusammen?ref=feed&amp;lang=de"/>
<id>https://soziales.hessen.de/presse/hessen-haelt-zusammen?ref=feed&amp;lang=de</id>
<published>2024-10-01T12:00:00+02:00</published><updated>2024-10-01T12:00:00+02:00</updated>
<author><name>Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales</name></author>
<category term="familie-jugend" label="Familie &amp; Jugend"/>
<summary type="html"><![CDATA[Ministerin Hofmann: „Zusammenhalt &amp; Vielfalt“ – 5 &lt; 10.]]></summary></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/hessen-haelt-zusammen?ref=feed&lang=de',
      guid: 'https://soziales.hessen.de/presse/hessen-haelt-zusammen?ref=feed&lang=de',
      title: 'Arbeit & Soziales: „Hessen hält zusammen“',
      summary: 'Ministerin Hofmann: „Zusammenhalt & Vielfalt“ – 5 < 10.',
      contentHtml: 'Ministerin Hofmann: „Zusammenhalt &amp; Vielfalt“ – 5 &lt; 10.',
      published: '2024-10-01T10:00:00.000Z',
      updated: '2024-10-01T10:00:00.000Z',
      dateline: DATELINE,
      tags: ['Familie & Jugend'],
    },
    notCarried: ATOM_ALONE_REPEATS_THE_DATE,
  },
  // ── Which link is the article ──────────────────────────────────────────────────────────────
  {
    release: 'licence, enclosure, related, self and via links are not the article: the link without rel is',
    onlyFormats: 'only Atom links carry a relation (rel); an RSS item has its one <link>',
    feedUrl: FEED_URL,
    documents: {
      atom: atom(`<entry><title>Kita-Gipfel in Wiesbaden</title>
<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/>
<link rel="enclosure" type="application/pdf" href="https://soziales.hessen.de/files/kita-gipfel.pdf"/>
<link rel="related" href="https://soziales.hessen.de/themen/kita"/>
<link rel="self" type="application/atom+xml" href="https://soziales.hessen.de/presse/kita-gipfel.atom"/>
<link rel="via" href="https://www.hessen.de/presse/kita-gipfel"/>
<link href="https://soziales.hessen.de/presse/kita-gipfel"/>
<id>tag:soziales.hessen.de,2024:presse-4711</id></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/kita-gipfel',
      guid: 'tag:soziales.hessen.de,2024:presse-4711',
      title: 'Kita-Gipfel in Wiesbaden',
    },
  },
  {
    release: 'an alternate link to the page before alternates of other types (a PDF), rel written as the IANA URI too',
    onlyFormats: 'only Atom links carry a relation and a type',
    feedUrl: FEED_URL,
    documents: {
      atom: atom(`<entry><title>Kita-Gipfel in Wiesbaden</title>
<link rel="alternate" type="application/pdf" href="https://soziales.hessen.de/files/kita-gipfel.pdf"/>
<link rel="http://www.iana.org/assignments/relation/alternate" type="text/html" href="https://soziales.hessen.de/presse/kita-gipfel"/>
<id>tag:soziales.hessen.de,2024:presse-4711</id></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/kita-gipfel',
      guid: 'tag:soziales.hessen.de,2024:presse-4711',
      title: 'Kita-Gipfel in Wiesbaden',
    },
  },
  {
    release: 'an entry without an article address is left out, never given a wrong one (a non-permalink GUID, a licence link, an id that is no address)',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Interne Meldung</title><guid isPermaLink="false">https://soziales.hessen.de/node/4711</guid></item>
<item><title>Pflegebericht vorgelegt</title><link>https://soziales.hessen.de/presse/pflegebericht</link>
<guid>https://soziales.hessen.de/presse/pflegebericht</guid></item>`),
      rss1: rss1(`<item rdf:about="urn:hessen:soziales:4711"><title>Interne Meldung</title></item>
<item rdf:about="https://soziales.hessen.de/presse/pflegebericht"><title>Pflegebericht vorgelegt</title>
<link>https://soziales.hessen.de/presse/pflegebericht</link></item>`),
      atom: atom(`<entry><title>Interne Meldung</title><link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/><id>urn:hessen:soziales:4711</id></entry>
<entry><title>Pflegebericht vorgelegt</title><link href="https://soziales.hessen.de/presse/pflegebericht"/>
<id>https://soziales.hessen.de/presse/pflegebericht</id></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/pflegebericht',
      guid: 'https://soziales.hessen.de/presse/pflegebericht',
      title: 'Pflegebericht vorgelegt',
    },
  },
  {
    release: 'the link written as element text or in href, in RSS as in Atom',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Ehrenamtskarte feiert Jubiläum</title>
<link href="https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum"/>
<guid isPermaLink="false">urn:hessen:soziales:presse-4712</guid></item>`),
      rss1: rss1(`<item rdf:about="urn:hessen:soziales:presse-4712"><title>Ehrenamtskarte feiert Jubiläum</title>
<link>https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum</link></item>`),
      atom: atom(`<entry><title>Ehrenamtskarte feiert Jubiläum</title>
<link>https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum</link>
<id>urn:hessen:soziales:presse-4712</id></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/ehrenamtskarte-jubilaeum',
      guid: 'urn:hessen:soziales:presse-4712',
      title: 'Ehrenamtskarte feiert Jubiläum',
    },
  },
  // ── Titles and text constructs ─────────────────────────────────────────────────────────────
  {
    release: 'a title with inline markup is plain text built from all of its text (RSS markup, escaped HTML, Atom XHTML)',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Neue <b>Kita</b>-Richtlinie tritt in Kraft</title>
<link>https://soziales.hessen.de/presse/kita-richtlinie</link><guid>https://soziales.hessen.de/presse/kita-richtlinie</guid></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/kita-richtlinie"><title>Neue &lt;b&gt;Kita&lt;/b&gt;-Richtlinie tritt in Kraft</title>
<link>https://soziales.hessen.de/presse/kita-richtlinie</link></item>`),
      atom: atom(`<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Neue <b>Kita</b>-Richtlinie tritt in Kraft</div></title>
<link href="https://soziales.hessen.de/presse/kita-richtlinie"/><id>https://soziales.hessen.de/presse/kita-richtlinie</id></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/kita-richtlinie',
      guid: 'https://soziales.hessen.de/presse/kita-richtlinie',
      title: 'Neue Kita-Richtlinie tritt in Kraft',
    },
  },
  {
    release: 'an Atom title of the default type text with markup written inside it is all of its text',
    onlyFormats: 'Atom titles have a type; RSS titles are HTML by custom (the row above)',
    feedUrl: FEED_URL,
    documents: {
      atom: atom(`<entry><title>Neue <b>Kita</b>-Richtlinie <i>tritt</i> <span>in Kraft</span></title>
<link href="https://soziales.hessen.de/presse/kita-richtlinie"/><id>https://soziales.hessen.de/presse/kita-richtlinie</id></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/kita-richtlinie',
      guid: 'https://soziales.hessen.de/presse/kita-richtlinie',
      title: 'Neue Kita-Richtlinie tritt in Kraft',
    },
  },
  {
    release: 'text that only looks like markup stays text: Atom type="text", escaped twice in RSS',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Schreibregeln: &amp;lt;b&amp;gt; &amp;amp; &amp;lt;i&amp;gt; im Amtsblatt</title>
<link>https://soziales.hessen.de/presse/schreibregeln</link><guid>https://soziales.hessen.de/presse/schreibregeln</guid>
<description>Regel: &amp;lt;b&amp;gt; ist kein Fettdruck &amp;amp; 5 &amp;lt; 10</description></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/schreibregeln"><title>Schreibregeln: &amp;lt;b&amp;gt; &amp;amp; &amp;lt;i&amp;gt; im Amtsblatt</title>
<link>https://soziales.hessen.de/presse/schreibregeln</link>
<description><![CDATA[Regel: &lt;b&gt; ist kein Fettdruck &amp; 5 &lt; 10]]></description></item>`),
      atom: atom(`<entry><title type="text">Schreibregeln: &lt;b&gt; &amp; &lt;i&gt; im Amtsblatt</title>
<link href="https://soziales.hessen.de/presse/schreibregeln"/><id>https://soziales.hessen.de/presse/schreibregeln</id>
<summary type="text">Regel: &lt;b&gt; ist kein Fettdruck &amp; 5 &lt; 10</summary></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/schreibregeln',
      guid: 'https://soziales.hessen.de/presse/schreibregeln',
      title: 'Schreibregeln: <b> & <i> im Amtsblatt',
      summary: 'Regel: <b> ist kein Fettdruck & 5 < 10',
      contentHtml: 'Regel: &lt;b&gt; ist kein Fettdruck &amp; 5 &lt; 10',
    },
  },
  {
    release: 'XHTML teaser and body: Atom type="xhtml" (its wrapping <div> left out) is the same HTML as RSS escapes',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Ganztag kommt</title>
<link>https://kultus.hessen.de/presse/ganztag-kommt</link><guid>https://kultus.hessen.de/presse/ganztag-kommt</guid>
<description>Der &lt;em&gt;Ganztag&lt;/em&gt; kommt.</description>
<content:encoded><![CDATA[<p>Der <strong>Ganztag</strong> kommt 2026.</p><p>Mehr unter <a href="https://kultus.hessen.de/ganztag">Ganztag</a> &amp; Schule.</p>]]></content:encoded></item>`),
      rss1: rss1(`<item rdf:about="https://kultus.hessen.de/presse/ganztag-kommt"><title>Ganztag kommt</title>
<link>https://kultus.hessen.de/presse/ganztag-kommt</link>
<description>Der &lt;em&gt;Ganztag&lt;/em&gt; kommt.</description>
<content:encoded>&lt;p&gt;Der &lt;strong&gt;Ganztag&lt;/strong&gt; kommt 2026.&lt;/p&gt;&lt;p&gt;Mehr unter &lt;a href="https://kultus.hessen.de/ganztag"&gt;Ganztag&lt;/a&gt; &amp;amp; Schule.&lt;/p&gt;</content:encoded></item>`),
      atom: atom(`<entry><title>Ganztag kommt</title>
<link href="https://kultus.hessen.de/presse/ganztag-kommt"/><id>https://kultus.hessen.de/presse/ganztag-kommt</id>
<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Der <em>Ganztag</em> kommt.</div></summary>
<content type="xhtml">
  <div xmlns="http://www.w3.org/1999/xhtml"><p>Der <strong>Ganztag</strong> kommt 2026.</p><p>Mehr unter <a href="https://kultus.hessen.de/ganztag">Ganztag</a> &amp; Schule.</p></div>
</content></entry>`),
    },
    entry: {
      url: 'https://kultus.hessen.de/presse/ganztag-kommt',
      guid: 'https://kultus.hessen.de/presse/ganztag-kommt',
      title: 'Ganztag kommt',
      summary: 'Der Ganztag kommt.',
      contentHtml: '<p>Der <strong>Ganztag</strong> kommt 2026.</p><p>Mehr unter <a href="https://kultus.hessen.de/ganztag">Ganztag</a> &amp; Schule.</p>',
    },
  },
  {
    release: 'a body without a teaser: the summary is the start of the body, in every format alike',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Landesaktionsplan Pflege vorgestellt</title>
<link>https://soziales.hessen.de/presse/aktionsplan-pflege</link><guid>https://soziales.hessen.de/presse/aktionsplan-pflege</guid>
<content:encoded><![CDATA[${LONG_BODY}]]></content:encoded></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/aktionsplan-pflege"><title>Landesaktionsplan Pflege vorgestellt</title>
<link>https://soziales.hessen.de/presse/aktionsplan-pflege</link>
<content:encoded><![CDATA[${LONG_BODY}]]></content:encoded></item>`),
      atom: atom(`<entry><title>Landesaktionsplan Pflege vorgestellt</title>
<link href="https://soziales.hessen.de/presse/aktionsplan-pflege"/><id>https://soziales.hessen.de/presse/aktionsplan-pflege</id>
<content type="html"><![CDATA[${LONG_BODY}]]></content></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/aktionsplan-pflege',
      guid: 'https://soziales.hessen.de/presse/aktionsplan-pflege',
      title: 'Landesaktionsplan Pflege vorgestellt',
      summary: LONG_BODY_SUMMARY,
      contentHtml: LONG_BODY,
    },
  },
  // ── Bodies elsewhere and encoded ───────────────────────────────────────────────────────────
  {
    release: 'a base64 body and title (mode="base64", Atom 0.3) are decoded, with Atom 0.3 dates',
    onlyFormats: 'only Atom 0.3 has mode="base64"',
    feedUrl: FEED_URL,
    documents: {
      atom03: `<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="de">
<title>Pressemitteilungen</title><modified>2024-09-24T09:00:00+02:00</modified>
<entry><title type="text/plain" mode="base64">${base64('Pflege & Familie: „Zeit für Angehörige“')}</title>
<link rel="alternate" type="text/html" href="https://soziales.hessen.de/presse/zeit-fuer-angehoerige"/>
<id>tag:soziales.hessen.de,2024:presse-4713</id>
<issued>2024-09-23T14:30:00+02:00</issued><modified>2024-09-24T09:00:00+02:00</modified>
<summary type="text/plain">Pflegende Angehörige erhalten mehr Beratung.</summary>
<content type="text/html" mode="base64">
${base64('<p>Pflegende <strong>Angehörige</strong> erhalten mehr Beratung.</p>')}
</content></entry></feed>`,
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/zeit-fuer-angehoerige',
      guid: 'tag:soziales.hessen.de,2024:presse-4713',
      title: 'Pflege & Familie: „Zeit für Angehörige“',
      summary: 'Pflegende Angehörige erhalten mehr Beratung.',
      contentHtml: '<p>Pflegende <strong>Angehörige</strong> erhalten mehr Beratung.</p>',
      published: '2024-09-23T12:30:00.000Z',
      updated: '2024-09-24T07:00:00.000Z',
    },
  },
  {
    release: 'the body as XHTML inside the item (xhtml:body, or body in the XHTML namespace)',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Pflegereform beschlossen</title>
<link>https://soziales.hessen.de/presse/pflegereform</link><guid>https://soziales.hessen.de/presse/pflegereform</guid>
<xhtml:body xmlns:xhtml="http://www.w3.org/1999/xhtml"><xhtml:p>Die <xhtml:strong>Pflegereform</xhtml:strong> ist beschlossen.<xhtml:br/>Sie gilt ab Januar.</xhtml:p></xhtml:body></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/pflegereform"><title>Pflegereform beschlossen</title>
<link>https://soziales.hessen.de/presse/pflegereform</link>
<body xmlns="http://www.w3.org/1999/xhtml"><p>Die <strong>Pflegereform</strong> ist beschlossen.<br/>Sie gilt ab Januar.</p></body></item>`),
      atom: atom(`<entry><title>Pflegereform beschlossen</title>
<link href="https://soziales.hessen.de/presse/pflegereform"/><id>https://soziales.hessen.de/presse/pflegereform</id>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Die <strong>Pflegereform</strong> ist beschlossen.<br/>Sie gilt ab Januar.</p></div></content></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/pflegereform',
      guid: 'https://soziales.hessen.de/presse/pflegereform',
      title: 'Pflegereform beschlossen',
      summary: 'Die Pflegereform ist beschlossen. Sie gilt ab Januar.',
      contentHtml: '<p>Die <strong>Pflegereform</strong> ist beschlossen.<br>Sie gilt ab Januar.</p>',
    },
  },
  {
    release: 'the teaser in dc:description',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Familienkarte erweitert</title>
<link>https://familie.hessen.de/presse/familienkarte</link><guid>https://familie.hessen.de/presse/familienkarte</guid>
<dc:description>Mehr Partner &lt;b&gt;landesweit&lt;/b&gt; dabei.</dc:description></item>`),
      rss1: rss1(`<item rdf:about="https://familie.hessen.de/presse/familienkarte"><title>Familienkarte erweitert</title>
<link>https://familie.hessen.de/presse/familienkarte</link>
<dc:description>Mehr Partner &lt;b&gt;landesweit&lt;/b&gt; dabei.</dc:description></item>`),
      atom: atom(`<entry><title>Familienkarte erweitert</title>
<link href="https://familie.hessen.de/presse/familienkarte"/><id>https://familie.hessen.de/presse/familienkarte</id>
<summary type="html">Mehr Partner &lt;b&gt;landesweit&lt;/b&gt; dabei.</summary></entry>`),
    },
    entry: {
      url: 'https://familie.hessen.de/presse/familienkarte',
      guid: 'https://familie.hessen.de/presse/familienkarte',
      title: 'Familienkarte erweitert',
      summary: 'Mehr Partner landesweit dabei.',
      contentHtml: 'Mehr Partner <b>landesweit</b> dabei.',
    },
  },
  {
    release: 'the teaser in media:group/media:description (plain text by default)',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Video: Pflege und Familie</title>
<link>https://soziales.hessen.de/presse/video-pflege</link><guid>https://soziales.hessen.de/presse/video-pflege</guid>
<media:group xmlns:media="http://search.yahoo.com/mrss/"><media:title>Pflege und Familie</media:title>
<media:content url="https://soziales.hessen.de/files/pflege.mp4" type="video/mp4"/>
<media:description>Ministerin Hofmann über Pflege &amp; Familie &lt;3</media:description></media:group></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse/video-pflege"><title>Video: Pflege und Familie</title>
<link>https://soziales.hessen.de/presse/video-pflege</link>
<media:group xmlns:media="http://search.yahoo.com/mrss/"><media:description type="plain">Ministerin Hofmann über Pflege &amp; Familie &lt;3</media:description></media:group></item>`),
      atom: atom(`<entry><title>Video: Pflege und Familie</title>
<link href="https://soziales.hessen.de/presse/video-pflege"/><id>https://soziales.hessen.de/presse/video-pflege</id>
<media:group xmlns:media="http://search.yahoo.com/mrss/"><media:title>Pflege und Familie</media:title>
<media:description>Ministerin Hofmann über Pflege &amp; Familie &lt;3</media:description></media:group></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/video-pflege',
      guid: 'https://soziales.hessen.de/presse/video-pflege',
      title: 'Video: Pflege und Familie',
      summary: 'Ministerin Hofmann über Pflege & Familie <3',
      contentHtml: 'Ministerin Hofmann über Pflege &amp; Familie &lt;3',
    },
  },
  // ── Relative links ─────────────────────────────────────────────────────────────────────────
  {
    release: "an item's xml:base: its link and the links in its body resolve against it",
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item xml:base="https://soziales.hessen.de/presse/2024/"><title>Integrationspreis verliehen</title>
<link>integrationspreis</link><guid isPermaLink="false">presse-4714</guid>
<content:encoded><![CDATA[<p>Die <a href="../../themen/integration">Preisträger</a> und <img src="bilder/preis.jpg" alt="Preis"></p>]]></content:encoded></item>`),
      rss1: rss1(`<item rdf:about="presse-4714" xml:base="https://soziales.hessen.de/presse/2024/"><title>Integrationspreis verliehen</title>
<link>integrationspreis</link>
<content:encoded><![CDATA[<p>Die <a href="../../themen/integration">Preisträger</a> und <img src="bilder/preis.jpg" alt="Preis"></p>]]></content:encoded></item>`),
      atom: atom(`<entry xml:base="https://soziales.hessen.de/presse/2024/"><title>Integrationspreis verliehen</title>
<link href="integrationspreis"/><id>presse-4714</id>
<content type="html"><![CDATA[<p>Die <a href="../../themen/integration">Preisträger</a> und <img src="bilder/preis.jpg" alt="Preis"></p>]]></content></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/2024/integrationspreis',
      guid: 'presse-4714',
      title: 'Integrationspreis verliehen',
      summary: 'Die Preisträger und',
      contentHtml: '<p>Die <a href="https://soziales.hessen.de/themen/integration">Preisträger</a> und <img src="https://soziales.hessen.de/presse/2024/bilder/preis.jpg" alt="Preis"></p>',
    },
  },
  {
    release: 'xml:base on the root and again, relative to it, on the channel or entry',
    feedUrl: 'https://www.hessen.de/feeds/soziales.xml',
    documents: {
      rss2: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xml:base="https://soziales.hessen.de/">
<channel xml:base="presse/"><title>Pressemitteilungen</title><link>.</link><description>Presse</description>
<item><title>Fachkräfte für Kitas</title><link>fachkraefte-kitas</link><guid isPermaLink="false">presse-4715</guid></item>
</channel></rss>`,
      rss1: `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xml:base="https://soziales.hessen.de/">
<channel rdf:about="presse/feed"><title>Pressemitteilungen</title><link>presse/</link><description>Presse</description>
<items><rdf:Seq><rdf:li rdf:resource="presse-4715"/></rdf:Seq></items></channel>
<item rdf:about="presse-4715" xml:base="presse/"><title>Fachkräfte für Kitas</title><link>fachkraefte-kitas</link></item>
</rdf:RDF>`,
      atom: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://soziales.hessen.de/">
<title>Pressemitteilungen</title><id>tag:soziales.hessen.de,2024:presse</id><updated>2024-09-24T09:00:00+02:00</updated>
<entry xml:base="presse/"><title>Fachkräfte für Kitas</title><link href="fachkraefte-kitas"/><id>presse-4715</id></entry>
</feed>`,
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/fachkraefte-kitas',
      guid: 'presse-4715',
      title: 'Fachkräfte für Kitas',
    },
  },
  {
    release: "the response's Content-Location is the base of the feed's relative links",
    feedUrl: 'https://soziales.hessen.de/feed',
    contentLocation: '/presse/2024/feed.xml',
    documents: {
      rss2: rss2(`<item><title>Fachkräfte für Kitas</title><link>fachkraefte-kitas</link><guid isPermaLink="false">presse-4715</guid></item>`),
      rss1: rss1(`<item rdf:about="presse-4715"><title>Fachkräfte für Kitas</title><link>fachkraefte-kitas</link></item>`),
      atom: atom(`<entry><title>Fachkräfte für Kitas</title><link href="fachkraefte-kitas"/><id>presse-4715</id></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/2024/fachkraefte-kitas',
      guid: 'presse-4715',
      title: 'Fachkräfte für Kitas',
    },
  },
  // ── Feeds once refused ─────────────────────────────────────────────────────────────────────
  {
    release: 'an <rss> root without a version attribute is RSS 2.0',
    onlyFormats: 'the version attribute is on the root of RSS 0.9x and 2.0 only',
    feedUrl: FEED_URL,
    documents: {
      rss2: `<?xml version="1.0" encoding="UTF-8"?>
<rss><channel><title>Pressemitteilungen</title><link>https://soziales.hessen.de/presse</link><description>Presse</description>
<item><title>Pflegebericht vorgelegt</title><link>https://soziales.hessen.de/presse/pflegebericht</link>
<guid>https://soziales.hessen.de/presse/pflegebericht</guid><pubDate>Fri, 20 Sep 2024 10:00:00 +0200</pubDate></item>
</channel></rss>`,
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/pflegebericht',
      guid: 'https://soziales.hessen.de/presse/pflegebericht',
      title: 'Pflegebericht vorgelegt',
      published: '2024-09-20T08:00:00.000Z',
    },
  },
  {
    release: 'RSS 0.90 (RDF), 0.91 with the Netscape DOCTYPE and its HTML entities, 0.92',
    onlyFormats: 'the older RSS versions',
    feedUrl: FEED_URL,
    documents: {
      rss090: `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
<channel><title>Pressemitteilungen</title><link>https://soziales.hessen.de/presse</link><description>Presse</description></channel>
<item><title>Gr&#252;&#223;e aus Wiesbaden &#8211; Tag der offenen T&#252;r</title><link>https://soziales.hessen.de/presse/tag-der-offenen-tuer</link></item>
</rdf:RDF>`,
      rss091: `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Pressemitteilungen</title><link>https://soziales.hessen.de/presse</link><description>Presse</description><language>de</language>
<item><title>Gr&uuml;&szlig;e aus Wiesbaden &ndash; Tag der offenen T&uuml;r</title><link>https://soziales.hessen.de/presse/tag-der-offenen-tuer</link></item>
</channel></rss>`,
      rss092: `<?xml version="1.0"?>
<rss version="0.92"><channel><title>Pressemitteilungen</title><link>https://soziales.hessen.de/presse</link><description>Presse</description>
<item><title>Grüße aus Wiesbaden – Tag der offenen Tür</title><link>https://soziales.hessen.de/presse/tag-der-offenen-tuer</link></item>
</channel></rss>`,
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/tag-der-offenen-tuer',
      title: 'Grüße aus Wiesbaden – Tag der offenen Tür',
    },
  },
  {
    release: 'a namespace-prefixed root, and the elements of its format with the same prefix',
    feedUrl: FEED_URL,
    documents: {
      rss2: `<?xml version="1.0" encoding="UTF-8"?>
<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0" xmlns:d="http://purl.org/dc/elements/1.1/"><r:channel><r:title>Presse</r:title><r:link>https://soziales.hessen.de/presse</r:link><r:description>Presse</r:description>
<r:item><r:title>Pflegebericht vorgelegt</r:title><r:link>https://soziales.hessen.de/presse/pflegebericht</r:link>
<r:guid>https://soziales.hessen.de/presse/pflegebericht</r:guid><d:publisher>${DATELINE}</d:publisher></r:item>
</r:channel></r:rss>`,
      rss1: `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/" xmlns:d="http://purl.org/dc/elements/1.1/">
<rss:channel rdf:about="https://soziales.hessen.de/presse/feed"><rss:title>Presse</rss:title><rss:link>https://soziales.hessen.de/presse</rss:link><rss:description>Presse</rss:description></rss:channel>
<rss:item rdf:about="https://soziales.hessen.de/presse/pflegebericht"><rss:title>Pflegebericht vorgelegt</rss:title>
<rss:link>https://soziales.hessen.de/presse/pflegebericht</rss:link><d:publisher>${DATELINE}</d:publisher></rss:item>
</rdf:RDF>`,
      atom: `<?xml version="1.0" encoding="utf-8"?>
<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:d="http://purl.org/dc/elements/1.1/"><a:title>Presse</a:title><a:id>tag:soziales.hessen.de,2024:presse</a:id>
<a:entry><a:title>Pflegebericht vorgelegt</a:title><a:link href="https://soziales.hessen.de/presse/pflegebericht"/>
<a:id>https://soziales.hessen.de/presse/pflegebericht</a:id><d:publisher>${DATELINE}</d:publisher></a:entry>
</a:feed>`,
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/pflegebericht',
      guid: 'https://soziales.hessen.de/presse/pflegebericht',
      title: 'Pflegebericht vorgelegt',
      dateline: DATELINE,
    },
  },
  {
    release: 'entities declared in the DOCTYPE, one built from another',
    feedUrl: FEED_URL,
    documents: {
      rss2: `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [${DECLARED_ENTITIES}]>
${rss2(`<item><title>Pflege &ndash; &ministerium; informiert</title>
<link>https://soziales.hessen.de/presse/pflege-informiert</link><guid>https://soziales.hessen.de/presse/pflege-informiert</guid>
<dc:publisher>&ministerium;</dc:publisher></item>`).replace(/^<\?xml[^>]*>\n/, '')}`,
      rss1: `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rdf:RDF [${DECLARED_ENTITIES}]>
${rss1(`<item rdf:about="https://soziales.hessen.de/presse/pflege-informiert"><title>Pflege &ndash; &ministerium; informiert</title>
<link>https://soziales.hessen.de/presse/pflege-informiert</link>
<dc:publisher>&ministerium;</dc:publisher></item>`).replace(/^<\?xml[^>]*>\n/, '')}`,
      atom: `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE feed [${DECLARED_ENTITIES}]>
${atom(`<entry><title>Pflege &ndash; &ministerium; informiert</title>
<link href="https://soziales.hessen.de/presse/pflege-informiert"/><id>https://soziales.hessen.de/presse/pflege-informiert</id>
<author><name>&ministerium;</name></author></entry>`).replace(/^<\?xml[^>]*>\n/, '')}`,
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/pflege-informiert',
      guid: 'https://soziales.hessen.de/presse/pflege-informiert',
      title: `Pflege – ${DATELINE} informiert`,
      dateline: DATELINE,
    },
  },
  {
    release: 'RSS <item>s inside an Atom <feed> are its entries',
    onlyFormats: 'a mix of the two formats, seen in the wild',
    feedUrl: FEED_URL,
    documents: {
      atom: atom(`<item><title>Pflegebericht vorgelegt</title><link>https://soziales.hessen.de/presse/pflegebericht</link>
<guid>https://soziales.hessen.de/presse/pflegebericht</guid><pubDate>Fri, 20 Sep 2024 10:00:00 +0200</pubDate>
<description>Der &lt;b&gt;Bericht&lt;/b&gt; liegt vor.</description></item>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse/pflegebericht',
      guid: 'https://soziales.hessen.de/presse/pflegebericht',
      title: 'Pflegebericht vorgelegt',
      summary: 'Der Bericht liegt vor.',
      contentHtml: 'Der <b>Bericht</b> liegt vor.',
      published: '2024-09-20T08:00:00.000Z',
    },
  },
  {
    release: 'a bare "&" in a link and in text, which XML does not allow and feeds write anyway',
    feedUrl: FEED_URL,
    documents: {
      rss2: rss2(`<item><title>Arbeit & Soziales</title><link>https://soziales.hessen.de/presse?id=4716&lang=de</link>
<guid>https://soziales.hessen.de/presse?id=4716&lang=de</guid></item>`),
      rss1: rss1(`<item rdf:about="https://soziales.hessen.de/presse?id=4716&lang=de"><title>Arbeit & Soziales</title>
<link>https://soziales.hessen.de/presse?id=4716&lang=de</link></item>`),
      atom: atom(`<entry><title>Arbeit & Soziales</title><link href="https://soziales.hessen.de/presse?id=4716&lang=de"/>
<id>https://soziales.hessen.de/presse?id=4716&lang=de</id></entry>`),
    },
    entry: {
      url: 'https://soziales.hessen.de/presse?id=4716&lang=de',
      guid: 'https://soziales.hessen.de/presse?id=4716&lang=de',
      title: 'Arbeit & Soziales',
    },
  },
];

/** The entry a format must give: the row's entry without the fields that format cannot carry. */
function expectedFor(row: SameRelease, format: Format): Entry {
  const missing = new Set<string>(row.notCarried?.[format]?.fields ?? []);
  return Object.fromEntries(Object.entries(row.entry).filter(([field]) => !missing.has(field))) as unknown as Entry;
}

describe('parseFeed gives the same entry for the same release in RSS 2.0, RSS 1.0 and Atom', () => {
  describe.each(CASES)('$release', (row) => {
    const documents = Object.entries(row.documents) as [Format, string][];
    it.each(documents.map(([format, xml]) => ({ format, name: FORMAT_NAMES[format], xml })))('$name', async ({ format, xml }) => {
      const options = row.contentLocation !== undefined ? { contentLocation: row.contentLocation } : {};
      const entries = await parseFeed(xml, row.feedUrl, options);
      expect(entries).toEqual([expectedFor(row, format)]);
    });
  });
});
