import { describe, expect, it } from 'vitest';
import type { Action } from './action';
import { formatXmppUri, MAX_URI_LENGTH, parseXmppUri } from './uri';
import { expectCode, expectPlainJson } from './test-helpers';

/** Parse, check the result is plain JSON, and let tests read any field. */
const p = (uri: string): Action & Record<string, unknown> => {
  const a = parseXmppUri(uri);
  expectPlainJson(a);
  return a as Action & Record<string, unknown>;
};

describe('parseXmppUri: RFC 5122 examples', () => {
  it('reads a bare address as kind "open"', () => {
    expect(p('xmpp:node@example.com')).toStrictEqual({ kind: 'open', jid: 'node@example.com' });
  });

  it('decodes a percent-encoded resource', () => {
    expect(p('xmpp:node@example.com/some%20resource')).toStrictEqual({ kind: 'open', jid: 'node@example.com/some resource' });
  });

  it('reads the authority as the account to act as', () => {
    expect(p('xmpp://guest@example.com/support@example.com?message')).toStrictEqual({
      kind: 'message',
      jid: 'support@example.com',
      account: 'guest@example.com',
    });
  });

  it('rejects an authority with no target address', () => {
    expectCode(() => parseXmppUri('xmpp://guest@example.com'), 'missing-jid');
    expectCode(() => parseXmppUri('xmpp:///support@example.com'), 'invalid-uri');
  });

  it('decodes the "nasty" localpart of §2.7 before validating it', () => {
    expect(p('xmpp:nasty!%23$%25()*+,-.;=%3F%5B%5C%5D%5E_%60%7B%7C%7D~node@example.com').jid).toBe(
      'nasty!#$%()*+,-.;=?[\\]^_`{|}~node@example.com',
    );
  });

  it('decodes the "repulsive" resource of §2.7, keeping its "/" and "@"', () => {
    expect(p("xmpp:node@example.com/repulsive%20!%23%22$%25&'()*+,-.%2F:;%3C=%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D~resource").jid).toBe(
      'node@example.com/repulsive !#"$%&\'()*+,-./:;<=>?@[\\]^_`{|}~resource',
    );
  });

  it('reads the URI and the IRI form of a non-ASCII address alike', () => {
    const want = { kind: 'open', jid: 'jiři@čechy.example/v Praze' };
    expect(p('xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze')).toStrictEqual(want);
    expect(p('xmpp:jiři@čechy.example/v%20Praze')).toStrictEqual(want);
  });

  it('normalises the address: domain lower-cased, localpart case-folded, resource kept', () => {
    expect(p('xmpp:Juliet@Capulet.Example./Balcony').jid).toBe('juliet@capulet.example/Balcony');
  });

  it('treats the scheme case-insensitively and ignores the fragment', () => {
    expect(p('XMPP:romeo@montague.net?subscribe#top')).toStrictEqual({ kind: 'subscribe', jid: 'romeo@montague.net' });
  });

  it('trims surrounding white space', () => {
    expect(p('  \n xmpp:romeo@montague.net \t')).toStrictEqual({ kind: 'open', jid: 'romeo@montague.net' });
  });

  it('keeps "+" in JIDs a plus', () => {
    expect(p('xmpp:a+b@example.com/c+d').jid).toBe('a+b@example.com/c+d');
  });

  it('rejects a "/" or "@" that arrives percent-encoded in the localpart', () => {
    expectCode(() => parseXmppUri('xmpp:ju%2Fliet@capulet.example'), 'invalid-jid');
    expectCode(() => parseXmppUri('xmpp:ju%40liet@capulet.example'), 'invalid-jid');
  });
});

