import { beforeEach, describe, expect, it, vi } from 'vitest';

const areas = vi.hoisted(() => ({ local: {} as Record<string, unknown>, session: {} as Record<string, unknown> }));
const area = (name: 'local' | 'session') => ({
  get: async (k: string) => ({ [k]: areas[name][k] }),
  set: async (o: Record<string, unknown>) => Object.assign(areas[name], o),
  remove: async (k: string) => delete areas[name][k],
});
vi.mock('./browser.ts', () => ({ browser: { storage: { local: area('local'), session: area('session') } } }));
const { credentialStore } = await import('./credentials.ts');

const KEYS = { kind: 'scram-keys', mechanism: 'SCRAM-SHA-256', clientKey: 'a', serverKey: 'b', salt: 'c', iterations: 4096 } as const;

beforeEach(() => {
  areas.local = {};
  areas.session = {};
});

describe('credentialStore', () => {
  it('keeps the keys a sign-in derived, in storage.local, instead of the typed password', async () => {
    await credentialStore('a', 'pw').save(KEYS);
    expect(areas).toEqual({ local: { 'secret:a': KEYS }, session: {} });
  });

  it('on a server whose salt changes: no keys; a typed password is kept for the browser session only', async () => {
    await credentialStore('a', 'pw', undefined, false).save(KEYS);
    expect(areas).toEqual({ local: {}, session: { 'secret:a': { kind: 'password', password: 'pw' } } });
  });

  it('on such a server a remembered password stays where it is (nothing typed, nothing written)', async () => {
    areas.local['secret:a'] = { kind: 'password', password: 'kept' };
    const store = credentialStore('a', undefined, undefined, false);
    expect(await store.get()).toEqual({ kind: 'password', password: 'kept' });
    await store.save(KEYS);
    expect(areas).toEqual({ local: { 'secret:a': { kind: 'password', password: 'kept' } }, session: {} });
  });
});
