/**
 * Builders for fixture pages in the hessen.de layout (DESIGN.md §5), for tests that need many
 * releases, listings and feeds rather than the hand-written fixtures in test/fixtures/.
 */

export interface ReleaseFixture {
  slug: string;
  title: string;
  dateline: string;
  /** As printed: "23.09.2024". */
  date: string;
  paragraphs: string[];
  tags: string[];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A release page with the usual chrome around it: navigation, reading time, share links, related teasers, footer. */
export function releasePage(release: ReleaseFixture, options: { charsetMeta?: string; extraBodyHtml?: string; headHtml?: string } = {}): string {
  const paragraphs = release.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const tags = release.tags.map((t) => `<li><a href="/schlagworte/${encodeURIComponent(t.toLowerCase())}">${escapeHtml(t)}</a></li>`).join('');
  return `<!DOCTYPE html>
<html lang="de"><head><meta charset="${options.charsetMeta ?? 'utf-8'}"><title>${escapeHtml(release.title)}</title>${options.headHtml ?? ''}</head>
<body>
<nav class="main-navigation"><ul><li><a href="/presse">Presse</a></li><li><a href="/kontakt">Kontakt</a></li></ul></nav>
<main id="main-content">
<nav class="breadcrumb"><ol><li><a href="/">Startseite</a></li><li><a href="/presse">Pressemitteilungen</a></li></ol></nav>
<article about="/presse/${release.slug}" class="node hw-article node--view-mode-full">
<header class="hw-article__header">
<p class="hw-article__dateline field--name-field-pt-dateline">${escapeHtml(release.dateline)}</p>
<h1 class="hw-article__headline field--name-field-pt-headline">${escapeHtml(release.title)}</h1>
<div class="hw-article__meta"><p class="date my-0">${release.date}</p><span class="hw-reading-time">Lesedauer: 2 Minuten</span></div>
</header>
<div class="hw-share"><a href="https://x.com/intent/post">Auf X teilen</a></div>
<div class="hw-article__body field--name-field-pt-body">
${paragraphs}
${options.extraBodyHtml ?? ''}
</div>
<footer><section class="hw-tags field--name-field-pt-tags"><h2>Schlagworte zum Thema</h2><ul>${tags}</ul></section></footer>
</article>
<section class="hw-related"><h2>Das könnte Sie auch interessieren</h2><p>Weitere Meldungen aus dem Ministerium</p></section>
</main>
<footer class="site-footer"><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body></html>`;
}

export interface TeaserFixture {
  href: string;
  title: string;
  date: string;
  dateline: string;
  teaser?: string;
}

/** A `/presse` listing page with teasers and, optionally, pager links to the next and the last page. */
export function listingPage(teasers: TeaserFixture[], nextHref?: string, lastHref?: string): string {
  const items = teasers
    .map(
      (t) => `<article about="${t.href}" class="node hw-article node--view-mode-teaser">
<a class="teaser--area-link" href="${escapeHtml(t.href)}"><span class="visually-hidden">Zum Artikel</span></a>
<p class="date my-0">${t.date}</p>
<p class="teaser-generic__field-pt-dateline">${escapeHtml(t.dateline)}</p>
<h2 class="teaser-generic__field-pt-headline">${escapeHtml(t.title)}</h2>
<div class="teaser-generic__field-pt-teasertext"><p>${escapeHtml(t.teaser ?? '')}</p></div>
</article>`,
    )
    .join('\n');
  const next = nextHref ? `<a rel="next" href="${escapeHtml(nextHref)}">Nächste Seite</a>` : '';
  const last = lastHref ? `<a rel="last" href="${escapeHtml(lastHref)}" title="Zur letzten Seite">Letzte Seite</a>` : '';
  const pager = next || last ? `<nav class="pager">${next}${last}</nav>` : '';
  return `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Pressemitteilungen</title></head>
<body><main><h1>Pressemitteilungen</h1>${items}${pager}</main></body></html>`;
}

export interface FeedItemFixture {
  link: string;
  title: string;
  /** RFC 822. */
  pubDate: string;
  description?: string;
  content?: string;
}

export function rssFeed(items: FeedItemFixture[], options: { encoding?: string; link?: string } = {}): string {
  const body = items
    .map(
      (i) => `<item><title>${escapeHtml(i.title)}</title><link>${escapeHtml(i.link)}</link><guid>${escapeHtml(i.link)}</guid>
<pubDate>${i.pubDate}</pubDate><description>${escapeHtml(i.description ?? '')}</description>${
        i.content ? `<content:encoded>${escapeHtml(i.content)}</content:encoded>` : ''
      }</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="${options.encoding ?? 'UTF-8'}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Presse</title><link>${escapeHtml(options.link ?? 'http://127.0.0.1/')}</link><description>Pressemitteilungen</description>
${body}
</channel></rss>`;
}

const WORDS = (
  'Landesregierung Förderung Kommunen Schulen Wiesbaden Kassel Darmstadt Frankfurt Gießen Fulda Marburg Offenbach ' +
  'Haushalt Millionen Euro Projekt Programm Ministerin Minister Staatssekretär Bürgerinnen Bürger Unternehmen Vereine ' +
  'Digitalisierung Klimaschutz Wasserstoff Radwege Bahnhof Krankenhaus Pflege Familien Kinder Jugendliche Senioren ' +
  'Hochschule Forschung Museum Denkmal Wald Landwirtschaft Weinbau Polizei Sicherheit Justiz Gericht Steuer Verwaltung ' +
  'Ausbau Sanierung Eröffnung Auszeichnung Wettbewerb Konferenz Gesetzentwurf Verordnung Bericht Studie Umfrage Bilanz ' +
  'heute gestern erstmals gemeinsam deutlich nachhaltig regional landesweit zusätzlich insgesamt weiterhin künftig ' +
  'erhalten fördert eröffnet stellt vor beschlossen unterstützt investiert begrüßt betont erklärte sagte verbessert'
).split(' ');

/** mulberry32: a small deterministic generator of unsigned 32-bit integers. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Deterministic pseudo-random text per seed: different seeds give clearly different releases. */
export function syntheticRelease(n: number, dateline = 'Hessische Staatskanzlei'): ReleaseFixture {
  const next = seededRandom(n + 1);
  const sentence = (): string => {
    const words = Array.from({ length: 10 + (next() % 8) }, () => WORDS[next() % WORDS.length]!);
    return `${words.join(' ')}.`;
  };
  const paragraph = (): string => Array.from({ length: 4 }, sentence).join(' ');
  const day = String(1 + (n % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0');
  return {
    slug: `meldung-${n}`,
    title: `Meldung Nummer ${n}: ${sentence().slice(0, 60).trim()}`,
    dateline,
    date: `${day}.${month}.2025`,
    paragraphs: [paragraph(), paragraph(), paragraph()],
    tags: [`Thema ${n % 7}`],
  };
}

/** Fisher–Yates with a seeded generator, so a "random order" is the same on every run. */
export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  const next = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
