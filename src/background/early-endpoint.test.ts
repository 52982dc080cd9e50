import { describe, expect, it, vi } from 'vitest';
import type { ActionRequest } from '../shared/request.ts';

vi.mock('../shared/browser.ts', () => ({ browser: {} }));
const { endpointFor } = await import('./early-endpoint.ts');

const WS = 'wss://chat.example/xmpp-websocket';
const req = (account?: string): ActionRequest => ({
  id: 'r',
  origin: 'https://site.example',
  source: 'link',
  raw: 'xmpp:bob@example.org?message',
  createdAt: 0,
  action: { kind: 'message', jid: 'bob@example.org', ...(account ? { account } : {}) } as ActionRequest['action'],
});
const accounts = {
  accounts: [
    { id: 'a', jid: 'alice@chat.example', websocketUrl: WS },
    { id: 'b', jid: 'bea@other.example', websocketUrl: 'ws://127.0.0.1:5280/xmpp-websocket' },
    { id: 'c', jid: 'cy@discover.example' },
    { id: 'd', jid: 'di@found.example', discoveredUrl: 'wss://found.example/ws' },
  ],
  defaultId: 'a',
};
const key = { kind: 'scram-keys' };

describe('endpointFor', () => {
  it("names the default account's endpoint when its secret is stored (local or session)", () => {
    expect(endpointFor(req(), { accounts, 'secret:a': key }, {})).toBe(WS);
    expect(endpointFor(req(), { accounts }, { 'secret:a': { kind: 'password', password: 'x' } })).toBe(WS);
  });
  it("follows the URI's authority to the account it names", () => {
    expect(endpointFor(req('bea@other.example'), { accounts, 'secret:b': key }, {})).toBe('ws://127.0.0.1:5280/xmpp-websocket');
  });
  it('names none without a secret, without an endpoint (discovery), without accounts, or for an error request', () => {
    expect(endpointFor(req(), { accounts }, {})).toBeUndefined();
    expect(endpointFor(req('cy@discover.example'), { accounts, 'secret:c': key }, {})).toBeUndefined();
    expect(endpointFor(req(), {}, {})).toBeUndefined();
    const { action: _, ...bad } = req();
    expect(endpointFor({ ...bad, error: { code: 'x', message: 'x' } }, { accounts, 'secret:a': key }, {})).toBeUndefined();
  });
  it('names the endpoint discovery found when the account was saved', () => {
    expect(endpointFor(req('di@found.example'), { accounts, 'secret:d': key }, {})).toBe('wss://found.example/ws');
  });
  it('never names a non-WebSocket URL', () => {
    const odd = { accounts: [{ id: 'a', jid: 'alice@chat.example', websocketUrl: 'https://chat.example/' }] };
    expect(endpointFor(req(), { accounts: odd, 'secret:a': key }, {})).toBeUndefined();
  });
});
