import { describe, expect, it } from 'vitest';
import { chatStateMessage, chatStateOf } from './chat-states.ts';
import { correctsId } from './corrections.ts';
import { acknowledgedId } from './receipts.ts';
import { parseStanza } from './test-xml.ts';

describe('chat states (XEP-0085)', () => {
  it('reads a standalone composing notification (§5.2 example)', () => {
    const s = parseStanza(`<message from='bernardo@shakespeare.lit/pda' to='francisco@shakespeare.lit' type='chat'>
      <composing xmlns='http://jabber.org/protocol/chatstates'/></message>`);
    expect(chatStateOf(s)).toBe('composing');
  });
  it('reads active on a message with a body, and nothing on an error', () => {
    expect(chatStateOf(parseStanza(`<message type='chat'><body>Hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`))).toBe('active');
    expect(chatStateOf(parseStanza(`<message type='error'><paused xmlns='http://jabber.org/protocol/chatstates'/></message>`))).toBeUndefined();
    expect(chatStateOf(parseStanza(`<message type='chat'><body>Hi</body></message>`))).toBeUndefined();
  });
  it('sends paused without a body, not to be stored', () => {
    const m = chatStateMessage('bob@localhost', 'paused');
    expect(m.attrs).toMatchObject({ to: 'bob@localhost', type: 'chat' });
    expect(m.getChild('paused', 'http://jabber.org/protocol/chatstates')).toBeDefined();
    expect(m.getChild('no-store', 'urn:xmpp:hints')).toBeDefined();
    expect(m.getChild('body')).toBeUndefined();
  });
});

describe('receipts (XEP-0184) and markers (XEP-0333)', () => {
  it('a receipt names the message it acknowledges (XEP-0184 §5 example 2)', () => {
    const s = parseStanza(`<message from='kingrichard@royalty.england.lit/throne' id='bi29sg183b4v' to='northumberland@shakespeare.lit/westminster'>
      <received xmlns='urn:xmpp:receipts' id='richard2-4.1.247'/></message>`);
    expect(acknowledgedId(s)).toBe('richard2-4.1.247');
  });
  it('a displayed marker does too (XEP-0333 example 3)', () => {
    const s = parseStanza(`<message from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony' type='chat'>
      <displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/></message>`);
    expect(acknowledgedId(s)).toBe('message-1');
  });
  it('a receipt request is not a receipt', () => {
    expect(acknowledgedId(parseStanza(`<message id='x'><body>b</body><request xmlns='urn:xmpp:receipts'/></message>`))).toBeUndefined();
  });
});

describe('corrections (XEP-0308)', () => {
  it('names the corrected message (§3 example 2)', () => {
    const s = parseStanza(`<message to='juliet@capulet.net/balcony' id='good1'>
      <body>But soft, what light through yonder window breaks?</body>
      <replace id='bad1' xmlns='urn:xmpp:message-correct:0'/></message>`);
    expect(correctsId(s)).toBe('bad1');
    expect(correctsId(parseStanza(`<message id='a'><body>x</body></message>`))).toBeUndefined();
  });
});