describe('parseXmppUri: XEP-0147 actions', () => {
  it('message with subject and body', () => {
    expect(p('xmpp:romeo@montague.net?message;subject=Test%20Message;body=Here%27s%20a%20test%20message')).toStrictEqual({
      kind: 'message',
      jid: 'romeo@montague.net',
      subject: 'Test Message',
      body: "Here's a test message",
    });
  });

  it('message with type=normal is a message; type=chat is a chat', () => {
    expect(p('xmpp:romeo@montague.net?message;type=normal').kind).toBe('message');
    expect(p('xmpp:romeo@montague.net?message;type=chat;thread=ab+c')).toStrictEqual({
      kind: 'chat',
      jid: 'romeo@montague.net',
      thread: 'ab+c',
    });
  });

  it('rejects message types it cannot honour', () => {
    for (const type of ['groupchat', 'headline', 'error', 'bogus']) {
      expectCode(() => parseXmppUri(`xmpp:romeo@montague.net?message;type=${type}`), 'unsupported-message-type');
    }
  });

  it('ignores the message keys it has no use for (from, id)', () => {
    expect(p('xmpp:romeo@montague.net?message;from=juliet@capulet.example;id=1;body=hi')).toStrictEqual({
      kind: 'message',
      jid: 'romeo@montague.net',
      body: 'hi',
    });
  });

  it('roster with name and group', () => {
    expect(p('xmpp:romeo@montague.net?roster;name=Romeo%20Montague;group=Friends')).toStrictEqual({
      kind: 'roster',
      jid: 'romeo@montague.net',
      name: 'Romeo Montague',
      group: 'Friends',
    });
  });

  it('join with a password', () => {
    expect(p('xmpp:darkcave@macbeth.shakespeare.lit?join;password=cauldronburn')).toStrictEqual({
      kind: 'join',
      jid: 'darkcave@macbeth.shakespeare.lit',
      password: 'cauldronburn',
    });
  });

  it('invite with one or several invitees and a password', () => {
    expect(p('xmpp:coven@chat.shakespeare.lit?invite;jid=hecate@shakespeare.lit;password=cauldronburn')).toStrictEqual({
      kind: 'invite',
      jid: 'coven@chat.shakespeare.lit',
      invitees: ['hecate@shakespeare.lit'],
      password: 'cauldronburn',
    });
    expect(p('xmpp:coven@chat.shakespeare.lit?invite;jid=Crone1@Shakespeare.lit;jid=crone2%40shakespeare.lit').invitees).toStrictEqual([
      'crone1@shakespeare.lit',
      'crone2@shakespeare.lit',
    ]);
  });

  it('invite validates invitees and needs at least one', () => {
    expectCode(() => parseXmppUri('xmpp:coven@chat.shakespeare.lit?invite'), 'missing-invitee');
    expectCode(() => parseXmppUri('xmpp:coven@chat.shakespeare.lit?invite;jid=bad<jid@x'), 'invalid-jid');
    expectCode(() => parseXmppUri('xmpp:coven@chat.shakespeare.lit?invite;jid='), 'missing-jid');
  });

  it('register, with preauth and ibr (XEP-0401)', () => {
    expect(p('xmpp:marlowe.shakespeare.lit?register')).toStrictEqual({ kind: 'register', jid: 'marlowe.shakespeare.lit' });
    expect(p('xmpp:example.com?register;preauth=a+b%2Bc;ibr=y')).toStrictEqual({
      kind: 'register',
      jid: 'example.com',
      preauth: 'a+b+c',
      ibr: 'y',
    });
  });

  it.each(['subscribe', 'unsubscribe', 'remove', 'unregister'] as const)('%s', (kind) => {
    expect(p(`xmpp:romeo@montague.net?${kind}`)).toStrictEqual({ kind, jid: 'romeo@montague.net' });
  });

  it('action names are case-insensitive', () => {
    expect(p('xmpp:romeo@montague.net?Subscribe').kind).toBe('subscribe');
  });

  it('no query, an empty query or an empty action is "open"', () => {
    expect(p('xmpp:romeo@montague.net?').kind).toBe('open');
    expect(p('xmpp:romeo@montague.net?;foo=bar').kind).toBe('open');
  });

  it.each(['command', 'disco', 'pubsub', 'vcard', 'sendfile', 'recvfile', 'x-something'])('rejects %s as unsupported, naming it', (action) => {
    const err = expectCode(() => parseXmppUri(`xmpp:romeo@montague.net?${action};node=x`), 'unsupported-action');
    expect(err.message).toBe(`This link asks for "${action}", which Jabber Link does not support yet.`);
  });
});

