import { load } from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeContent } from '../src/extract/index.js';

const BASE = 'https://soziales.hessen.de/presse/integrationskonferenz';

describe('sanitizeContent', () => {
  it.each([
    ['<p>Text<script>alert(1)</script></p>', '<p>Text</p>'],
    ['<p>Text</p><style>p { color: red }</style>', '<p>Text</p>'],
    ['<p onclick="steal()" style="color:red" class="lead" id="x">Text</p>', '<p>Text</p>'],
    ['<p><img src="/bild.jpg" onerror="alert(1)" alt="Bild" width="800" height="abc"></p>', '<p><img src="https://soziales.hessen.de/bild.jpg" alt="Bild" width="800" /></p>'],
    ['<p><a href="javascript:alert(1)">Link</a></p>', '<p>Link</p>'],
    ['<p><a href=" JaVa&#x09;ScRiPt:alert(1)">Link</a></p>', '<p>Link</p>'],
    ['<p><a href="data:text/html;base64,PHNjcmlwdD4=">Link</a></p>', '<p>Link</p>'],
    ['<p>Bild <img src="data:image/png;base64,iVBORw0KGgo=" alt="x"></p>', '<p>Bild </p>'],
    ['<p><a href="//evil.example/x">Link</a></p>', '<p>Link</p>'],
    ['<p><img src="//evil.example/pixel.gif"></p>', ''],
    ['<iframe src="https://www.youtube.com/embed/x">Video</iframe><p>Text</p>', '<p>Text</p>'],
    ['<form action="/x"><input name="q"><button>Senden</button></form><p>Text</p>', '<p>Text</p>'],
    ['<svg><script>alert(1)</script><text>x</text></svg><p>Text</p>', '<p>Text</p>'],
    ['<p><a href="../integration" title="Mehr">relativ</a></p>', '<p><a href="https://soziales.hessen.de/integration" title="Mehr">relativ</a></p>'],
    ['<p><a href="?page=1#top">Query</a></p>', '<p><a href="https://soziales.hessen.de/presse/integrationskonferenz?page=1#top">Query</a></p>'],
    ['<p><a href="mailto:presse@hmaijs.hessen.de">Mail</a></p>', '<p><a href="mailto:presse@hmaijs.hessen.de">Mail</a></p>'],
    ['<p><a href="tel:+49611">Tel</a> <a href="ftp://x.de/y">FTP</a></p>', '<p>Tel FTP</p>'],
    ['<h1>Titel</h1><p>Text</p>', '<h2>Titel</h2><p>Text</p>'],
    ['<p></p><p> &nbsp; </p><p><strong></strong></p><p>Text</p>', '<p>Text</p>'],
    ['<div class="x"><span style="x">Text</span></div>', 'Text'],
    ['<p>Text\n     über   Zeilen</p>', '<p>Text über Zeilen</p>'],
    ['<pre>a\n  b</pre>', '<pre>a\n  b</pre>'],
    ['<img data-src="/echt.jpg" src="data:image/gif;base64,R0lGOD" alt="Lazy">', '<img src="https://soziales.hessen.de/echt.jpg" alt="Lazy" />'],
    ['<img src="/IMG_1234.jpg" alt="IMG_1234.jpg">', '<img src="https://soziales.hessen.de/IMG_1234.jpg" alt="" />'],
    ['<img src="/a.png" alt=" Bild: pm_2018_05.png ">', '<img src="https://soziales.hessen.de/a.png" alt="" />'],
    ['<table><tr><th scope="col" onclick="x">A</th><td colspan="2" style="x">B</td></tr></table>', '<table><tr><th scope="col">A</th><td colspan="2">B</td></tr></table>'],
  ])('%s', (input, expected) => {
    expect(sanitizeContent(input, BASE)).toBe(expected);
  });

  it('keeps the allowed structure of an article', () => {
    const html =
      '<h2>Zwischentitel</h2><p><strong>fett</strong> <em>kursiv</em> <b>b</b> <i>i</i> <sup>1</sup> <sub>2</sub> <abbr title="Hessen">HE</abbr> <code>x</code><br></p>' +
      '<ul><li>eins</li></ul><ol><li>zwei</li></ol><blockquote><p>Zitat</p></blockquote><hr>' +
      '<figure><img src="https://soziales.hessen.de/a.jpg" alt="A"><figcaption>Bildunterschrift</figcaption></figure>';
    const out = sanitizeContent(html, BASE);
    for (const tag of ['h2', 'strong', 'em', 'b', 'i', 'sup', 'sub', 'abbr', 'code', 'br', 'ul', 'ol', 'li', 'blockquote', 'hr', 'figure', 'img', 'figcaption']) {
      expect(load(out, null, false)(tag).length, tag).toBeGreaterThan(0);
    }
    expect(out).toContain('<abbr title="Hessen">HE</abbr>');
  });
});

/** Pieces of hostile and ordinary markup; the property test glues random sequences of them together. */
const FRAGMENTS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JAVASCRIPT:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="//evil.example">x</a>',
  '<a href="\\\\evil.example">x</a>',
  '<a href="/relativ">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="x"></object>',
  '<embed src="x">',
  '<style>body{}</style>',
  '<p style="background:url(javascript:alert(1))">s</p>',
  '<div onmouseover="x()">d</div>',
  '<svg onload=alert(1)>',
  '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  '<form><button formaction="javascript:alert(1)">b</button></form>',
  '<p>',
  '</p>',
  '<h1>',
  '<a ',
  '"',
  "'",
  '>',
  '<',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '&lt;script&gt;',
  'Text',
];

describe('sanitizeContent property', () => {
  it('never lets scripts, handlers, styles or unsafe URLs through, whatever the input', () => {
    const input = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })), { maxLength: 25 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(input, (html) => {
        const out = sanitizeContent(html, BASE);
        expect(out).not.toMatch(/<\s*(script|style|iframe|object|embed|svg|math|form)/i);
        const $ = load(out, null, false);
        $('*').each((_, el) => {
          for (const [name, value] of Object.entries($(el).attr() ?? {})) {
            expect(name.startsWith('on'), `attribute ${name}`).toBe(false);
            expect(['style', 'class', 'id']).not.toContain(name);
            if (name === 'href' || name === 'src') {
              // Absolute and http(s)/mailto only: parsing without a base must succeed.
              expect(['http:', 'https:', 'mailto:']).toContain(new URL(value).protocol);
            }
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});
