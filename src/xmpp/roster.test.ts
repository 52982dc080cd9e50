import { describe, expect, it } from 'vitest';
import {
  NS_ROSTER,
  addContact,
  isRosterPush,
  parseRoster,
  rosterGet,
  rosterGroups,
  rosterSet,
  subscribePresence,
  subscriptionAnswer,
  watchSubscription,
} from './roster.ts';
import type { Session } from './session.ts';
import { parseStanza } from './test-xml.ts';
import type { Element } from '@xmpp/xml';

const JULIET = 'juliet@example.com/balcony';

describe('roster builders', () => {
  it('builds the roster get of RFC 6121 §2.1.3', () => {
    const iq = rosterGet();
    expect(iq.attrs.type).toBe('get');
    expect(iq.getChild('query', NS_ROSTER)?.children).toEqual([]);
  });

  it('builds a roster set with name and group and no subscription attribute (RFC 6121 §2.1.5)', () => {
    const iq = rosterSet({ jid: 'nurse@example.com', name: 'Nurse', groups: ['Servants'] });
    expect(iq.attrs.type).toBe('set');
    const item = iq.getChild('query', NS_ROSTER)?.getChild('item');
    expect(item?.attrs).toEqual({ jid: 'nurse@example.com', name: 'Nurse' });
    expect(item?.getChildren('group').map((g) => g.text())).toEqual(['Servants']);
  });

  it('leaves out an empty name and blank or repeated groups', () => {
    const item = rosterSet({ jid: 'nurse@example.com', name: '  ', groups: ['', ' Servants ', 'Servants'] })
      .getChild('query', NS_ROSTER)
      ?.getChild('item');
    expect(item?.attrs.name).toBeUndefined();
    expect(item?.getChildren('group').map((g) => g.text())).toEqual(['Servants']);
  });

  it('sends the subscription request to the bare JID (RFC 6121 §3.1.1)', () => {
    expect(subscribePresence('Juliet@Example.com/balcony').toString()).toBe(`<presence type="subscribe" to="juliet@example.com"/>`);
  });

  it('carries a pre-auth token (XEP-0379 §3.2)', () => {
    expect(subscribePresence('juliet@example.com', '1tMFqYDdKhfe2pwp').toString()).toBe(
      `<presence type="subscribe" to="juliet@example.com"><preauth xmlns="urn:xmpp:pars:0" token="1tMFqYDdKhfe2pwp"/></presence>`,
    );
  });
});

describe('roster parsing', () => {
  // RFC 6121 §2.1.4, roster result
  const result = parseStanza(`
    <iq id='bv1bs71f' to='juliet@example.com/chamber' type='result'>
      <query xmlns='jabber:iq:roster' ver='ver11'>
        <item jid='romeo@example.net' name='Romeo' subscription='both'>
          <group>Friends</group>
        </item>
        <item jid='mercutio@example.com' name='Mercutio' subscription='from'/>
        <item jid='benvolio@example.net' name='Benvolio' subscription='both'/>
        <item jid='nurse@example.com' subscription='none' ask='subscribe'><group>Servants</group><group>Friends</group></item>
      </query>
    </iq>`);

  it('reads the items of RFC 6121 §2.1.4', () => {
    const items = parseRoster(result);
    expect(items).toEqual([
      { jid: 'romeo@example.net', name: 'Romeo', subscription: 'both', pending: false, groups: ['Friends'] },
      { jid: 'mercutio@example.com', name: 'Mercutio', subscription: 'from', pending: false, groups: [] },
      { jid: 'benvolio@example.net', name: 'Benvolio', subscription: 'both', pending: false, groups: [] },
      { jid: 'nurse@example.com', subscription: 'none', pending: true, groups: ['Servants', 'Friends'] },
    ]);
  });

  it('lists every group once, sorted', () => {
    expect(rosterGroups(parseRoster(result))).toEqual(['Friends', 'Servants']);
  });

  it('gives an empty roster for an empty result (RFC 6121 §2.6.3 roster versioning)', () => {
    expect(parseRoster(parseStanza(`<iq id='r1' type='result'/>`))).toEqual([]);
  });
});

describe('roster pushes and subscription answers', () => {
  // RFC 6121 §2.1.6
  const push = parseStanza(`
    <iq id='a78b4q6ha463' to='juliet@example.com/chamber' type='set'>
      <query xmlns='jabber:iq:roster'>
        <item jid='romeo@example.net' subscription='to'/>
      </query>
    </iq>`);

  it('accepts pushes without from or from our bare JID, and rejects spoofed ones', () => {
    expect(isRosterPush(push, JULIET)).toBe(true);
    const own = parseStanza(`<iq id='p' from='juliet@example.com' type='set'><query xmlns='jabber:iq:roster'/></iq>`);
    expect(isRosterPush(own, JULIET)).toBe(true);
    const spoof = parseStanza(`<iq id='p' from='romeo@example.net' type='set'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' subscription='both'/></query></iq>`);
    expect(isRosterPush(spoof, JULIET)).toBe(false);
    expect(subscriptionAnswer(spoof, 'romeo@example.net', JULIET)).toBeUndefined();
  });

  it('sees approval in the contact\'s subscribed presence (RFC 6121 §3.1.5)', () => {
    const subscribed = parseStanza(`<presence from='romeo@example.net' id='xk3h1v69' to='juliet@example.com' type='subscribed'/>`);
    expect(subscriptionAnswer(subscribed, 'romeo@example.net', JULIET)).toBe('approved');
    expect(subscriptionAnswer(subscribed, 'mercutio@example.com', JULIET)).toBeUndefined();
  });

  it('sees approval in a roster push with subscription "to"', () => {
    expect(subscriptionAnswer(push, 'romeo@example.net', JULIET)).toBe('approved');
  });

  it('does not take a pending push (none + ask) for an answer', () => {
    const pending = parseStanza(`<iq id='b89c5r7ib574' type='set'><query xmlns='jabber:iq:roster'><item ask='subscribe' jid='romeo@example.net' subscription='none'/></query></iq>`);
    expect(subscriptionAnswer(pending, 'romeo@example.net', JULIET)).toBeUndefined();
  });

  it('sees a refusal in unsubscribed presence (RFC 6121 §3.1.6)', () => {
    const refused = parseStanza(`<presence from='romeo@example.net' id='xk3h1v69' to='juliet@example.com' type='unsubscribed'/>`);
    expect(subscriptionAnswer(refused, 'romeo@example.net', JULIET)).toBe('declined');
  });

  it('ignores ordinary presence from the contact', () => {
    expect(subscriptionAnswer(parseStanza(`<presence from='romeo@example.net/orchard'/>`), 'romeo@example.net', JULIET)).toBeUndefined();
  });
});

