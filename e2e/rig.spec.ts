import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Prosody, startProsody } from './fixtures/prosody.ts';
import { bare, connectPeer } from './fixtures/xmpp-peer.ts';

describe('prosody + node peers', () => {
  let prosody: Prosody;
  beforeAll(async () => {
    prosody = await startProsody({
      users: [
        { user: 'alice', password: 'alice-pw' },
        { user: 'bob', password: 'bob-pw' },
      ],
    });
  });
  afterAll(() => prosody?.stop());

  test('two peers log in over WebSocket and exchange a chat message', async () => {
    const alice = await connectPeer({ wsUrl: prosody.wsUrl, username: 'alice', password: 'alice-pw', domain: prosody.domain });
    const bob = await connectPeer({ wsUrl: prosody.wsUrl, username: 'bob', password: 'bob-pw', domain: prosody.domain });
    try {
      expect(bare(alice.jid)).toBe('alice@localhost');
      await alice.sendMessage('bob@localhost', 'hello bob');
      const message = await bob.waitFor((s) => s.is('message') && s.getChildText('body') === 'hello bob', 5000);
      expect(bare(message.attrs.from)).toBe('alice@localhost');
      expect(message.attrs.type).toBe('chat');
      expect(alice.errors).toEqual([]);
      expect(bob.errors).toEqual([]);
    } finally {
      await Promise.all([alice.stop(), bob.stop()]);
    }
  });
});
