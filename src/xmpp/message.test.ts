import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { buildMessage, parseMessage } from './message.ts';

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
});