describe('parseXmppUri: values', () => {
  it('"+" is a space in subject, body, name and group', () => {
    expect(p('xmpp:user@example.org?message;subject=Hi+there;body=Hello+world')).toMatchObject({ subject: 'Hi there', body: 'Hello world' });
    expect(p('xmpp:user@example.org?roster;name=Ann+Lee;group=Best+friends')).toMatchObject({ name: 'Ann Lee', group: 'Best friends' });
  });

  it('"+" stays a plus in password, preauth and thread, and %2B is always a plus', () => {
    expect(p('xmpp:room@conference.example.org?join;password=a+b').password).toBe('a+b');
    expect(p('xmpp:user@example.org?roster;preauth=x+y').preauth).toBe('x+y');
    expect(p('xmpp:user@example.org?message;body=1%2B1').body).toBe('1+1');
  });

  it('decodes UTF-8 escapes and raw non-ASCII', () => {
    expect(p('xmpp:user@example.org?message;body=%E2%82%AC%20and%20€').body).toBe('€ and €');
  });

  it('keeps multi-line bodies', () => {
    expect(p('xmpp:user@example.org?message;body=line1%0Aline2%0D%0A%09x').body).toBe('line1\nline2\r\n\tx');
  });

  it('a pair without "=" is an empty value', () => {
    expect(p('xmpp:user@example.org?message;body').body).toBe('');
  });

  it('rejects a known key given twice', () => {
    expectCode(() => parseXmppUri('xmpp:user@example.org?message;body=a;body=b'), 'duplicate-key');
    expectCode(() => parseXmppUri('xmpp:room@conference.example.org?join;password=a;password=b'), 'duplicate-key');
    expectCode(() => parseXmppUri('xmpp:user@example.org?message;type=chat;type=chat'), 'duplicate-key');
  });

  it('ignores unknown keys, even repeated or badly encoded', () => {
    expect(p('xmpp:user@example.org?message;x=1;x=2;y=%FF;body=hi')).toStrictEqual({ kind: 'message', jid: 'user@example.org', body: 'hi' });
  });

  it.each([
    ['%C3%28', 'bad-utf8'],
    ['%FF', 'bad-utf8'],
    ['%E2%82', 'bad-utf8'],
    ['%C0%80', 'bad-utf8'], // overlong NUL
    ['%ED%A0%80', 'bad-utf8'], // encoded surrogate
    ['%', 'bad-percent-encoding'],
    ['%4', 'bad-percent-encoding'],
    ['%G0', 'bad-percent-encoding'],
  ] as const)('rejects %s in a value as %s', (esc, code) => {
    expectCode(() => parseXmppUri(`xmpp:user@example.org?message;body=${esc}`), code);
    expectCode(() => parseXmppUri(`xmpp:user${esc}@example.org`), code);
  });

  it('rejects control characters, raw or decoded', () => {
    expectCode(() => parseXmppUri('xmpp:user@example.org?message;body=a\u0000b'), 'control-character');
    expectCode(() => parseXmppUri('xmpp:user@exa\nmple.org'), 'control-character');
    expectCode(() => parseXmppUri('xmpp:user@example.org?message;body=a\u0085b'), 'control-character');
    expectCode(() => parseXmppUri('xmpp:user@example.org?message;body=a%00b'), 'control-character');
    expectCode(() => parseXmppUri('xmpp:user@example.org?message;body=%7F'), 'control-character');
    expectCode(() => parseXmppUri('xmpp:user%00@example.org'), 'invalid-jid');
  });
});

