import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, parseJabberFile } from './jabber-file';
import { expectCode, expectPlainJson } from './test-helpers';
import { MAX_DEPTH } from './xml-guard';

const DECL = "<?xml version='1.0' encoding='UTF-8'?>\n";
const p = (text: string) => {
  const a = parseJabberFile(text);
  expectPlainJson(a);
  return a;
};

describe('parseJabberFile: XEP-0081 examples', () => {
  it.each([
    ['message', 'stpeter@jabber.org', 'message'],
    ['chat', 'stpeter@jabber.org', 'chat'],
    ['subscribe', 'stpeter@jabber.org', 'subscribe'],
    ['groupchat', 'jdev@conference.jabber.org', 'join'],
    ['register', 'headlines.shakespeare.lit', 'register'],
  ])('<%s jid=%j/> is kind %s', (element, jid, kind) => {
    expect(p(`${DECL}<jabber>\n  <${element} jid='${jid}'/>\n</jabber>\n`)).toStrictEqual({ kind, jid });
  });

  it('accepts the namespace of the XEP schema', () => {
    expect(p("<jabber xmlns='http://jabber.org/protocol/mimetype'><message jid='stpeter@jabber.org'/></jabber>")).toStrictEqual({
      kind: 'message',
      jid: 'stpeter@jabber.org',
    });
  });
});

describe('parseJabberFile: tolerated', () => {
  it('a BOM, an XML declaration, comments and white space', () => {
    const text = `\ufeff<?xml version="1.0"?>\n<!-- made by hand -->\n<jabber>\n<!-- the action -->\n<chat jid="a@b.example"></chat>\n</jabber>\n<!-- end -->\n`;
    expect(p(text)).toStrictEqual({ kind: 'chat', jid: 'a@b.example' });
  });

  it('leading white space before the root', () => {
    expect(p('\n\n  <jabber><chat jid="a@b.example"/></jabber>').kind).toBe('chat');
  });

  it('extra attributes, entity and character references in the jid, and a padded jid', () => {
    expect(p('<jabber x="1"><chat note="hi" jid=" Ann@B.example/R&amp;&#x52;&#101;s&apos; "/></jabber>')).toStrictEqual({
      kind: 'chat',
      jid: "ann@b.example/R&Res'",
    });
  });

  it('normalises the jid', () => {
    expect(p('<jabber><message jid="Juliet@Capulet.Example/Balcony"/></jabber>').jid).toBe('juliet@capulet.example/Balcony');
  });

  it('an explicitly empty namespace, and an action repeating the root namespace', () => {
    expect(p('<jabber xmlns=""><chat jid="a@b.example"/></jabber>').kind).toBe('chat');
    expect(p("<jabber xmlns='http://jabber.org/protocol/mimetype'><chat xmlns='http://jabber.org/protocol/mimetype' jid='a@b.example'/></jabber>").kind).toBe('chat');
  });
});

describe('parseJabberFile: namespace prefixes', () => {
  it('accepts a prefixed root and prefixed action in the mimetype namespace', () => {
    expect(p("<m:jabber xmlns:m='http://jabber.org/protocol/mimetype'><m:chat jid='a@b.example'/></m:jabber>")).toStrictEqual({ kind: 'chat', jid: 'a@b.example' });
    expect(p("<m:jabber xmlns:m='http://jabber.org/protocol/mimetype'>\n  <m:groupchat jid='room@muc.example'/>\n</m:jabber>").kind).toBe('join');
  });

  it('accepts a prefix declared on the action itself, and a default namespace under a prefixed root', () => {
    expect(p("<m:jabber xmlns:m='http://jabber.org/protocol/mimetype'><n:message xmlns:n='http://jabber.org/protocol/mimetype' jid='a@b.example'/></m:jabber>").kind).toBe('message');
    expect(p("<m:jabber xmlns:m='http://jabber.org/protocol/mimetype' xmlns='http://jabber.org/protocol/mimetype'><subscribe jid='a@b.example'/></m:jabber>").kind).toBe('subscribe');
  });

  it('rejects an action outside the root\'s namespace', () => {
    // Unprefixed <chat> under a prefixed root is in no namespace, not the mimetype one.
    expectCode(() => parseJabberFile("<m:jabber xmlns:m='http://jabber.org/protocol/mimetype'><chat jid='a@b.example'/></m:jabber>"), 'unexpected-content');
    expectCode(() => parseJabberFile("<m:jabber xmlns:m='http://jabber.org/protocol/mimetype'><x:chat jid='a@b.example'/></m:jabber>"), 'unexpected-content');
  });

  it('names an unsupported prefixed action by its local name', () => {
    const e = expectCode(() => parseJabberFile("<m:jabber xmlns:m='http://jabber.org/protocol/mimetype'><m:vcard jid='a@b.example'/></m:jabber>"), 'unsupported-action');
    expect(e.message).toContain('"vcard"');
  });

  it('the prefix does not matter, only the namespace', () => {
    expectCode(() => parseJabberFile("<jabber:jabber xmlns:jabber='jabber:client'><jabber:chat jid='a@b.example'/></jabber:jabber>"), 'wrong-namespace');
  });
});

