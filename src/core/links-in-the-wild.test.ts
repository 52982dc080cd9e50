/**
 * Links as real clients and servers write them, each with where the format comes from (read in
 * their public source or docs; the values here are made up). When one of these changes upstream,
 * add the new form beside the old one: links already shared keep the old one for years.
 */
import { describe, expect, it } from 'vitest';
import { formatXmppUri, parseJabberFile, parseXmppUri } from './index';

const HEX64 = 'a364484c7c74a0d427b89d8a5613de8c2fc0179ea493392242348b0e597d9b06';
const TOKEN = 'Xq3_v9-KpL2sTe7wZbNc4RfA';

describe('contact links with OMEMO fingerprints: the query holds keys but no action, so they open the contact', () => {
  it('Conversations (XmppUri.java): omemo-sid-<device>=<hex> pairs joined by ";"', () => {
    expect(parseXmppUri(`xmpp:romeo@montague.example?omemo-sid-4133529726=${HEX64};omemo-sid-42=05${HEX64}`)).toStrictEqual({
      kind: 'open',
      jid: 'romeo@montague.example',
    });
  });

  it('Gajim (OMEMO plugin QR code): xmpp:{jid}?omemo-sid-{sid}={fingerprint}', () => {
    expect(parseXmppUri(`xmpp:juliet@capulet.example?omemo-sid-1234=${HEX64}`)).toStrictEqual({ kind: 'open', jid: 'juliet@capulet.example' });
  });

  it('Dino (OMEMO plugin QR code): xmpp:$(bare_jid)?omemo-sid-$(sid)=$(fingerprint)', () => {
    expect(parseXmppUri(`xmpp:Nurse@Capulet.Example?omemo-sid-1157939698=${HEX64}`)).toStrictEqual({ kind: 'open', jid: 'nurse@capulet.example' });
  });

  it('Monal (MLOmemoQrCodeView.m): later keys joined by "&" instead of ";"', () => {
    expect(parseXmppUri(`xmpp:tybalt@capulet.example?omemo-sid-1=${HEX64}&omemo-sid-2=${HEX64}`)).toStrictEqual({ kind: 'open', jid: 'tybalt@capulet.example' });
  });
});

describe('invitations (XEP-0401 easy onboarding, XEP-0379 pre-authenticated roster, XEP-0445 ibr-token)', () => {
  it('Prosody mod_invites, account invite (`prosodyctl mod_invites generate host`): ?register;preauth on the bare domain', () => {
    expect(parseXmppUri(`xmpp:capulet.example?register;preauth=${TOKEN}`)).toStrictEqual({ kind: 'register', jid: 'capulet.example', preauth: TOKEN });
  });

  it('Prosody mod_invites_adhoc, contact invite: ?roster;preauth, plus ;ibr=y when the invitee may create an account', () => {
    expect(parseXmppUri(`xmpp:juliet@capulet.example?roster;preauth=${TOKEN}`)).toStrictEqual({ kind: 'roster', jid: 'juliet@capulet.example', preauth: TOKEN });
    // ibr stays: it decides whether a person without an account may create one there (XEP-0401 §5.1).
    expect(parseXmppUri(`xmpp:juliet@capulet.example?roster;preauth=${TOKEN};ibr=y`)).toStrictEqual({
      kind: 'roster',
      jid: 'juliet@capulet.example',
      preauth: TOKEN,
      ibr: 'y',
    });
  });

  it('ejabberd mod_invites (token_uri): the same ?roster;preauth[;ibr=y] for contacts', () => {
    expect(parseXmppUri(`xmpp:romeo@montague.example?roster;preauth=${TOKEN};ibr=y`)).toStrictEqual({
      kind: 'roster',
      jid: 'romeo@montague.example',
      preauth: TOKEN,
      ibr: 'y',
    });
  });

  it('ejabberd mod_invites: an account invite names the domain, or the account name it reserves', () => {
    expect(parseXmppUri(`xmpp:montague.example?register;preauth=${TOKEN}`)).toStrictEqual({ kind: 'register', jid: 'montague.example', preauth: TOKEN });
    expect(parseXmppUri(`xmpp:benvolio@montague.example?register;preauth=${TOKEN}`)).toStrictEqual({
      kind: 'register',
      jid: 'benvolio@montague.example',
      preauth: TOKEN,
    });
  });
});

