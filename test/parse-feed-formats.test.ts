/**
 * One shared suite for the feed formats: the same release written as RSS 2.0, RSS 1.0 (RDF) and
 * Atom 1.0 must give the same Entry, so nothing downstream can tell which format it came from.
 *
 * Each row is one release: its three documents and the one Entry they must give. A new feed
 * variant (another way of writing a link, an id, a date or a body) is a new row. Where a format
 * cannot carry a field at all, the row names the field and the reason in `notCarried`, and the
 * entry from that format is expected without it; nothing else may differ.
 *
 * The documents are written out in full except for the feed around the items (`rss2`, `rss1`,
 * `atom` below); a row whose variant lives in the feed element itself writes its own document.
 */
import { describe, expect, it } from 'vitest';
import type { Entry } from '../src/model/types.js';
import { parseFeed } from '../src/parse/index.js';

type Format = 'rss2' | 'rss1' | 'atom';
const FORMATS: Format[] = ['rss2', 'rss1', 'atom'];

interface SameRelease {
  release: string;
  feedUrl: string;
  documents: Record<Format, string>;
  entry: Entry;
  /** Fields a format has no element for, with the reason; the entry from that format lacks them. */
  notCarried?: Partial<Record<Format, { fields: (keyof Entry)[]; why: string }>>;
}

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
];

/** The entry a format must give: the row's entry without the fields that format cannot carry. */
function expectedFor(row: SameRelease, format: Format): Entry {
  const missing = new Set<string>(row.notCarried?.[format]?.fields ?? []);
  return Object.fromEntries(Object.entries(row.entry).filter(([field]) => !missing.has(field))) as unknown as Entry;
}

describe('parseFeed gives the same entry for the same release in RSS 2.0, RSS 1.0 and Atom', () => {
  describe.each(CASES)('$release', (row) => {
    it.each(FORMATS)('%s', async (format) => {
      const entries = await parseFeed(row.documents[format], row.feedUrl);
      expect(entries).toEqual([expectedFor(row, format)]);
    });
  });
});
