import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const locale = (name: string) => JSON.parse(readFileSync(`public/_locales/${name}/messages.json`, 'utf8')) as Record<string, { message: string }>;
const en = locale('en');
vi.mock('../shared/browser.ts', () => ({
  browser: { i18n: { getMessage: (key: string, subs: string[]) => en[key]?.message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '') ?? '' } },
}));
const { SEND, explain, linkErrorText } = await import('./explain.ts');
const { JOIN } = await import('./phrases/join.ts');
const { REGISTER, UNREGISTER } = await import('./phrases/register.ts');
const { ROSTER } = await import('./phrases/roster.ts');
const { SessionError, XmppError } = await import('../xmpp/errors.ts');
const { MucError } = await import('../xmpp/muc.ts');
const { RegisterError } = await import('../xmpp/register.ts');
const { NotConfirmedError } = await import('../xmpp/stream-management.ts');
const { ParseError } = await import('../core/errors.ts');

const stanzaError = (condition: string, text?: string) => Object.assign(new Error(condition), { name: 'StanzaError', condition, ...(text ? { text } : {}) });
const timeout = () => Object.assign(new Error('timed out'), { name: 'TimeoutError' });

describe('explain', () => {
  it('names the account and the raw reason of a sign-in failure', () => {
    const e = explain(new SessionError('server-unproven', 'no proof', 'bad-signature'), undefined, 'alice@example.org');
    expect(e.text).toBe(en.action_errServerUnproven!.message.replace('$1', 'alice@example.org'));
    expect(e.detail).toBe('server-unproven (bad-signature): no proof');
    expect(e.canRetry).toBe(true);
  });

  it('names the domain when no WebSocket endpoint is announced', () => {
    expect(explain(new SessionError('no-websocket-endpoint', 'none'), undefined, 'bob@nows.example').text).toContain('nows.example announces no WebSocket endpoint');
  });

  it('leaves sign-in problems to the connection panel while sending or registering', () => {
    const err = new SessionError('unreachable', 'down');
    expect(explain(err, SEND)).toMatchObject({ text: en.action_notSentSignIn!.message, canRetry: false });
    expect(explain(err, REGISTER)).toMatchObject({ text: en.register_errSignIn!.message, canRetry: false });
    // Elsewhere a sign-in failure is itself the sentence.
    expect(explain(err, JOIN).text).toBe(en.action_errUnreachable!.message);
  });

  it('reads the same condition per job (its phrasebook)', () => {
    expect(explain(new MucError('forbidden', 'forbidden'), JOIN).text).toBe(en.join_errBanned!.message);
    expect(explain(stanzaError('forbidden'), ROSTER).text).toBe(en.subscribe_errForbidden!.message);
    expect(explain(new RegisterError('forbidden', 'no'), REGISTER).text).toBe(en.register_errForbidden!.message);
    expect(explain(new RegisterError('forbidden', 'no'), UNREGISTER).text).toBe(en.confirm_errUnregisterRefused!.message);
  });

  it('falls back per job: an unknown code of the job, anything else', () => {
    expect(explain(new MucError('other', 'gone'), JOIN)).toMatchObject({ text: en.join_errOther!.message, detail: 'gone' });
    expect(explain(new Error('boom'), JOIN)).toMatchObject({ text: en.action_errOther!.message, detail: 'boom' });
    expect(explain(stanzaError('bad-request', 'why'), ROSTER)).toMatchObject({ text: en.subscribe_errServer!.message, detail: 'bad-request: why' });
    expect(explain(new RegisterError('failed', 'x'), UNREGISTER).text).toBe(en.subscribe_errServer!.message);
    expect(explain(new Error('boom'), REGISTER).text).toBe(en.register_errFailed!.message);
    expect(explain(new Error('boom')).text).toBe(en.action_errOther!.message);
  });

  it('turns a timeout into the job’s own sentence', () => {
    expect(explain(timeout(), ROSTER).text).toBe(en.action_errTimeout!.message);
    expect(explain(timeout(), JOIN).text).toBe(en.join_errTimeout!.message);
    expect(explain(timeout(), UNREGISTER).text).toBe(en.register_errTimeout!.message);
  });

  it('says a message was not confirmed, and allows another try', () => {
    expect(explain(new NotConfirmedError('dropped'), SEND)).toMatchObject({ text: en.action_notConfirmed!.message, canRetry: true });
  });

  it('explains parse errors, thrown or as plain objects, by their code', () => {
    expect(explain(new ParseError('bad_percent_encoding' as never, 'Bad %zz')).text).toBe(en.linkErr_bad_percent_encoding!.message);
    expect(linkErrorText('fetch-failed')).toBe(en.linkErr_fetch_failed!.message);
    expect(linkErrorText('no-such-code')).toBe(en.linkErr_internal!.message);
  });

  it('passes an XmppError of another job through as that job', () => {
    expect(explain(new XmppError('muc', 'conflict', 'taken'), ROSTER).text).toBe(en.action_errOther!.message);
  });
});

describe('explain’s sentences', () => {
  const source = ['explain.ts', 'phrases/join.ts', 'phrases/register.ts', 'phrases/roster.ts'].map((f) => readFileSync(`src/popup/${f}`, 'utf8')).join('\n');
  const keys = [...new Set([...source.matchAll(/'((?:action|join|register|subscribe|confirm)_\w+)'/g)].map((m) => m[1]!))];
  for (const name of ['en', 'zh_CN']) {
    it(`all exist in ${name}`, () => {
      const messages = locale(name);
      expect(keys.length).toBeGreaterThan(30);
      expect(keys.filter((k) => !messages[k])).toEqual([]);
    });
  }
});