describe('the XEP examples, verbatim', () => {
  it('XEP-0401 §5.1: a contact invite that may also create an account', () => {
    const uri = 'xmpp:juliet@capulet.lit?roster;preauth=1tMFqYDdKhfe2pwp;ibr=y';
    const a = parseXmppUri(uri);
    expect(a).toStrictEqual({ kind: 'roster', jid: 'juliet@capulet.lit', preauth: '1tMFqYDdKhfe2pwp', ibr: 'y' });
    expect(formatXmppUri(a)).toBe(uri);
  });

  it('XEP-0401 §5.1: a contact invite without account creation', () => {
    expect(parseXmppUri('xmpp:juliet@capulet.lit?roster;preauth=1tMFqYDdKhfe2pwp')).toStrictEqual({
      kind: 'roster',
      jid: 'juliet@capulet.lit',
      preauth: '1tMFqYDdKhfe2pwp',
    });
  });

  it('XEP-0401 §5.2 / XEP-0445: an account invite on a bare server domain', () => {
    const uri = 'xmpp:capulet.lit?register;preauth=1tMFqYDdKhfe2pwp';
    const a = parseXmppUri(uri);
    expect(a).toStrictEqual({ kind: 'register', jid: 'capulet.lit', preauth: '1tMFqYDdKhfe2pwp' });
    expect(formatXmppUri(a)).toBe(uri);
  });

  it('XEP-0401: an account invite that reserves the account name', () => {
    expect(parseXmppUri('xmpp:romeo@capulet.lit?register;preauth=1tMFqYDdKhfe2pwp')).toStrictEqual({
      kind: 'register',
      jid: 'romeo@capulet.lit',
      preauth: '1tMFqYDdKhfe2pwp',
    });
  });
});

describe('rooms', () => {
  it('Converse.js (its README and DOAP link its room; its link template opens ?join links itself): ?join', () => {
    expect(parseXmppUri('xmpp:discuss@conference.conversejs.example?join')).toStrictEqual({ kind: 'join', jid: 'discuss@conference.conversejs.example' });
  });

  it('Conversations, Gajim, Dino and Monal share rooms the same way; XEP-0045 §15 adds a password', () => {
    expect(parseXmppUri('xmpp:coven@chat.shakespeare.example?join;password=cauldronburn')).toStrictEqual({
      kind: 'join',
      jid: 'coven@chat.shakespeare.example',
      password: 'cauldronburn',
    });
  });
});

describe('messages (XEP-0147 examples, form-encoded bodies from web pages)', () => {
  it('XEP-0147: subject and body %-encoded', () => {
    expect(parseXmppUri('xmpp:romeo@montague.example?message;subject=Test%20Message;body=Here%27s%20a%20test%20message')).toStrictEqual({
      kind: 'message',
      jid: 'romeo@montague.example',
      subject: 'Test Message',
      body: "Here's a test message",
    });
  });
});

describe('internationalized domains as other software writes them (RFC 7622 §3.2.1)', () => {
  const UNICODE = { kind: 'chat', jid: 'juliet@garçon.example' } as const;

  it('an A-label (what DNS tools and many servers print) is the same contact as the Unicode name', () => {
    expect(parseXmppUri('xmpp:juliet@xn--garon-0ra.example?message;type=chat')).toStrictEqual(UNICODE);
    expect(parseXmppUri('xmpp:juliet@garçon.example?message;type=chat')).toStrictEqual(UNICODE); // an IRI
    expect(parseXmppUri('xmpp:juliet@gar%C3%A7on.example?message;type=chat')).toStrictEqual(UNICODE); // RFC 5122 %-encoded UTF-8
  });

  it('a jabber file with an A-label', () => {
    expect(parseJabberFile("<jabber><chat jid='juliet@XN--GARON-0RA.example'/></jabber>")).toStrictEqual(UNICODE);
  });

  it('formatting writes one spelling, whichever was read', () => {
    const a = formatXmppUri(parseXmppUri('xmpp:juliet@xn--garon-0ra.example'));
    expect(a).toBe(formatXmppUri(parseXmppUri('xmpp:juliet@garçon.example')));
    expect(a).toBe('xmpp:juliet@gar%C3%A7on.example');
  });
});

describe('jabber files (XEP-0081) with a namespace prefix on the root', () => {
  it('<m:jabber xmlns:m="http://jabber.org/protocol/mimetype">', () => {
    const file = "<?xml version='1.0'?>\n<m:jabber xmlns:m='http://jabber.org/protocol/mimetype'>\n  <m:groupchat jid='jdev@conference.jabber.example'/>\n</m:jabber>\n";
    expect(parseJabberFile(file)).toStrictEqual({ kind: 'join', jid: 'jdev@conference.jabber.example' });
  });
});
