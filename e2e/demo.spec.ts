// Keeps the README's `npm start` true: the demo comes up with its accounts, its bot and a page
// that has a link for every action the extension knows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLinks, startDemo, type Demo } from '../scripts/demo.ts';
import { connectPeer } from './fixtures/xmpp-peer.ts';

const KINDS = ['message', 'chat', 'subscribe', 'roster', 'join', 'invite', 'register', 'unsubscribe', 'remove', 'unregister'];

describe('demo', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => demo?.stop());

  it('serves a page with a link for every action, and the jabber files with their type', async () => {
    const html = await (await fetch(demo.pageUrl)).text();
    for (const l of demoLinks()) expect(html).toContain(l.href.replace(/&/g, '&amp;'));
    const hrefs = demoLinks().map((l) => l.href);
    for (const kind of KINDS) expect(hrefs.some((h) => h.includes(`?${kind}`) || h.includes(`/${kind}.xmpp`) || (kind === 'chat' && h.includes('type=chat')) || (kind === 'join' && h.includes('groupchat')))).toBe(true);
    const res = await fetch(`${demo.http.origin}/files/chat.xmpp`);
    expect(res.headers.get('content-type')).toBe('application/jabber+xml');
  });

  it('has alice able to sign in, and the bob bot answering chats', async () => {
    const alice = await connectPeer({ wsUrl: demo.prosody.wsUrl, username: 'alice@localhost', password: 'alice-demo' });
    try {
      const since = alice.mark();
      await alice.sendMessage('bob@localhost', 'ping');
      const reply = await alice.waitFor((s) => s.is('message') && (s.getChildText('body') ?? '').includes('ping'), 10_000, { since });
      expect(reply.getChildText('body')).toBe('bob-bot heard: ping');
    } finally {
      await alice.stop();
    }
  });
});
