import { describe, expect, it } from 'vitest';
import { parseXmppUri } from '../core/index.ts';
import { inviteRoute } from './invite-route.ts';

const TOKEN = '1tMFqYDdKhfe2pwp';
const none = { accounts: [] };
const elsewhere = { accounts: [{ id: 'a', jid: 'romeo@montague.lit' }] };
const there = { accounts: [{ id: 'a', jid: 'romeo@capulet.lit' }] };

describe('inviteRoute', () => {
  it('an account invite with no account on that server creates one, whatever other accounts exist', () => {
    const a = parseXmppUri(`xmpp:capulet.lit?register;preauth=${TOKEN}`);
    expect(inviteRoute(a, none)).toEqual({ create: { domain: 'capulet.lit', preauth: TOKEN }, ask: false });
    expect(inviteRoute(a, elsewhere)).toEqual({ create: { domain: 'capulet.lit', preauth: TOKEN }, ask: false });
  });

  it('an account invite that reserves a name fills it in', () => {
    const a = parseXmppUri(`xmpp:juliet@capulet.lit?register;preauth=${TOKEN}`);
    expect(inviteRoute(a, none)?.create.username).toBe('juliet');
  });

  it('an account on that server already: the usual view', () => {
    expect(inviteRoute(parseXmppUri(`xmpp:capulet.lit?register;preauth=${TOKEN}`), there)).toBeUndefined();
    expect(inviteRoute(parseXmppUri(`xmpp:juliet@capulet.lit?roster;preauth=${TOKEN};ibr=y`), there)).toBeUndefined();
  });

  it('a contact invite with ibr=y: create with no account, ask with one elsewhere', () => {
    const a = parseXmppUri(`xmpp:juliet@capulet.lit?roster;preauth=${TOKEN};ibr=y`);
    expect(inviteRoute(a, none)).toEqual({ create: { domain: 'capulet.lit', preauth: TOKEN, inviter: 'juliet@capulet.lit' }, ask: false });
    expect(inviteRoute(a, elsewhere)?.ask).toBe(true);
  });

  it('a contact invite without ibr, or a plain register link: the usual view', () => {
    expect(inviteRoute(parseXmppUri(`xmpp:juliet@capulet.lit?roster;preauth=${TOKEN}`), none)).toBeUndefined();
    expect(inviteRoute(parseXmppUri('xmpp:capulet.lit?register'), none)).toBeUndefined();
  });
});