describe('parseXmppUri: links as clients write them', () => {
  it('Conversations: room invite link', () => {
    expect(p('xmpp:room@conference.example.org?join')).toStrictEqual({ kind: 'join', jid: 'room@conference.example.org' });
  });

  it('Conversations: contact link with OMEMO fingerprints and no action opens the contact', () => {
    expect(p('xmpp:user@example.org?omemo-sid-123456789=abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789;omemo-sid-42=00ff')).toStrictEqual({
      kind: 'open',
      jid: 'user@example.org',
    });
  });

  it('Prosody/Conversations invitations: roster with preauth and ibr', () => {
    expect(p('xmpp:user@example.org?roster;preauth=abc')).toStrictEqual({ kind: 'roster', jid: 'user@example.org', preauth: 'abc' });
    expect(p('xmpp:user@example.org?roster;preauth=abc;ibr=y')).toStrictEqual({ kind: 'roster', jid: 'user@example.org', preauth: 'abc', ibr: 'y' });
    expectCode(() => p('xmpp:user@example.org?roster;preauth=abc;ibr=y;ibr=n'), 'duplicate-key');
    expect(p('xmpp:example.org?register;preauth=Zx9_-k')).toStrictEqual({ kind: 'register', jid: 'example.org', preauth: 'Zx9_-k' });
  });

  it('Gajim/Psi: form-encoded message bodies', () => {
    expect(p('xmpp:user@example.org?message;body=Hello+world%21')).toMatchObject({ kind: 'message', body: 'Hello world!' });
    expect(p('xmpp:user@example.org?message;type=chat')).toStrictEqual({ kind: 'chat', jid: 'user@example.org' });
  });
});

describe('parseXmppUri: rejections', () => {
  it('rejects what is not an xmpp: URI', () => {
    for (const u of ['https://example.com', 'mailto:a@b', 'xmpp', 'jabber:a@b', 'xmp:a@b']) {
      expectCode(() => parseXmppUri(u), 'not-xmpp-uri');
    }
  });

  it('rejects empty input and an empty address', () => {
    expectCode(() => parseXmppUri(''), 'empty');
    expectCode(() => parseXmppUri('   '), 'empty');
    expectCode(() => parseXmppUri('xmpp:'), 'missing-jid');
    expectCode(() => parseXmppUri('xmpp:?message'), 'missing-jid');
  });

  it('rejects invalid addresses', () => {
    expectCode(() => parseXmppUri('xmpp:ju%22liet@capulet.example'), 'invalid-jid');
    expectCode(() => parseXmppUri('xmpp:juliet@capu%20let.example'), 'invalid-jid');
    expectCode(() => parseXmppUri(`xmpp:${'a'.repeat(1024)}@example.com`), 'invalid-jid');
  });

  it(`rejects input over ${MAX_URI_LENGTH} characters before parsing`, () => {
    expect(p(`xmpp:a@b.example?message;body=${'x'.repeat(MAX_URI_LENGTH - 30)}`).kind).toBe('message');
    expectCode(() => parseXmppUri(`xmpp:a@b.example?message;body=${'x'.repeat(MAX_URI_LENGTH)}`), 'too-large');
    expectCode(() => parseXmppUri('x'.repeat(1 << 20)), 'too-large');
  });

  it('rejects a non-string at runtime with a ParseError', () => {
    for (const v of [undefined, null, 42, {}, ['xmpp:a@b']]) {
      expectCode(() => parseXmppUri(v as unknown as string), 'not-a-string');
    }
  });

  it('rejects lone surrogates', () => {
    expectCode(() => parseXmppUri('xmpp:a@b.example?message;body=\ud800'), 'invalid-uri');
  });
});