describe('parseJabberFile: rejected structure', () => {
  it('"&" in a localpart is not a valid JID even when escaped', () => {
    expectCode(() => parseJabberFile('<jabber><chat jid="ann&amp;bob@b.example"/></jabber>'), 'invalid-jid');
  });

  it('an unknown root', () => {
    expectCode(() => parseJabberFile('<html><body/></html>'), 'unknown-root');
    expectCode(() => parseJabberFile("<x:jabber><x:chat jid='a@b'/></x:jabber>"), 'unknown-root'); // undeclared prefix
    expectCode(() => parseJabberFile("<x:jabber xmlns:x=''><x:chat jid='a@b'/></x:jabber>"), 'unknown-root');
    expectCode(() => parseJabberFile("<x:jabbers xmlns:x='http://jabber.org/protocol/mimetype'><x:chat jid='a@b'/></x:jabbers>"), 'unknown-root');
  });

  it('a jabber root in another namespace', () => {
    expectCode(() => parseJabberFile("<jabber xmlns='jabber:client'><chat jid='a@b'/></jabber>"), 'wrong-namespace');
  });

  it('two actions', () => {
    expectCode(() => parseJabberFile('<jabber><message jid="a@b"/><chat jid="c@d"/></jabber>'), 'multiple-actions');
  });

  it('no action', () => {
    expectCode(() => parseJabberFile('<jabber/>'), 'missing-action');
    expectCode(() => parseJabberFile('<jabber>  </jabber>'), 'missing-action');
  });

  it('an unknown action element, named in the message', () => {
    const err = expectCode(() => parseJabberFile("<jabber><vcard jid='stpeter@jabber.org'/></jabber>"), 'unsupported-action');
    expect(err.message).toBe('This file asks for "vcard", which Jabber Link does not support yet.');
  });

  it('a missing or empty jid', () => {
    expectCode(() => parseJabberFile('<jabber><chat/></jabber>'), 'missing-jid');
    expectCode(() => parseJabberFile('<jabber><chat jid=""/></jabber>'), 'missing-jid');
    expectCode(() => parseJabberFile('<jabber><chat JID="a@b"/></jabber>'), 'missing-jid');
  });

  it('an invalid jid', () => {
    expectCode(() => parseJabberFile('<jabber><chat jid="a b@c"/></jabber>'), 'invalid-jid');
    expectCode(() => parseJabberFile(`<jabber><chat jid="${'x'.repeat(1024)}@c"/></jabber>`), 'invalid-jid');
  });

  it('text, child elements or foreign elements', () => {
    expectCode(() => parseJabberFile('<jabber>hello<chat jid="a@b"/></jabber>'), 'unexpected-content');
    expectCode(() => parseJabberFile('<jabber><chat jid="a@b">hello</chat></jabber>'), 'unexpected-content');
    expectCode(() => parseJabberFile('<jabber><chat jid="a@b"><body/></chat></jabber>'), 'unexpected-content');
    expectCode(() => parseJabberFile("<jabber><chat xmlns='urn:other' jid='a@b'/></jabber>"), 'unexpected-content');
  });

  it('empty input', () => {
    expectCode(() => parseJabberFile(''), 'empty');
    expectCode(() => parseJabberFile('\ufeff \n'), 'empty');
  });

  it('a non-string at runtime', () => {
    for (const v of [undefined, null, 1, {}, new Uint8Array(3)]) expectCode(() => parseJabberFile(v as unknown as string), 'not-a-string');
  });
});

