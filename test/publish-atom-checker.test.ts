/** The checker the other publish tests trust must itself reject what a strict reader rejects. */
import { describe, expect, it } from 'vitest';
import { renderFeed } from '../src/publish/index.js';
import { checkAtomFeed, findXmlViolations } from './helpers/atom-checker.js';
import { makeInput, makeItem, makeItems } from './publish-fixtures.js';

const VALID = renderFeed('atom', makeInput(makeItems())).body;
/** Valid only thanks to the feed-level author: its one entry has none. */
const ANONYMOUS = renderFeed('atom', makeInput([makeItem({ ministryId: undefined, dateline: undefined })])).body;

/** A valid document with exactly one thing broken; each case must differ from its base. */
function breakWith(search: string | RegExp, replacement: string, base = VALID): string {
  const broken = base.replace(search, replacement);
  if (broken === base) throw new Error(`mutation ${String(search)} did not apply`);
  return broken;
}

describe('atom-checker', () => {
  it('accepts the feed we render', () => {
    expect(checkAtomFeed(VALID)).toEqual([]);
    expect(checkAtomFeed(ANONYMOUS)).toEqual([]);
  });

  it.each([
    ['a control character', () => breakWith('Vielfalt', 'Viel\u0001falt'), /illegal character U\+1/],
    ['a raw < in an attribute', () => breakWith('label="Integration"', 'label="a<b"'), /'<' in an attribute/],
    ['a bare ampersand', () => breakWith('Vielfalt', 'Viel & falt'), /'&'/],
    ['an undeclared entity', () => breakWith('Vielfalt', 'Viel&nbsp;falt'), /undeclared entity/],
    ['a reference to NUL', () => breakWith('Vielfalt', 'Viel&#0;falt'), /illegal character &#0;/],
    [']]> in text', () => breakWith('Vielfalt', 'Viel]]>falt'), /']]>'/],
    ['a second root element', () => `${VALID}<feed/>`, /second root/],
    ['an unclosed element', () => breakWith('</feed>', ''), /XMLValidator|unclosed/],
    ['no xml:lang', () => breakWith(' xml:lang="de"', ''), /no xml:lang/],
    ['the wrong namespace', () => breakWith('xmlns="http://www.w3.org/2005/Atom"', 'xmlns="http://purl.org/atom/ns#"'), /Atom namespace/],
    ['no self link', () => breakWith(/<link rel="self"[^>]*\/>/, ''), /link rel="self"/],
    ['two feed ids', () => breakWith('<id>tag:hessenfeed,2024:feed', '<id>x:y</id><id>tag:hessenfeed,2024:feed'), /feed: 2 <id>/],
    ['an entry without id', () => breakWith(/<id>tag:hessenfeed,2024:item:a1b2c3<\/id>/, ''), /entry\[0\]: 0 <id>/],
    ['an entry without updated', () => breakWith('<updated>2024-09-20T12:00:00Z</updated>', ''), /entry\[1\]: 0 <updated>/],
    ['a non-RFC 3339 date', () => breakWith('<published>2024-09-23T08:00:00Z', '<published>23.09.2024'), /not an RFC 3339 date/],
    ['an impossible date', () => breakWith('<published>2024-09-23T08:00:00Z', '<published>2024-13-45T08:00:00Z'), /not an RFC 3339 date/],
    ['no author anywhere', () => breakWith(/<author>\s*<name>Hessische Landesregierung<\/name>\s*<\/author>/, '', ANONYMOUS), /no feed-level author/],
    ['content that is not html', () => breakWith('<content type="html">', '<content type="text">'), /content type is text/],
    ['a category without term', () => breakWith('term="integration"', 'term=""'), /no term/],
    ['duplicate entry ids', () => breakWith('item:d4e5f6', 'item:a1b2c3'), /duplicate entry ids/],
    ['two alternates of the same type', () => breakWith('rel="related"', 'rel="alternate"'), /two link rel="alternate"/],
  ])('rejects %s', (_label, broken, expected) => {
    const violations = checkAtomFeed(broken());
    expect(violations.join('\n')).toMatch(expected);
  });

  it('reports what XMLValidator alone lets through', () => {
    expect(findXmlViolations('<a b="<">\u0001]]>&#0;</a><c/>')).toHaveLength(5);
  });
});
