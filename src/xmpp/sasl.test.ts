import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { SessionError } from './errors.ts';
import { type SaslEntity, type Secret, authenticate, chooseMechanism } from './sasl.ts';
import { isSecureEndpoint } from './session.ts';

const pw: Secret = { kind: 'password', password: 'x' };
const keys: Secret = { kind: 'scram-keys', mechanism: 'SCRAM-SHA-1', clientKey: '', serverKey: '', salt: '', iterations: 4096 };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SessionError);
    return (e as SessionError).code;
  }
  return undefined;
}

describe('mechanism choice', () => {
  it('prefers SCRAM-SHA-256, then SCRAM-SHA-1, then PLAIN', () => {
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256'], pw, true)).toBe('SCRAM-SHA-256');
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-1'], pw, false)).toBe('SCRAM-SHA-1');
    expect(chooseMechanism(['PLAIN'], pw, true)).toBe('PLAIN');
  });
  it('refuses PLAIN over an insecure transport', () => {
    expect(codeOf(() => chooseMechanism(['PLAIN'], pw, false))).toBe('insecure-plain');
  });
  it('uses stored keys only with their own mechanism', () => {
    expect(chooseMechanism(['SCRAM-SHA-256', 'SCRAM-SHA-1'], keys, false)).toBe('SCRAM-SHA-1');
    expect(codeOf(() => chooseMechanism(['SCRAM-SHA-256', 'PLAIN'], keys, true))).toBe('password-needed');
  });
  it('refuses a server with no known mechanism', () => {
    expect(codeOf(() => chooseMechanism(['EXTERNAL'], pw, true))).toBe('refused');
  });
});

describe('secure endpoints for PLAIN', () => {
  it('accepts wss: anywhere and ws: only on local hosts', () => {
    expect(isSecureEndpoint('wss://example.org/ws')).toBe(true);
    expect(isSecureEndpoint('ws://localhost:5280/ws')).toBe(true);
    expect(isSecureEndpoint('ws://127.0.0.1:5280/ws')).toBe(true);
    expect(isSecureEndpoint('ws://chat.test/ws')).toBe(true);
    expect(isSecureEndpoint('ws://example.org/ws')).toBe(false);
    expect(isSecureEndpoint('nonsense')).toBe(false);
  });
  it('does not take a look-alike of a local name or address for a local host', () => {
    expect(isSecureEndpoint('ws://[::1]:5280/ws')).toBe(true);
    expect(isSecureEndpoint('ws://localhost.example.org/ws')).toBe(false);
    expect(isSecureEndpoint('ws://127.0.0.1.example.org/ws')).toBe(false);
    expect(isSecureEndpoint('ws://user@example.org/ws')).toBe(false);
    expect(isSecureEndpoint('ws://10.0.0.1:5280/ws')).toBe(false);
    expect(isSecureEndpoint('http://localhost:5280/ws')).toBe(false);
  });
  it('never sends a PLAIN password to a PLAIN-only server over ws: to a non-local host', async () => {
    const sent: Element[] = [];
    const entity: SaslEntity = {
      send: async (el) => void sent.push(el),
      on: () => undefined,
      removeListener: () => undefined,
    };
    const attempt = authenticate(entity, ['PLAIN'], {
      username: 'juliet',
      secret: { kind: 'password', password: 'r0m30' },
      secure: isSecureEndpoint('ws://xmpp.example.org:5280/xmpp-websocket'),
    });
    await expect(attempt).rejects.toMatchObject({ code: 'insecure-plain' });
    expect(sent).toEqual([]);
  });
});
