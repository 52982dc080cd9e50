import { EventEmitter } from 'node:events';
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { bareJid, buildMessage, directedPresence, parseMessage, sendAcked } from './message.ts';
import type { Session } from './session.ts';

/** A session whose server acks with `<a h>` after `ackDelay` ms (or never when null). */
function fakeSession(sm: boolean, ackDelay: number | null = 5) {
  const client = new EventEmitter() as EventEmitter & { send(el: Element): Promise<void> };
  const written: Element[] = [];
  let received = 0;
  const closed = new Set<(e?: Error) => void>();
  client.send = async (el) => {
    written.push(el);
    client.emit('send', el);
    if (['message', 'presence', 'iq'].includes(el.name)) received++;
    if (el.name === 'r' && ackDelay !== null) {
      const h = received;
      setTimeout(() => client.emit('nonza', xml('a', { xmlns: 'urn:xmpp:sm:3', h: String(h) })), ackDelay);
    }
  };
  const session = {
    jid: 'alice@localhost/x',
    client,
    streamManagement: sm,
    send: (el: Element) => client.send(el),
    onClosed(fn: (e?: Error) => void) {
      closed.add(fn);
      return () => closed.delete(fn);
    },
  } as unknown as Session;
  const close = () => {
    for (const fn of closed) fn();
  };
  return { session, written, close };
}

describe('buildMessage', () => {
  it('builds a normal message with subject, body, thread and an id', () => {
    const m = buildMessage({ to: 'bob@localhost', type: 'normal', subject: 'Hi', body: 'Hello', thread: 't1' });
    expect(m.attrs).toMatchObject({ type: 'normal', to: 'bob@localhost' });
    expect(m.attrs.id).toMatch(/^[0-9a-f]{18}$/);
    expect(m.getChildText('subject')).toBe('Hi');
    expect(m.getChildText('body')).toBe('Hello');
    expect(m.getChildText('thread')).toBe('t1');
  });
  it('leaves out an empty subject and thread, and keeps markup as text', () => {
    const m = buildMessage({ to: 'bob@localhost', type: 'chat', body: '<b>&amp;</b>', subject: '' });
    expect(m.getChild('subject')).toBeUndefined();
    expect(m.getChild('thread')).toBeUndefined();
    expect(m.toString()).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
  });
});

describe('parseMessage', () => {
  it('reads a chat reply from a full JID and matches it by bare JID', () => {
    const s = xml('message', { from: 'Bob@LocalHost/phone', type: 'chat', id: 'x' }, xml('body', {}, 'hi there'));
    expect(parseMessage(s)).toEqual({ from: 'Bob@LocalHost/phone', fromBare: 'bob@localhost', type: 'chat', body: 'hi there', id: 'x' });
  });
  it('ignores chat states without a body, presence and messages without from', () => {
    expect(parseMessage(xml('message', { from: 'b@l/r', type: 'chat' }, xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' })))).toBeUndefined();
    expect(parseMessage(xml('presence', { from: 'b@l/r' }))).toBeUndefined();
    expect(parseMessage(xml('message', {}, xml('body', {}, 'x')))).toBeUndefined();
  });
  it('reports an error bounce with its condition', () => {
    const s = xml('message', { from: 'nobody@localhost', type: 'error' }, xml('error', { type: 'cancel' }, xml('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })));
    expect(parseMessage(s)?.error).toBe('service-unavailable');
  });
  it('bareJid drops the resource and lower-cases', () => {
    expect(bareJid('Juliet@Capulet.example/balcony/x')).toBe('juliet@capulet.example');
  });
});

describe('sendAcked', () => {
  it('without stream management resolves once written, with no <r/>', async () => {
    const f = fakeSession(false);
    await sendAcked(f.session, buildMessage({ to: 'b@l', type: 'normal', body: 'x' }));
    expect(f.written.map((e) => e.name)).toEqual(['message']);
  });
  it('with stream management asks with <r/> and waits for the <a h> that covers the stanza', async () => {
    const f = fakeSession(true, 30);
    const t0 = Date.now();
    await sendAcked(f.session, xml('presence', {}));
    await sendAcked(f.session, buildMessage({ to: 'b@l', type: 'normal', body: 'x' }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    expect(f.written.map((e) => e.name)).toEqual(['presence', 'r', 'message', 'r']);
  });
  it('rejects when the stream closes before the ack, without sending again', async () => {
    const f = fakeSession(true, null);
    const p = sendAcked(f.session, buildMessage({ to: 'b@l', type: 'normal', body: 'x' }));
    setTimeout(f.close, 10);
    await expect(p).rejects.toThrow(/closed/);
    expect(f.written.filter((e) => e.name === 'message')).toHaveLength(1);
  });
  it('rejects after the timeout when no ack comes', async () => {
    const f = fakeSession(true, null);
    await expect(sendAcked(f.session, xml('message', { to: 'b@l' }), 50)).rejects.toThrow(/did not confirm/);
  });
});

describe('directedPresence', () => {
  it('goes to the one contact with priority -1 (RFC 6121 §4.6, §4.7.2.3), never without a to', () => {
    const p = directedPresence('bob@localhost');
    expect(p.toString()).toBe("<presence to=\"bob@localhost\"><priority>-1</priority></presence>");
    expect(p.attrs.type).toBeUndefined();
  });
});