describe('formatXmppUri', () => {
  it('writes the RFC 5122 IRI example as its URI form', () => {
    expect(formatXmppUri({ kind: 'open', jid: 'jiři@čechy.example/v Praze' })).toBe('xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze');
  });

  it('writes chat as ?message;type=chat', () => {
    expect(formatXmppUri({ kind: 'chat', jid: 'romeo@montague.net', body: 'hi' })).toBe('xmpp:romeo@montague.net?message;type=chat;body=hi');
  });

  it('writes the account as the authority', () => {
    expect(formatXmppUri({ kind: 'message', jid: 'support@example.com', account: 'guest@example.com' })).toBe(
      'xmpp://guest@example.com/support@example.com?message',
    );
  });

  it('encodes what would be read differently', () => {
    const uri = formatXmppUri({ kind: 'message', jid: 'a@b.example', subject: 'a+b c;d=e#f%g&h', body: "it's €" });
    expect(uri).toBe("xmpp:a@b.example?message;subject=a%2Bb%20c%3Bd%3De%23f%25g%26h;body=it%27s%20%E2%82%AC");
    expect(parseXmppUri(uri)).toMatchObject({ subject: 'a+b c;d=e#f%g&h', body: "it's €" });
  });

  it('writes invitees as XEP-0147 does', () => {
    expect(formatXmppUri({ kind: 'invite', jid: 'coven@chat.shakespeare.lit', invitees: ['hecate@shakespeare.lit'], password: 'cauldronburn' })).toBe(
      'xmpp:coven@chat.shakespeare.lit?invite;jid=hecate@shakespeare.lit;password=cauldronburn',
    );
  });

  it('keeps an IPv6 literal readable', () => {
    const uri = formatXmppUri({ kind: 'open', jid: 'u@[2001:db8::1]' });
    expect(uri).toBe('xmpp:u@[2001:db8::1]');
    expect(parseXmppUri(uri).jid).toBe('u@[2001:db8::1]');
  });

  it.each([
    'xmpp:romeo@montague.net?message;subject=Test%20Message;body=Here%27s%20a%20test%20message',
    'xmpp:darkcave@macbeth.shakespeare.lit?join;password=cauldronburn',
    'xmpp:romeo@montague.net?roster;name=Romeo%20Montague;group=Friends',
    'xmpp:coven@chat.shakespeare.lit?invite;jid=hecate@shakespeare.lit;password=cauldronburn',
    'xmpp:marlowe.shakespeare.lit?register',
    'xmpp:romeo@montague.net?subscribe',
    'xmpp://guest@example.com/support@example.com?message',
    'xmpp:nasty!%23$%25()*+,-.;=%3F%5B%5C%5D%5E_%60%7B%7C%7D~node@example.com',
    'xmpp:user@example.org?message;body=Hello+world',
    'xmpp:user@example.org?message;type=chat',
  ])('formats %s as an equivalent URI', (uri) => {
    const a = parseXmppUri(uri);
    const again = formatXmppUri(a);
    expect(again).toMatch(/^xmpp:[\x21-\x7e]*$/);
    expect(parseXmppUri(again)).toStrictEqual(a);
  });

  it('rejects what is not a valid Action', () => {
    expectCode(() => formatXmppUri(null as unknown as Action), 'invalid-action');
    expectCode(() => formatXmppUri({ kind: 'vcard', jid: 'a@b' } as unknown as Action), 'invalid-action');
    expectCode(() => formatXmppUri({ kind: 'open', jid: 'a<b@c' }), 'invalid-jid');
    expectCode(() => formatXmppUri({ kind: 'message', jid: 'a@b', body: 5 } as unknown as Action), 'invalid-action');
    expectCode(() => formatXmppUri({ kind: 'message', jid: 'a@b', body: 'a\u0000' }), 'control-character');
    expectCode(() => formatXmppUri({ kind: 'invite', jid: 'a@b', invitees: [] }), 'missing-invitee');
    expectCode(() => formatXmppUri({ kind: 'open', jid: 'a@b', account: 'me@b/res' }), 'invalid-action');
    expectCode(() => formatXmppUri({ kind: 'message', jid: 'a@b', body: '\udc00' }), 'invalid-action');
  });
});