describe('parseJabberFile: not well-formed', () => {
  it.each([
    ['unclosed root', '<jabber><chat jid="a@b"/>'],
    ['mismatched end tag', '<jabber><chat jid="a@b"></message></jabber>'],
    ['unquoted attribute', '<jabber><chat jid=a@b/></jabber>'],
    ['attribute without value', '<jabber><chat jid/></jabber>'],
    ['duplicate attribute', '<jabber><chat jid="a@b" jid="c@d"/></jabber>'],
    ['attributes run together', '<jabber><chat a="1"jid="a@b"/></jabber>'],
    ['"<" in an attribute value', '<jabber><chat jid="a<b@c"/></jabber>'],
    ['bare "&"', '<jabber><chat jid="a&b@c"/></jabber>'],
    ['illegal character reference', '<jabber><chat jid="a&#0;b@c"/></jabber>'],
    ['illegal raw character', '<jabber><chat jid="a\u0001b@c"/></jabber>'],
    ['text before the root', 'hello<jabber><chat jid="a@b"/></jabber>'],
    ['text after the root', '<jabber><chat jid="a@b"/></jabber>bye'],
    ['second root', '<jabber><chat jid="a@b"/></jabber><jabber/>'],
    ['"--" in a comment', '<!-- a -- b --><jabber><chat jid="a@b"/></jabber>'],
    ['unclosed comment', '<!-- <jabber><chat jid="a@b"/></jabber>'],
    ['"]]>" in text', '<jabber>]]><chat jid="a@b"/></jabber>'],
    ['"<" not starting a tag', '<jabber>< chat jid="a@b"/></jabber>'],
    ['malformed XML declaration', '<?xml version="2"?><jabber><chat jid="a@b"/></jabber>'],
    ['unexpected "<!"', '<!FOO><jabber><chat jid="a@b"/></jabber>'],
    ['unclosed tag', '<jabber><chat jid="a@b"'],
    ['close of nothing', '</jabber>'],
  ])('%s', (_, text) => {
    expectCode(() => parseJabberFile(text), 'not-well-formed');
  });
});

describe('parseJabberFile: hostile input', () => {
  const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<jabber><message jid="&lol9;@example.com"/></jabber>`;

  it('billion laughs is an entity declaration', () => {
    expectCode(() => parseJabberFile(BILLION_LAUGHS), 'entity-declaration');
  });

  it('an external entity is an entity declaration', () => {
    expectCode(() => parseJabberFile('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><jabber><chat jid="&e;"/></jabber>'), 'entity-declaration');
  });

  it('a DOCTYPE alone', () => {
    expectCode(() => parseJabberFile('<!DOCTYPE jabber SYSTEM "http://evil.example/x.dtd"><jabber><chat jid="a@b"/></jabber>'), 'doctype');
  });

  it('an undeclared entity reference', () => {
    expectCode(() => parseJabberFile('<jabber><chat jid="&foo;@b"/></jabber>'), 'unknown-entity');
    expectCode(() => parseJabberFile('<jabber>&nbsp;<chat jid="a@b"/></jabber>'), 'unknown-entity');
  });

  it('processing instructions other than the XML declaration', () => {
    expectCode(() => parseJabberFile('<?xml-stylesheet href="x.xsl"?><jabber><chat jid="a@b"/></jabber>'), 'processing-instruction');
    expectCode(() => parseJabberFile('<jabber><?php echo 1; ?><chat jid="a@b"/></jabber>'), 'processing-instruction');
    expectCode(() => parseJabberFile(' <?xml version="1.0"?><jabber><chat jid="a@b"/></jabber>'), 'processing-instruction');
  });

  it('CDATA sections', () => {
    expectCode(() => parseJabberFile('<jabber><![CDATA[<chat jid="a@b"/>]]></jabber>'), 'cdata');
  });

  it(`nesting deeper than ${MAX_DEPTH}`, () => {
    expect(p(`<jabber><chat jid="a@b"/></jabber>`).kind).toBe('chat');
    expectCode(() => parseJabberFile(`${'<a>'.repeat(MAX_DEPTH + 1)}${'</a>'.repeat(MAX_DEPTH + 1)}`), 'too-deep');
  });

  it('100k-deep nesting (over the size limit) and 20k-deep (under it)', () => {
    expectCode(() => parseJabberFile('<a>'.repeat(100_000)), 'too-large');
    expectCode(() => parseJabberFile('<a>'.repeat(20_000)), 'too-deep');
  });

  it(`a file of ${MAX_FILE_BYTES} bytes is read, one more byte is too large`, () => {
    const head = '<jabber><chat jid="a@b"/>';
    const tail = '</jabber>';
    const exact = head + ' '.repeat(MAX_FILE_BYTES - head.length - tail.length) + tail;
    expect(p(exact).kind).toBe('chat');
    expectCode(() => parseJabberFile(`${exact} `), 'too-large');
  });

  it('the limit counts UTF-8 bytes, not characters', () => {
    const head = '<jabber><chat jid="a@b"/><!--';
    const tail = '--></jabber>';
    const fill = 'é'.repeat(Math.ceil((MAX_FILE_BYTES - head.length - tail.length) / 2) + 1);
    expect((head + fill + tail).length).toBeLessThan(MAX_FILE_BYTES);
    expectCode(() => parseJabberFile(head + fill + tail), 'too-large');
  });

  it('1 MiB inputs', () => {
    expectCode(() => parseJabberFile(`<jabber>${' '.repeat(1 << 20)}</jabber>`), 'too-large');
    expectCode(() => parseJabberFile('&'.repeat(1 << 20)), 'too-large');
  });
});
