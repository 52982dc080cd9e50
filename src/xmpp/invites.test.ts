import type { Element } from '@xmpp/xml';
import parse from 'ltx/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { InviteError, createInvitation, inviteCommand, parseInvitation } from './invites.ts';

const el = (s: string) => parse(s) as unknown as Element;

// What Prosody 0.12 mod_invites_adhoc answers (XEP-0401 §6 / XEP-0050 §4).
const PROSODY = `<iq type='result' from='localhost' id='x'><command xmlns='http://jabber.org/protocol/commands' node='urn:xmpp:invite#invite' status='completed' sessionid='s1'>
  <x xmlns='jabber:x:data' type='result'>
    <field var='uri' type='text-single' label='Invite URI'><value>xmpp:alice@localhost?roster;preauth=TOKEN1;ibr=y</value></field>
    <field var='url' type='text-single' label='Invite landing URL'><value>https://localhost/invite?TOKEN1</value></field>
    <field var='expire' type='text-single' label='Token valid until'><value>2026-12-08T09:00:00Z</value></field>
  </x>
</command></iq>`;

describe('invitations (XEP-0050 urn:xmpp:invite#invite)', () => {
  it('runs the command at the user\'s own server', () => {
    expect(inviteCommand('capulet.lit').toString()).toBe(
      `<iq type="set" to="capulet.lit"><command xmlns="http://jabber.org/protocol/commands" node="urn:xmpp:invite#invite" action="execute"/></iq>`,
    );
  });

  it('reads the URI, the page and the expiry from Prosody\'s result', async () => {
    const session = { jid: 'alice@localhost/x', iq: async () => el(PROSODY) };
    expect(await createInvitation(session)).toEqual({
      uri: 'xmpp:alice@localhost?roster;preauth=TOKEN1;ibr=y',
      url: 'https://localhost/invite?TOKEN1',
      expires: '2026-12-08T09:00:00Z',
    });
  });

  it('takes XEP-0401\'s landing-url, and drops a page that is not https', () => {
    const c = (url: string, name = 'landing-url') =>
      el(`<command xmlns='http://jabber.org/protocol/commands'><x xmlns='jabber:x:data' type='result'><field var='uri'><value>xmpp:a@b?roster;preauth=T</value></field><field var='${name}'><value>${url}</value></field></x></command>`);
    expect(parseInvitation(c('https://b/i/T')).url).toBe('https://b/i/T');
    expect(parseInvitation(c('javascript:alert(1)')).url).toBeUndefined();
  });

  it('a server without the command: unsupported', async () => {
    const err = Object.assign(new Error('item-not-found'), { name: 'StanzaError', condition: 'item-not-found' });
    const session = { jid: 'alice@localhost/x', iq: async () => Promise.reject(err) };
    await expect(createInvitation(session)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(createInvitation(session)).rejects.toBeInstanceOf(InviteError);
  });
});