/** A Session stand-in that records what is sent and lets a test deliver stanzas. */
function fakeSession(
  answer: (iq: Element) => Element = (iq) => parseStanza(`<iq type='result' id='${iq.attrs.id ?? 'x'}'/>`),
  preApproval = true,
) {
  const sent: string[] = [];
  const listeners = new Set<(s: Element) => void>();
  const session = {
    jid: JULIET,
    client: {} as Session['client'],
    preApproval,
    send: async (s: Element) => void sent.push(s.toString()),
    iq: async (s: Element) => {
      sent.push(s.toString());
      return answer(s);
    },
    onStanza(fn: (s: Element) => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  } as unknown as Session;
  return { session, sent, deliver: (s: Element) => {
    for (const fn of [...listeners]) fn(s);
  }, listeners };
}

describe('addContact and watchSubscription', () => {
  it('sets the roster item before it asks for a subscription (XEP-0081, RFC 6121 §3.1.1)', async () => {
    const { session, sent } = fakeSession();
    await addContact(session, { jid: 'romeo@example.net', name: 'Romeo', group: 'Friends' });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain(`<item jid="romeo@example.net" name="Romeo"><group>Friends</group></item>`);
    expect(sent[1]).toBe(`<presence type="subscribe" to="romeo@example.net"/>`);
  });

  it('with an invite token, pre-approves the inviter (RFC 6121 §3.4) and asks with the token (XEP-0379)', async () => {
    const { session, sent } = fakeSession();
    await addContact(session, { jid: 'juliet@capulet.lit', preauth: '1tMFqYDdKhfe2pwp' });
    expect(sent.slice(1)).toEqual([
      `<presence type="subscribed" to="juliet@capulet.lit"/>`,
      `<presence type="subscribe" to="juliet@capulet.lit"><preauth xmlns="urn:xmpp:pars:0" token="1tMFqYDdKhfe2pwp"/></presence>`,
    ]);
  });

  it('with an invite token on a server without pre-approvals, only asks (RFC 6121 §3.4.1: MUST NOT pre-approve)', async () => {
    const { session, sent } = fakeSession(undefined, false);
    await addContact(session, { jid: 'juliet@capulet.lit', preauth: '1tMFqYDdKhfe2pwp' });
    expect(sent.slice(1)).toEqual([
      `<presence type="subscribe" to="juliet@capulet.lit"><preauth xmlns="urn:xmpp:pars:0" token="1tMFqYDdKhfe2pwp"/></presence>`,
    ]);
  });

  it('sees a refusal in the roster when no presence comes: the pending request dropped (ejabberd)', () => {
    const { session, deliver } = fakeSession();
    const answers: string[] = [];
    watchSubscription(session, 'romeo@example.net', (a) => answers.push(a));
    const push = (attrs: string) => parseStanza(`<iq type='set' id='p'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' ${attrs}/></query></iq>`);
    // The push our own roster set causes comes before the request: not an answer.
    deliver(push("subscription='none' name='Romeo'"));
    expect(answers).toEqual([]);
    deliver(push("subscription='none' ask='subscribe'"));
    expect(answers).toEqual([]);
    deliver(push("subscription='none'"));
    expect(answers).toEqual(['declined']);
  });

  it('does not take a roster removal, or a push for someone else, for a refusal', () => {
    const { session, deliver } = fakeSession();
    const answers: string[] = [];
    watchSubscription(session, 'romeo@example.net', (a) => answers.push(a));
    deliver(parseStanza(`<iq type='set' id='p'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' subscription='none' ask='subscribe'/></query></iq>`));
    deliver(parseStanza(`<iq type='set' id='q'><query xmlns='jabber:iq:roster'><item jid='mercutio@example.com' subscription='none'/></query></iq>`));
    deliver(parseStanza(`<iq type='set' id='r'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' subscription='remove'/></query></iq>`));
    expect(answers).toEqual([]);
    deliver(parseStanza(`<iq type='set' id='s'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' subscription='to'/></query></iq>`));
    expect(answers).toEqual(['approved']);
  });

  it('reports the answer once and then stops listening', () => {
    const { session, deliver, listeners } = fakeSession();
    const answers: string[] = [];
    watchSubscription(session, 'romeo@example.net', (a) => answers.push(a));
    deliver(parseStanza(`<presence from='romeo@example.net' type='subscribed'/>`));
    deliver(parseStanza(`<presence from='romeo@example.net' type='unsubscribed'/>`));
    expect(answers).toEqual(['approved']);
    expect(listeners.size).toBe(0);
  });
});
